import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { provePatch } from "@/lib/gitops/prove-patch";
import { hboneRule } from "@/lib/gitops/platform-cnp";
import { DEFAULT_GITOPS_PATHS, kustomizationPath, platformCnpPath } from "@/lib/gitops/repo-paths";
import type { CiliumNetworkPolicy, KubeObject, Namespace } from "@/lib/kube/types";
import { homelabObjects } from "../scenario/homelab-objects";
import { ENFORCEMENT_LABEL } from "../scenario/homelab-constants";
import { fluxRenders } from "../../gitops/repository-renders";
import { homelabGitOpsFiles } from "./homelab-repo-files";

const NOW = Date.parse("2025-06-01T12:00:00Z");
const files = homelabGitOpsFiles(NOW);
const objects = homelabObjects(NOW);
const namespaces = objects.filter((o): o is Namespace => o.kind === "Namespace");
const platformPolicies = objects.filter(
  (o: KubeObject): o is CiliumNetworkPolicy =>
    o.kind === "CiliumNetworkPolicy" && o.metadata.name === `${o.metadata.namespace}-default`,
);
const nsText = files.get(DEFAULT_GITOPS_PATHS.namespacesFile)!;

interface NamespacesResourceSet {
  apiVersion: string;
  kind: string;
  spec: { inputs: Array<{ name: string; labels: Record<string, string> }>; resourcesTemplate: string };
}

/** The labels git declares: the live ones minus what Kubernetes, Flux and kubectl add. */
function declared(ns: Namespace): Map<string, string> {
  return new Map(
    Object.entries(ns.metadata.labels ?? {}).filter(
      ([key]) =>
        key !== "kubernetes.io/metadata.name" &&
        !key.startsWith("kustomize.toolkit.fluxcd.io/") &&
        key !== ENFORCEMENT_LABEL,
    ),
  );
}

describe("the demo GitOps repository's files", () => {
  it("are all valid YAML (the README aside)", () => {
    for (const [path, text] of files) {
      if (path.endsWith(".md")) continue;
      for (const doc of parseAllDocuments(text)) expect(doc.errors, path).toEqual([]);
    }
  });

  it("keep namespaces as ResourceSet inputs in the seed's name/labels shape, with a header and a comment per group", () => {
    const resourceSet = parse(nsText) as NamespacesResourceSet;
    expect(resourceSet.apiVersion).toMatch(/^fluxcd\.controlplane\.io\//);
    expect(resourceSet.kind).toBe("ResourceSet");
    for (const input of resourceSet.spec.inputs) expect(Object.keys(input)).toEqual(["name", "labels"]);
    expect(nsText.split("\n")[0]).toMatch(/^# /);
    const groupComments = nsText.split("\n").filter((line) => /^ {4}# (Platform|Apps):/.test(line));
    expect(groupComments).toHaveLength(2);
  });

  it("list every namespace of the scenario with the labels git declares for it", () => {
    const { inputs } = (parse(nsText) as NamespacesResourceSet).spec;
    expect(inputs.map((input) => input.name).sort()).toEqual(namespaces.map((ns) => ns.metadata.name).sort());
    for (const ns of namespaces) {
      const input = inputs.find((i) => i.name === ns.metadata.name)!;
      expect(new Map(Object.entries(input.labels)), ns.metadata.name).toEqual(declared(ns));
    }
    // The escape hatch is a kubectl label: the repository never had it.
    expect(namespaces.some((ns) => ns.metadata.labels?.[ENFORCEMENT_LABEL] === "disabled")).toBe(true);
    expect(nsText).not.toContain(`${ENFORCEMENT_LABEL}:`);
  });

  it("hold each platform CNP of the scenario, as the cluster has it, in the template's style", () => {
    expect(platformPolicies.length).toBeGreaterThan(0);
    for (const policy of platformPolicies) {
      const text = files.get(platformCnpPath(DEFAULT_GITOPS_PATHS, policy.metadata.namespace!));
      expect(text, policy.metadata.name).toBeDefined();
      const parsed = parse(text!) as CiliumNetworkPolicy;
      expect(parsed.metadata).toEqual({ name: policy.metadata.name, namespace: policy.metadata.namespace });
      expect(parsed.spec).toEqual(JSON.parse(JSON.stringify(policy.spec)));
      expect(text).toMatch(/^---\napiVersion: cilium\.io\/v2\nkind: CiliumNetworkPolicy\n/);
      expect(text).toContain("    - fromEntities: [health]\n");
      expect(text).toContain('    - fromCIDR: ["169.254.0.0/16"]\n');
      expect(text).not.toMatch(/[&*]a\d/);
    }
  });

  it("list exactly those CNP files in the folder's kustomization", () => {
    const kustomization = parse(files.get(kustomizationPath(DEFAULT_GITOPS_PATHS))!) as {
      resources: string[];
    };
    const cnpFiles = [...files.keys()]
      .filter((path) => path.startsWith(`${DEFAULT_GITOPS_PATHS.platformCnpDir}/`))
      .map((path) => path.slice(DEFAULT_GITOPS_PATHS.platformCnpDir.length + 1))
      .filter((name) => name !== "kustomization.yaml");
    expect(kustomization.resources).toEqual(cnpFiles.sort());
    expect(kustomization.resources).toEqual(
      platformPolicies.map((p) => `${p.metadata.namespace}.yaml`).sort(),
    );
  });

  it("render as Flux renders them: every namespace with its declared labels, every platform CNP", async () => {
    const render = await fluxRenders().render(files);
    expect(render.problems).toEqual([]);
    expect(render.renderer).toMatch(/^kubectl kustomize/);
    for (const ns of namespaces) {
      const rendered = render.objects.find(
        (o) =>
          o.object.kind === "Namespace" && (o.object.metadata as { name: string }).name === ns.metadata.name,
      );
      expect(rendered?.origin.template?.inputName, ns.metadata.name).toBe(ns.metadata.name);
      const labels = { ...((rendered!.object.metadata as { labels?: Record<string, string> }).labels ?? {}) };
      for (const key of Object.keys(labels))
        if (key.startsWith("resourceset.fluxcd.controlplane.io/")) delete labels[key];
      expect(new Map(Object.entries(labels)), ns.metadata.name).toEqual(declared(ns));
    }
    const policies = render.objects.filter((o) => o.object.kind === "CiliumNetworkPolicy");
    expect(policies.map((o) => o.origin.file).sort()).toEqual(
      platformPolicies.map((p) => platformCnpPath(DEFAULT_GITOPS_PATHS, p.metadata.namespace!)).sort(),
    );
  });

  it("can be patched by Sieve's fixes, proven by rendering: a label, and HBONE rules for a platform CNP without them", async () => {
    const ambientWithoutHbone = platformPolicies.find((policy) => {
      const ns = namespaces.find((n) => n.metadata.name === policy.metadata.namespace);
      return (
        ns?.metadata.labels?.["istio.io/dataplane-mode"] === "ambient" &&
        !JSON.stringify(policy.spec).includes('"15008"')
      );
    });
    expect(ambientWithoutHbone).toBeDefined();
    const namespace = ambientWithoutHbone!.metadata.namespace!;
    const renders = fluxRenders();
    const result = await provePatch(
      [
        {
          type: "set-namespace-labels",
          namespace: "mealie",
          set: { "access.network-policy.homelab/postgres": "true" },
          remove: [],
        },
        { type: "add-cnp-rules", namespace, ingress: [hboneRule()], egress: [hboneRule()] },
      ],
      files,
      await renders.baseRender(files),
      renders.render,
      { paths: DEFAULT_GITOPS_PATHS },
    );
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.files.map((file) => file.path)).toEqual([
      platformCnpPath(DEFAULT_GITOPS_PATHS, namespace),
      DEFAULT_GITOPS_PATHS.namespacesFile,
    ]);
    expect(result.value.renderProof).toEqual([
      "namespace mealie gains label access.network-policy.homelab/postgres=true",
      `CiliumNetworkPolicy ${namespace}/${namespace}-default gains 1 ingress rule`,
      `CiliumNetworkPolicy ${namespace}/${namespace}-default gains 1 egress rule`,
      "nothing else changes",
    ]);
    for (const file of result.value.files) {
      const before = file.before!.split("\n").filter((line) => line.trimStart().startsWith("#"));
      for (const comment of before) expect(file.after).toContain(comment);
    }
  });
});
