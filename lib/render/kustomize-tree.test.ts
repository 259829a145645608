import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  generatedResources,
  kustomizationReferences,
  kustomizationRoots,
  normalizeFolder,
  originFile,
  referencedFiles,
  rootKustomization,
} from "./kustomize-tree";
import { documentIndex, planRender, repositoryDocuments, sanitizeKustomizations } from "./render-plan";

const files = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe("the folder Flux generates a kustomization for", () => {
  it("lists YAML files recursively and a sub-folder with its own kustomization as a folder", () => {
    const repo = files({
      "c/b.yaml": "",
      "c/a.yml": "",
      "c/README.md": "",
      "c/nested/x.yaml": "",
      "c/app/kustomization.yaml": "",
      "c/app/deep.yaml": "",
      "other/y.yaml": "",
    });
    expect(generatedResources(repo, "c")).toEqual(["./a.yml", "./app", "./b.yaml", "./nested/x.yaml"]);
  });
});

describe("kustomization roots", () => {
  it("are folders with a kustomization that no other kustomization includes", () => {
    const repo = files({
      "apps/home/kustomization.yaml": "resources:\n  - ../web\n  - https://example.com/x.yaml\n",
      "apps/web/kustomization.yaml": "resources: [a.yaml]\n",
      "infra/Kustomization": "resources: []\n",
    });
    expect(kustomizationRoots(repo)).toEqual(["apps/home", "infra"]);
  });
});

describe("the root kustomization Sieve builds", () => {
  it("adds origin annotations and the Flux Kustomization's fields to the folder's own", () => {
    const text = rootKustomization("resources:\n  - a.yaml\nnamePrefix: x-\n", [], {
      targetNamespace: "apps",
      namePrefix: "flux-",
      patches: [{ patch: "p" }],
    });
    expect(parse(text)).toEqual({
      resources: ["a.yaml"],
      namePrefix: "flux-",
      namespace: "apps",
      patches: [{ patch: "p" }],
      buildMetadata: ["originAnnotations"],
    });
  });

  it("lists the generated resources, or a placeholder namespace for an empty folder", () => {
    expect(parse(rootKustomization(null, ["./a.yaml"], {}))).toMatchObject({ resources: ["./a.yaml"] });
    expect(parse(rootKustomization(null, [], {}))).toMatchObject({ namespace: "_placeholder" });
  });
});

describe("origins", () => {
  it("resolve kustomize's origin path against the built folder", () => {
    expect(originFile("path: ../base/ns.yaml\n", "apps/home")).toBe("apps/base/ns.yaml");
    expect(
      originFile("configuredIn: kustomization.yaml\nconfiguredBy: {kind: ConfigMapGenerator}\n", "a"),
    ).toBe("a/kustomization.yaml");
    expect(originFile("path: ../../../x.yaml\n", "a")).toBeNull();
    expect(originFile(undefined, "a")).toBeNull();
  });

  it("find the document of a file an object was built from, also under a name prefix", () => {
    const docs = [
      { kind: "Deployment", metadata: { name: "web" } },
      { kind: "Service", metadata: { name: "web" } },
      { kind: "Service", metadata: { name: "web-headless" } },
    ];
    expect(documentIndex(docs, { kind: "Deployment", metadata: { name: "p-web" } })).toBe(0);
    expect(documentIndex(docs, { kind: "Service", metadata: { name: "p-web-headless-s" } })).toBe(2);
    expect(documentIndex(docs, { kind: "Service", metadata: { name: "web" } })).toBe(1);
    expect(documentIndex(docs, { kind: "Service", metadata: { name: "other" } })).toBeNull();
  });

  it("normalize folders and refuse those that leave the repository", () => {
    expect(normalizeFolder("./clusters/home/")).toBe("clusters/home");
    expect(normalizeFolder("a/../b")).toBe("b");
    expect(normalizeFolder("../x")).toBeNull();
  });
});

describe("what a kustomization refers to", () => {
  it("collects resources, patch files and generator files", () => {
    expect(
      kustomizationReferences({
        resources: ["a.yaml"],
        patches: [{ path: "p.yaml" }, { patch: "inline" }],
        configMapGenerator: [{ files: ["key=conf/x.txt", "y.txt"], envs: ["e.env"] }],
      }),
    ).toEqual(["a.yaml", "p.yaml", "conf/x.txt", "y.txt", "e.env"]);
  });

  it("lists the non-YAML files kustomizations read, relative to the repository", () => {
    const repo = files({
      "apps/grafana/kustomization.yaml":
        "configMapGenerator:\n  - name: d\n    files: [dash=dashboards/home.json, ../shared/app.conf]\n    envs: [settings.env]\nresources: [ns.yaml]\n",
      "apps/grafana/ns.yaml": "",
    });
    expect(referencedFiles(repo)).toEqual([
      "apps/grafana/dashboards/home.json",
      "apps/grafana/settings.env",
      "apps/shared/app.conf",
    ]);
  });

  it("drops remote resources and refuses paths outside the repository, each reported", () => {
    const { files: out, problems } = sanitizeKustomizations(
      files({
        "a/kustomization.yaml": "resources:\n  - local.yaml\n  - github.com/org/repo//deploy?ref=v1\n",
        "b/kustomization.yaml": "configMapGenerator:\n  - name: x\n    files: [/etc/passwd]\n",
      }),
    );
    expect(parse(out.get("a/kustomization.yaml")!)).toEqual({ resources: ["local.yaml"] });
    expect(parse(out.get("b/kustomization.yaml")!)).toEqual({ resources: [] });
    expect(problems.map((p) => [p.kind, p.file])).toEqual([
      ["not-rendered", "a/kustomization.yaml"],
      ["kustomize", "b/kustomization.yaml"],
    ]);
  });
});

describe("the render plan", () => {
  it("builds each Flux Kustomization reading this repository and reports the others", () => {
    const repo = files({
      "clusters/home/sync.yaml": [
        "apiVersion: kustomize.toolkit.fluxcd.io/v1",
        "kind: Kustomization",
        "metadata: {name: flux-system, namespace: flux-system}",
        "spec: {path: ./clusters/home, sourceRef: {kind: GitRepository, name: flux-system}}",
        "---",
        "apiVersion: kustomize.toolkit.fluxcd.io/v1",
        "kind: Kustomization",
        "metadata: {name: apps, namespace: flux-system}",
        "spec: {path: ./apps/missing, sourceRef: {kind: GitRepository, name: flux-system}}",
        "---",
        "apiVersion: kustomize.toolkit.fluxcd.io/v1",
        "kind: Kustomization",
        "metadata: {name: oci, namespace: flux-system}",
        "spec: {path: ./, sourceRef: {kind: OCIRepository, name: charts}}",
      ].join("\n"),
    });
    const plan = planRender(repo, repositoryDocuments(repo).documents);
    expect(plan.targets.map((t) => [t.folder, t.flux?.key])).toEqual([
      ["clusters/home", "flux-system/flux-system"],
    ]);
    expect(plan.problems.map((p) => p.kind)).toEqual(["kustomize", "not-rendered"]);
    expect(plan.problems[1]!.message).toContain("OCIRepository flux-system/charts");
  });
});
