import "server-only";
import {
  DEFAULT_GITOPS_PATHS,
  kustomizationPath,
  platformCnpPath,
  type GitOpsPaths,
} from "@/lib/gitops/repo-paths";
import { HOMELAB_NAMESPACES, type NamespaceSpec } from "../scenario/homelab-catalog";
import { declaredLabels } from "../scenario/namespace-objects";
import { platformPolicies } from "../scenario/platform-policies";
import { cnpFileText } from "./cnp-file";
import { kustomizationFileText } from "./kustomization-file";
import { namespacesFileText, type NamespaceEntry } from "./namespaces-file";

// The files of the demo's GitOps repository, written from the same scenario as the demo cluster's
// objects: what Flux would have applied to make that cluster (so not the escape hatch, which is
// a kubectl label).

const FLUX_SYNC = `# Flux's own sync: this repository, reconciled from clusters/homelab.
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m
  ref:
    branch: main
  url: ssh://git@git.lab.example.net/homelab/gitops
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 10m
  path: ./clusters/homelab
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
`;

function fluxKustomization(name: string, path: string): string {
  return `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: flux-system
spec:
  interval: 10m
  path: ./${path}
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
`;
}

function folderOf(path: string): string {
  return path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : ".";
}

/** The folder the namespaces file lives in: what the platform Kustomization builds. */
function platformRoot(paths: GitOpsPaths): string {
  return folderOf(paths.namespacesFile);
}

function platformKustomization(paths: GitOpsPaths): string {
  const root = platformRoot(paths);
  const relative = (path: string) => (path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path);
  return [
    "apiVersion: kustomize.config.k8s.io/v1beta1",
    "kind: Kustomization",
    "resources:",
    `  - ${relative(paths.namespacesFile)}`,
    `  - ${relative(paths.platformCnpDir)}`,
    "",
  ].join("\n");
}

function entry(spec: NamespaceSpec): NamespaceEntry {
  return { name: spec.name, labels: declaredLabels(spec), purpose: spec.purpose };
}

/** Repository path → content. */
export function homelabGitOpsFiles(
  now: number,
  paths: GitOpsPaths = DEFAULT_GITOPS_PATHS,
  namespaces: readonly NamespaceSpec[] = HOMELAB_NAMESPACES,
): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    "README.md",
    [
      "# homelab/gitops",
      "",
      "The demo homelab's GitOps repository, served by Sieve's demo forge. Flux reconciles",
      "`clusters/homelab/`; its `platform` Kustomization builds `kubernetes/platform/`. Namespace labels",
      `live in \`${paths.namespacesFile}\` (a Flux Operator ResourceSet); each platform namespace's`,
      `CiliumNetworkPolicy lives in \`${paths.platformCnpDir}/\` and is listed in that folder's`,
      "`kustomization.yaml`.",
      "",
    ].join("\n"),
  );
  files.set("clusters/homelab/flux-system/gotk-sync.yaml", FLUX_SYNC);
  files.set("clusters/homelab/platform.yaml", fluxKustomization("platform", platformRoot(paths)));
  files.set(`${platformRoot(paths)}/kustomization.yaml`, platformKustomization(paths));
  files.set(
    paths.namespacesFile,
    namespacesFileText([
      {
        comment: "Platform: no profile; a hand-crafted CiliumNetworkPolicy each",
        entries: namespaces.filter((spec) => spec.platform).map(entry),
      },
      {
        comment: "Apps: a profile each, and access labels for the shared resources they use",
        entries: namespaces.filter((spec) => !spec.platform).map(entry),
      },
    ]),
  );
  const policies = platformPolicies(namespaces, now);
  for (const policy of policies) {
    files.set(platformCnpPath(paths, policy.metadata.namespace!), cnpFileText(policy));
  }
  files.set(
    kustomizationPath(paths),
    kustomizationFileText(policies.map((policy) => `${policy.metadata.namespace}.yaml`)),
  );
  return files;
}
