import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { renderDiff } from "@/lib/render/render-diff";
import { renderEveryDocument } from "@/lib/render/testing/every-document";
import type { RepositoryFiles } from "@/lib/render/rendered";
import type { SetNamespaceLabels } from "./change";
import { provePatch } from "./prove-patch";
import { DEFAULT_GITOPS_PATHS } from "./repo-paths";

const NAMESPACE = (name: string, labels: string, annotations = "") => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
${labels}${annotations ? `\n  annotations:\n${annotations}` : ""}
`;

const CNP = (namespace: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: ${namespace}-default
  namespace: ${namespace}
spec:
  endpointSelector: {}
  ingress:
    - fromEntities: [health]
  egress:
    - toEndpoints:
        - matchLabels:
            io.kubernetes.pod.namespace: kube-system
            k8s-app: kube-dns
      toPorts:
        - ports:
            - port: "53"
              protocol: UDP
`;

function repository(): Map<string, string> {
  return new Map([
    [
      "apps/mealie/namespace.yaml",
      NAMESPACE("mealie", "    network-policy.homelab/profile: internal  # behind the VPN"),
    ],
    [
      "apps/paperless/namespace.yaml",
      NAMESPACE(
        "paperless",
        "    network-policy.homelab/profile: internal",
        "    network-policy.homelab/profile: internal",
      ),
    ],
    ["apps/database/network-policy.yaml", CNP("database")],
    ["infrastructure/network-policy/platform/monitoring.yaml", CNP("monitoring")],
    ["infrastructure/network-policy/platform/cache.yaml", CNP("cache")],
    [
      "infrastructure/network-policy/platform/kustomization.yaml",
      "resources:\n  - cache.yaml\n  - monitoring.yaml\n",
    ],
  ]);
}

/** The change that sets `set` and removes `remove` among a namespace's labels. */
function labelChange(
  namespace: string,
  set: Record<string, string>,
  remove: string[] = [],
): SetNamespaceLabels {
  return { type: "set-namespace-labels", namespace, set, remove };
}

async function prove(files: RepositoryFiles, changes: Parameters<typeof provePatch>[0]) {
  const base = await renderEveryDocument(files);
  return provePatch(changes, files, base, renderEveryDocument, { paths: DEFAULT_GITOPS_PATHS });
}

/** What the patched repository renders, to check the proof against the render itself. */
async function renderedAfter(
  files: RepositoryFiles,
  patched: ReadonlyArray<{ path: string; after: string }>,
) {
  const after = new Map(files);
  for (const file of patched) after.set(file.path, file.after);
  return renderDiff(await renderEveryDocument(files), await renderEveryDocument(after));
}

describe("provePatch", () => {
  it("adds an access label in the per-app folder that defines the namespace, and nothing else", async () => {
    const files = repository();
    const result = await prove(files, [
      labelChange("mealie", { "access.network-policy.homelab/postgres": "true" }),
    ]);
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.files.map((f) => f.path)).toEqual(["apps/mealie/namespace.yaml"]);
    expect(result.value.renderProof).toEqual([
      "namespace mealie gains label access.network-policy.homelab/postgres=true",
      "nothing else changes",
    ]);
    const diff = await renderedAfter(files, result.value.files);
    expect(diff.map((c) => [c.key, c.fields.map((f) => [f.path, f.after])])).toEqual([
      ["Namespace//mealie", [['metadata.labels."access.network-policy.homelab/postgres"', "true"]]],
    ]);
    expect(result.value.files[0]!.after).toContain("# behind the VPN");
  });

  it("changes a label and its annotation twin as one change", async () => {
    const files = repository();
    const result = await prove(files, [
      labelChange("paperless", { "network-policy.homelab/profile": "standard" }),
    ]);
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.renderProof[0]).toBe(
      "namespace paperless changes label network-policy.homelab/profile from internal to standard (and its annotation)",
    );
    const diff = await renderedAfter(files, result.value.files);
    expect(diff[0]!.fields.map((f) => f.path).sort()).toEqual([
      'metadata.annotations."network-policy.homelab/profile"',
      'metadata.labels."network-policy.homelab/profile"',
    ]);
  });

  it("refuses a namespace the repository does not render, saying so", async () => {
    const result = await prove(repository(), [labelChange("immich", { a: "b" })]);
    expect(result).toEqual({
      ok: false,
      reason:
        "no Namespace immich is rendered from the repository, so Sieve cannot tell where its labels are written",
    });
  });

  it("refuses a namespace rendered twice, naming both files", async () => {
    const files = repository();
    files.set("apps/mealie/overlay.yaml", NAMESPACE("mealie", "    team: t"));
    const result = await prove(files, [labelChange("mealie", { a: "b" })]);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.reason).toContain(
        "Namespace mealie is rendered 2 times (apps/mealie/namespace.yaml, apps/mealie/overlay.yaml)",
      );
  });

  it("says when the repository already renders the change", async () => {
    const result = await prove(repository(), [
      labelChange("mealie", { "network-policy.homelab/profile": "internal" }),
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/already renders this/);
  });

  it("adds rules to a platform CNP wherever it lives", async () => {
    const files = repository();
    const result = await prove(files, [
      {
        type: "add-cnp-rules",
        namespace: "database",
        ingress: [
          {
            endpoints: [{ "io.kubernetes.pod.namespace": "istio-system", app: "ztunnel" }],
            ports: [{ port: 15008, protocol: "TCP" }],
          },
        ],
      },
    ]);
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.files.map((f) => f.path)).toEqual(["apps/database/network-policy.yaml"]);
    expect(result.value.renderProof[0]).toBe(
      "CiliumNetworkPolicy database/database-default gains 1 ingress rule",
    );
    const diff = await renderedAfter(files, result.value.files);
    expect(diff.map((c) => c.key)).toEqual(["CiliumNetworkPolicy/database/database-default"]);
    expect(diff[0]!.fields.every((f) => f.path.startsWith("spec.ingress[1]"))).toBe(true);
  });

  it("puts a new platform CNP in the folder the others live in and lists it there", async () => {
    const files = repository();
    const result = await prove(files, [
      {
        type: "add-platform-cnp",
        namespace: "garage",
        description: "Garage S3",
        metricsPort: 3903,
        ambient: false,
      },
    ]);
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.files.map((f) => [f.path, f.kind])).toEqual([
      ["infrastructure/network-policy/platform/garage.yaml", "create"],
      ["infrastructure/network-policy/platform/kustomization.yaml", "edit"],
    ]);
    const kustomization = parseAllDocuments(result.value.files[1]!.after)[0]!.toJS() as {
      resources: string[];
    };
    expect(kustomization.resources).toContain("garage.yaml");
    const diff = await renderedAfter(files, result.value.files);
    expect(diff.map((c) => [c.key, c.change])).toEqual([
      ["CiliumNetworkPolicy/garage/garage-default", "added"],
    ]);
  });
});

describe("provePatch on a ResourceSet that writes namespaces from its inputs", () => {
  const FILE = "clusters/home/namespaces.yaml";
  const files = new Map([
    [
      FILE,
      readFileSync(
        path.join(import.meta.dirname, "../render/fixtures/platform-namespaces-resourceset.yaml"),
        "utf8",
      ),
    ],
  ]);

  async function labelsAfter(patched: ReadonlyArray<{ path: string; after: string }>) {
    return (await renderedAfter(files, patched)).flatMap((c) =>
      c.kind === "ResourceSet" ? [] : [[c.key, c.fields.map((f) => `${f.path}=${String(f.after)}`)]],
    );
  }

  it("changes a profile through the nested input the template writes into a label and its annotation", async () => {
    const result = await prove(files, [
      labelChange("paperless", { "network-policy.homelab/profile": "standard" }),
    ]);
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.files[0]!.diff).toContain("+        profile: standard");
    expect(result.value.renderProof[0]).toBe(
      "namespace paperless changes label network-policy.homelab/profile from internal to standard (and its annotation)",
    );
    expect(await labelsAfter(result.value.files)).toEqual([
      [
        "Namespace//paperless",
        [
          'metadata.annotations."network-policy.homelab/profile"=standard',
          'metadata.labels."network-policy.homelab/profile"=standard',
        ],
      ],
    ]);
  });

  it("grants an access label by flipping the boolean the template tests with if", async () => {
    const result = await prove(files, [
      labelChange("immich", { "access.network-policy.homelab/postgres": "true" }),
    ]);
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.files[0]!.diff).toMatch(/-\s+postgres: false\n\+\s+postgres: true/);
    expect(await labelsAfter(result.value.files)).toEqual([
      ["Namespace//immich", ['metadata.labels."access.network-policy.homelab/postgres"=true']],
    ]);
  });

  it("removes a label the template writes from a flag, and one it writes from a list item", async () => {
    const result = await prove(files, [
      labelChange("paperless", {}, [
        "access.network-policy.homelab/postgres",
        "access.network-policy.homelab/garage-s3",
      ]),
    ]);
    if (!result.ok) throw new Error(result.reason);
    expect(await labelsAfter(result.value.files)).toEqual([
      [
        "Namespace//paperless",
        [
          'metadata.labels."access.network-policy.homelab/garage-s3"=undefined',
          'metadata.labels."access.network-policy.homelab/postgres"=undefined',
        ],
      ],
    ]);
    expect(result.value.files[0]!.diff).toContain("+      shared: [dragonfly]");
  });

  it("adds an access label through the list the template ranges over", async () => {
    const result = await prove(files, [
      labelChange("immich", { "access.network-policy.homelab/dragonfly": "true" }),
    ]);
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.files[0]!.diff).toContain("+      shared: [dragonfly]");
    expect(await labelsAfter(result.value.files)).toEqual([
      ["Namespace//immich", ['metadata.labels."access.network-policy.homelab/dragonfly"=true']],
    ]);
  });

  it("refuses a label the template never writes, naming what it reads, instead of editing the unread labels map", async () => {
    const result = await prove(files, [labelChange("paperless", { "team.example.org/owner": "docs" })]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain(
      "no edit of its input paperless makes the template set label team.example.org/owner=docs",
    );
    expect(result.reason).toContain("the template reads only network.profile");
    expect(result.reason).not.toContain("labels");
  });
});

describe("provePatch on a ResourceSet whose template copies an input's labels map", () => {
  it("fills an empty flow map in block style", async () => {
    const text = `apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSet
metadata:
  name: namespaces
  namespace: flux-system
spec:
  inputs:
    - name: mealie
      labels:
        network-policy.homelab/profile: standard
    - name: scratch # a sandbox
      labels: {}
  resourcesTemplate: |
    apiVersion: v1
    kind: Namespace
    metadata:
      name: << inputs.name >>
      labels:
        <<- range $key, $value := inputs.labels >>
        << $key >>: << $value | quote >>
        <<- end >>
`;
    const files = new Map([["namespaces.yaml", text]]);
    const result = await prove(files, [
      labelChange("scratch", { "network-policy.homelab/profile": "internal" }),
    ]);
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.files[0]!.after).toContain(
      "    - name: scratch # a sandbox\n      labels:\n        network-policy.homelab/profile: internal\n",
    );
    expect(result.value.renderProof[0]).toBe(
      "namespace scratch gains label network-policy.homelab/profile=internal",
    );
  });
});
