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
      "The demo homelab's GitOps repository, served by Sieve's demo forge. Namespace labels live in",
      `\`${paths.namespacesFile}\`; each platform namespace's CiliumNetworkPolicy lives in`,
      `\`${paths.platformCnpDir}/\` and is listed in that folder's \`kustomization.yaml\`.`,
      "",
    ].join("\n"),
  );
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
