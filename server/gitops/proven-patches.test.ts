import path from "node:path";
import { describe, expect, it } from "vitest";
import type { GitOpsChange } from "@/lib/gitops/change";
import { hboneRule } from "@/lib/gitops/platform-cnp";
import { provePatch } from "@/lib/gitops/prove-patch";
import { DEFAULT_GITOPS_PATHS } from "@/lib/gitops/repo-paths";
import { renderDiff } from "@/lib/render/render-diff";
import type { RepositoryFiles } from "@/lib/render/rendered";
import { readRepositoryFolder } from "@/server/render/repository-folder";
import { fluxRenders } from "./repository-renders";

// Every kind of edit Sieve proposes, on repositories of real shapes (kustomize overlays with
// patches and post-build substitution, namespaces in per-app folders, platform CNPs in two
// folders, namespaces from a ResourceSet): the patch is judged by what the repository renders
// after it, with the real kustomize, never by its text.

const FIXTURES = path.join(import.meta.dirname, "../../test/fixtures/repos");
const renders = fluxRenders();

async function prove(files: RepositoryFiles, changes: GitOpsChange[]) {
  return provePatch(changes, files, await renders.baseRender(files), renders.render, {
    paths: DEFAULT_GITOPS_PATHS,
  });
}

/** What rendering the patched repository changes, leaf by leaf, as `key path=value`. */
async function renderedChanges(
  files: RepositoryFiles,
  patched: ReadonlyArray<{ path: string; after: string }>,
) {
  const after = new Map(files);
  for (const file of patched) after.set(file.path, file.after);
  const diff = renderDiff(await renders.baseRender(files), await renders.render(after));
  return diff.flatMap((object) =>
    object.fields
      .filter((field) => !(object.kind === "ResourceSet" && field.path.startsWith("spec.inputs")))
      .map((field) => `${object.key} ${field.path}=${JSON.stringify(field.after) ?? "(absent)"}`),
  );
}

const label = (namespace: string, set: Record<string, string>, remove: string[] = []): GitOpsChange => ({
  type: "set-namespace-labels",
  namespace,
  set,
  remove,
});

describe("proven patches on a Kustomize overlay tree with Flux post-build substitution", () => {
  const files = readRepositoryFolder(path.join(FIXTURES, "overlay-tree"));

  it.each([
    [
      "a profile change in the app's own folder",
      label("paperless", { "network-policy.homelab/profile": "internal-egress" }),
      "apps/paperless/namespace.yaml",
      ['Namespace//paperless metadata.labels."network-policy.homelab/profile"="internal-egress"'],
    ],
    [
      "an access label added",
      label("miniflux", { "access.network-policy.homelab/garage-s3": "true" }),
      "apps/miniflux/namespace.yaml",
      ['Namespace//miniflux metadata.labels."access.network-policy.homelab/garage-s3"="true"'],
    ],
    [
      "an access label removed",
      label("paperless", {}, ["access.network-policy.homelab/garage-s3"]),
      "apps/paperless/namespace.yaml",
      ['Namespace//paperless metadata.labels."access.network-policy.homelab/garage-s3"=(absent)'],
    ],
    [
      "a label on a namespace that has none yet",
      label("database", { "istio.io/dataplane-mode": "ambient" }),
      "apps/database/namespace.yaml",
      ['Namespace//database metadata.labels."istio.io/dataplane-mode"="ambient"'],
    ],
  ])("%s", async (_, change, file, expected) => {
    const result = await prove(files, [change]);
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.files.map((f) => f.path)).toEqual([file]);
    expect(await renderedChanges(files, result.value.files)).toEqual(expected);
    expect(result.value.renderProof.at(-1)).toBe("nothing else changes");
    expect(result.value.renderer).toMatch(/^kubectl kustomize/);
  });

  it("adds HBONE rules to platform CNPs in both folders they live in, the prefixed name as rendered", async () => {
    for (const [namespace, file, name] of [
      ["kube-system", "infrastructure/network-policy/platform/kube-system.yaml", "kube-system-default"],
      ["database", "apps/database/network-policy.yaml", "home-database-default"],
    ] as const) {
      const result = await prove(files, [
        { type: "add-cnp-rules", namespace, ingress: [hboneRule()], egress: [hboneRule()] },
      ]);
      if (!result.ok) throw new Error(result.reason);
      expect(result.value.files.map((f) => f.path)).toEqual([file]);
      const changes = await renderedChanges(files, result.value.files);
      expect(changes).toHaveLength(2);
      expect(changes.every((c) => c.startsWith(`CiliumNetworkPolicy/${namespace}/${name} spec.`))).toBe(true);
    }
  });

  it("creates a platform CNP in the platform folder and lists it, rendering exactly one new policy", async () => {
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
    const changes = await renderedChanges(files, result.value.files);
    expect(changes.every((c) => c.startsWith("CiliumNetworkPolicy/garage/garage-default "))).toBe(true);
  });

  it("refuses to remove a label an overlay's JSON 6902 patch writes, naming the patch's file", async () => {
    const result = await prove(files, [label("miniflux", {}, ["access.network-policy.homelab/postgres"])]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain(
      "namespace miniflux is rendered from apps/miniflux/namespace.yaml, where no edit can remove label access.network-policy.homelab/postgres",
    );
    expect(result.reason).toContain("also written in apps/home/kustomization.yaml");
  });
});

describe("proven patches on namespaces written by a Flux Operator ResourceSet", () => {
  const files = readRepositoryFolder(path.join(FIXTURES, "resourceset-namespaces"));
  const FILE = "platform/namespaces/namespaces.yaml";

  it.each([
    [
      "a profile from one nested input, written as the label and its annotation",
      label("paperless", { "network-policy.homelab/profile": "internal" }),
      [
        'Namespace//paperless metadata.annotations."network-policy.homelab/profile"="internal"',
        'Namespace//paperless metadata.labels."network-policy.homelab/profile"="internal"',
      ],
    ],
    [
      "an access label from a boolean input behind `if`",
      label("grafana", { "access.network-policy.homelab/postgres": "true" }),
      ['Namespace//grafana metadata.labels."access.network-policy.homelab/postgres"="true"'],
    ],
    [
      "an access label removed by turning its flag off",
      label("paperless", {}, ["access.network-policy.homelab/postgres"]),
      ['Namespace//paperless metadata.labels."access.network-policy.homelab/postgres"=(absent)'],
    ],
  ])("%s", async (_, change, expected) => {
    const result = await prove(files, [change]);
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.files.map((f) => f.path)).toEqual([FILE]);
    expect(await renderedChanges(files, result.value.files)).toEqual(expected);
  });

  it("refuses a label the template cannot write, saying what the template reads, not editing the unread labels map", async () => {
    const result = await prove(files, [label("paperless", { team: "documents-v2" })]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/makes the template set label team=documents-v2/);
    expect(result.reason).toMatch(/the template reads only network\.profile, postgres/);
  });

  it("refuses a profile on a platform namespace's labels map, which the template ignores", async () => {
    // database's input carries `labels: {network-policy.homelab/profile: standard}`, but the
    // rendered namespace has no profile: changing that map would be a PR that changes nothing.
    const result = await prove(files, [label("database", {}, ["network-policy.homelab/profile"])]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/already renders this/);
  });
});
