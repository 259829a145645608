import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  objectKey,
  type KubeManifest,
  type RenderedObject,
  type RepositoryRender,
} from "@/lib/render/rendered";
import { renderRepository, type ExpandResourceSet } from "./render-repository";
import { readRepositoryFolder } from "./repository-folder";

const FIXTURES = path.resolve(import.meta.dirname, "..", "..", "test", "fixtures", "repos");
const KUSTOMIZE_VERSION = /Kustomize Version:\s*(\S+)/.exec(
  execFileSync("kubectl", ["version", "--client"], { encoding: "utf8" }),
)![1]!;

let tempRoot: string;
beforeAll(() => {
  tempRoot = mkdtempSync(path.join(tmpdir(), "sieve-render-test-"));
});
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));

function find(render: RepositoryRender, kind: string, namespace: string, name: string): RenderedObject {
  const found = render.objects.filter(({ object }) => objectKey(object) === `${kind}/${namespace}/${name}`);
  expect(found, `${kind}/${namespace}/${name}`).toHaveLength(1);
  return found[0]!;
}

function labels(object: KubeManifest): Record<string, string> {
  return ((object.metadata as { labels?: Record<string, string> }).labels ?? {}) as Record<string, string>;
}

describe("renderRepository on the overlay tree, with kubectl kustomize", () => {
  const files = readRepositoryFolder(path.join(FIXTURES, "overlay-tree"));
  let render: RepositoryRender;
  beforeAll(async () => {
    render = await renderRepository(files, { tempRoot });
  });

  it("says which tool rendered, with kustomize's version, and leaves no temporary folder", () => {
    expect(render.renderer).toBe(`kubectl kustomize (kustomize ${KUSTOMIZE_VERSION})`);
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it("keeps per-app namespaces with their labels and the file and Flux Kustomization they came from", () => {
    const paperless = find(render, "Namespace", "", "paperless");
    expect(labels(paperless.object)).toEqual({
      "network-policy.homelab/profile": "standard",
      "access.network-policy.homelab/postgres": "true",
      "access.network-policy.homelab/garage-s3": "true",
      "app.kubernetes.io/part-of": "homelab",
    });
    expect(paperless.origin).toEqual({
      file: "apps/paperless/namespace.yaml",
      document: 0,
      kustomization: "flux-system/apps",
      template: null,
    });
    expect((paperless.object.metadata as { annotations?: unknown }).annotations).toBeUndefined();
  });

  it("applies the overlay's JSON 6902 patch, its name prefix and common labels", () => {
    const miniflux = find(render, "Namespace", "", "miniflux");
    expect(labels(miniflux.object)["access.network-policy.homelab/postgres"]).toBe("true");
    expect(miniflux.origin.file).toBe("apps/miniflux/namespace.yaml");
    const service = find(render, "Service", "paperless", "home-paperless");
    expect(service.origin).toMatchObject({ file: "apps/paperless/deployment.yaml", document: 1 });
    expect(labels(service.object)["app.kubernetes.io/part-of"]).toBe("homelab");
  });

  it("applies the strategic merge patch and the postBuild substitute and substituteFrom values", () => {
    const deployment = find(render, "Deployment", "paperless", "home-paperless");
    const spec = deployment.object.spec as {
      replicas: unknown;
      template: { spec: { containers: { env?: { name: string; value: string }[]; image: string }[] } };
    };
    expect(spec.replicas).toBe(2);
    expect(spec.template.spec.containers[0]!.env).toEqual([
      { name: "PAPERLESS_URL", value: "https://paperless.home.example.net" },
    ]);
    expect(spec.template.spec.containers[0]!.image).toContain("paperless-ngx");
    expect(deployment.origin).toMatchObject({ file: "apps/paperless/deployment.yaml", document: 0 });
  });

  it("uses a ${var:=default} default, and substitutes in the network policies' Kustomization", () => {
    const health = find(render, "CiliumClusterwideNetworkPolicy", "", "baseline-allow-health");
    expect(health.object.spec).toMatchObject({
      ingress: [{ fromEntities: ["health"] }, { fromCIDR: ["169.254.0.0/16"] }],
    });
    const dns = find(render, "CiliumClusterwideNetworkPolicy", "", "baseline-allow-dns");
    expect((dns.object.spec as { description: string }).description).toContain("Baseline (home)");
    expect(health.origin.kustomization).toBe("flux-system/network-policy");
  });

  it("finds platform CNPs in both folders, each with its own file", () => {
    expect(find(render, "CiliumNetworkPolicy", "monitoring", "monitoring-default").origin.file).toBe(
      "infrastructure/network-policy/platform/monitoring.yaml",
    );
    expect(find(render, "CiliumNetworkPolicy", "database", "home-database-default").origin.file).toBe(
      "apps/database/network-policy.yaml",
    );
  });

  it("takes a generated ConfigMap's origin from the kustomization that generated it", () => {
    const config = find(render, "ConfigMap", "miniflux", "home-miniflux-config");
    expect(config.origin.file).toBe("apps/miniflux/kustomization.yaml");
    // The generator's non-YAML input was read from the folder too.
    expect(config.object.data).toEqual({
      POLLING_FREQUENCY: "30",
      "miniflux.conf": "CLEANUP_FREQUENCY_HOURS=48\nMETRICS_COLLECTOR=1\n",
    });
  });

  it("builds a folder without kustomization.yaml as Flux does (clusters/home lists its manifests)", () => {
    const apps = find(render, "Kustomization", "flux-system", "apps");
    expect(apps.origin).toMatchObject({
      file: "clusters/home/apps.yaml",
      kustomization: "flux-system/flux-system",
    });
    expect(find(render, "GitRepository", "flux-system", "flux-system").origin.file).toBe(
      "clusters/home/flux-system/gotk-sync.yaml",
    );
  });

  it("reports the unresolved variable, the HelmRelease and the other repository's Kustomization", () => {
    expect(render.problems).toContainEqual({
      kind: "substitution",
      file: "apps/miniflux/deployment.yaml",
      message: expect.stringMatching(/\$\{miniflux_admin\}.*flux-system\/apps/),
    });
    expect(render.problems).toContainEqual({
      kind: "not-rendered",
      file: "infrastructure/controllers/ingress-nginx.yaml",
      message: "HelmRelease flux-system/ingress-nginx: Helm releases are not rendered",
    });
    expect(render.problems).toContainEqual({
      kind: "not-rendered",
      file: "clusters/home/vendor-dashboards.yaml",
      message: expect.stringContaining(
        "flux-system/vendor-dashboards reads GitRepository flux-system/vendor-dashboards",
      ),
    });
    const env = (
      find(render, "Deployment", "miniflux", "home-miniflux").object.spec as {
        template: { spec: { containers: { env: { name: string; value: unknown }[] }[] } };
      }
    ).template.spec.containers[0]!.env;
    expect(env).toEqual([
      { name: "ADMIN_USERNAME", value: null },
      { name: "BASE_URL", value: "https://rss.home.example.net" },
    ]);
    expect(render.problems.filter((p) => p.kind === "substitution")).toHaveLength(1);
    expect(render.problems.filter((p) => p.kind === "kustomize")).toEqual([]);
  });

  it("reports a failing kustomize build and still renders the other Kustomizations", async () => {
    const broken = new Map(files);
    broken.set(
      "infrastructure/network-policy/platform/kustomization.yaml",
      "resources:\n  - kube-system.yaml\n  - absent.yaml\n",
    );
    const result = await renderRepository(broken, { tempRoot });
    const failures = result.problems.filter((p) => p.kind === "kustomize");
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ file: "clusters/home/infrastructure.yaml" });
    expect(failures[0]!.message).toContain("absent.yaml");
    expect(failures[0]!.message).not.toContain(tempRoot);
    expect(result.objects.some(({ object }) => object.kind === "CiliumClusterwideNetworkPolicy")).toBe(false);
    expect(find(result, "Namespace", "", "paperless").origin.kustomization).toBe("flux-system/apps");
  });

  it("applies the Flux Kustomization's nameSuffix, and a kustomization's labels, keeping origins", async () => {
    const edited = new Map(files);
    edited.set(
      "clusters/home/infrastructure.yaml",
      files
        .get("clusters/home/infrastructure.yaml")!
        .replace("  prune: true\n", "  prune: true\n  nameSuffix: -v2\n"),
    );
    edited.set(
      "infrastructure/network-policy/platform/kustomization.yaml",
      `${files.get("infrastructure/network-policy/platform/kustomization.yaml")!}labels:\n  - pairs:\n      homelab.example/tier: platform\n`,
    );
    const result = await renderRepository(edited, { tempRoot });
    const monitoring = find(result, "CiliumNetworkPolicy", "monitoring", "monitoring-default-v2");
    expect(monitoring.origin).toMatchObject({
      file: "infrastructure/network-policy/platform/monitoring.yaml",
      document: 0,
      kustomization: "flux-system/network-policy",
    });
    expect(labels(monitoring.object)).toEqual({ "homelab.example/tier": "platform" });
    expect(find(result, "CiliumClusterwideNetworkPolicy", "", "profile-standard-v2").origin.file).toBe(
      "infrastructure/network-policy/profiles/standard.yaml",
    );
  });

  it("refuses a kustomization that reads a file outside the repository", async () => {
    const escaping = new Map(files);
    escaping.set("apps/database/kustomization.yaml", "resources:\n  - ../../../../etc/hostname\n");
    const result = await renderRepository(escaping, { tempRoot });
    expect(result.problems).toContainEqual({
      kind: "kustomize",
      file: "apps/database/kustomization.yaml",
      message: expect.stringContaining("outside the repository"),
    });
    // Said once, and the rest of the build still renders without the refused folder's objects.
    expect(
      result.problems.filter((p) => p.file.startsWith("apps/database") || p.message.includes("etc/hostname")),
    ).toHaveLength(1);
    expect(
      result.objects.some(
        (o) => o.object.kind === "Namespace" && (o.object.metadata as { name: string }).name === "paperless",
      ),
    ).toBe(true);
    expect(result.objects.some((o) => o.origin.file.startsWith("apps/database/"))).toBe(false);
  });
});

describe("renderRepository without kubectl", () => {
  it("follows resources lists only, and says so", async () => {
    const files = readRepositoryFolder(path.join(FIXTURES, "overlay-tree"));
    const render = await renderRepository(files, { kubectl: null, tempRoot });
    expect(render.renderer).toBe("built-in (resources only; patches not applied)");
    const miniflux = find(render, "Namespace", "", "miniflux");
    expect(labels(miniflux.object)).toEqual({ "network-policy.homelab/profile": "internal-egress" });
    expect(miniflux.origin).toEqual({
      file: "apps/miniflux/namespace.yaml",
      document: 0,
      kustomization: "flux-system/apps",
      template: null,
    });
    expect(find(render, "Service", "paperless", "paperless").origin.document).toBe(1);
    expect(find(render, "CiliumNetworkPolicy", "kube-system", "kube-system-default").origin.file).toBe(
      "infrastructure/network-policy/platform/kube-system.yaml",
    );
  });

  it("still runs an unknown kubectl path as absent", async () => {
    const render = await renderRepository(
      new Map([["a/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n"]]),
      {
        kubectl: path.join(tempRoot, "no-such-kubectl"),
        tempRoot,
      },
    );
    expect(render.objects.map(({ object }) => objectKey(object))).toEqual(["Namespace//a"]);
  });
});

describe("renderRepository without Flux", () => {
  it("builds each top-level kustomization root, not the bases it includes", async () => {
    const files = readRepositoryFolder(path.join(FIXTURES, "overlay-tree"));
    const noFlux = new Map([...files].filter(([file]) => file.startsWith("apps/")));
    const render = await renderRepository(noFlux, { tempRoot });
    const namespaces = render.objects.filter(({ object }) => object.kind === "Namespace");
    expect(namespaces.map(({ object }) => objectKey(object)).sort()).toEqual([
      "Namespace//database",
      "Namespace//miniflux",
      "Namespace//paperless",
    ]);
    expect(namespaces.every(({ origin }) => origin.kustomization === null)).toBe(true);
    // Without Flux nothing substitutes: the variable stays as written.
    const deployment = find(render, "Deployment", "paperless", "home-paperless");
    expect((deployment.object.spec as { replicas: unknown }).replicas).toBe("${app_replicas}");
  });

  it("reads every YAML file as it is when there is no kustomization at all", async () => {
    const render = await renderRepository(
      new Map([
        [
          "ns.yaml",
          "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n",
        ],
        ["bad.yaml", "a: [\n"],
      ]),
      { tempRoot },
    );
    expect(render.objects.map(({ origin }) => [origin.file, origin.document])).toEqual([
      ["ns.yaml", 0],
      ["ns.yaml", 1],
    ]);
    expect(render.problems).toEqual([
      { kind: "yaml", file: "bad.yaml", message: expect.stringContaining("invalid YAML") },
    ]);
  });

  it("refuses a repository over its size bound", async () => {
    await expect(
      renderRepository(new Map([["big.yaml", "x".repeat(2048)]]), { maxBytes: 1024, tempRoot }),
    ).rejects.toThrow(/at most/);
  });
});

describe("renderRepository with ResourceSets", () => {
  const files = readRepositoryFolder(path.join(FIXTURES, "resourceset-namespaces"));

  it("expands ResourceSets as flux-operator does by default, each object knowing its input", async () => {
    const render = await renderRepository(files, { tempRoot });
    expect(render.problems).toEqual([]);
    expect(find(render, "ResourceSet", "flux-system", "namespaces").origin).toEqual({
      file: "platform/namespaces/namespaces.yaml",
      document: 0,
      kustomization: "flux-system/platform-namespaces",
      template: null,
    });
    const namespace = (name: string) => {
      const rendered = find(render, "Namespace", "", name);
      const metadata = rendered.object.metadata as {
        labels: Record<string, string>;
        annotations: Record<string, string>;
      };
      return {
        labels: metadata.labels,
        annotations: metadata.annotations,
        input: rendered.origin.template?.inputName,
      };
    };
    // One nested input writes the profile label and its annotation; a boolean writes postgres access.
    expect(namespace("paperless")).toMatchObject({
      input: "paperless",
      labels: {
        "network-policy.homelab/profile": "standard",
        "access.network-policy.homelab/postgres": "true",
      },
      annotations: { "network-policy.homelab/profile": "standard" },
    });
    expect(namespace("grafana").labels).not.toHaveProperty("access.network-policy.homelab/postgres");
    expect(namespace("monitoring").labels).not.toHaveProperty("network-policy.homelab/profile");
    expect(namespace("monitoring").annotations).toEqual({ "network-policy.homelab/profile": "platform" });
    // The inputs' `labels` maps are never read by the template.
    expect(namespace("paperless").labels).not.toHaveProperty("team");
    expect(namespace("database").labels).not.toHaveProperty("network-policy.homelab/profile");
  });

  it("hands each ResourceSet to the expander with its file, document and the providers", async () => {
    const calls: Parameters<ExpandResourceSet>[] = [];
    const expand: ExpandResourceSet = (resourceSet, where) => {
      calls.push([resourceSet, where]);
      return {
        objects: [
          {
            object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "from-template" } },
            origin: {
              file: where.file,
              document: where.document,
              kustomization: null,
              template: {
                resourceSet: "flux-system/namespaces",
                file: where.file,
                inputIndex: 0,
                inputSource: "inputs",
                inputName: "paperless",
                resourceIndex: -1,
              },
            },
          },
        ],
        problems: [{ kind: "template", file: where.file, message: "example" }],
      };
    };
    const render = await renderRepository(files, { tempRoot, expandResourceSet: expand });
    expect(calls).toHaveLength(1);
    const [resourceSet, where] = calls[0]!;
    expect((resourceSet.spec as { inputs: unknown[] }).inputs).toHaveLength(4);
    expect(where.file).toBe("platform/namespaces/namespaces.yaml");
    expect(where.document).toBe(0);
    expect(where.providers.map((p) => objectKey(p))).toEqual([
      "ResourceSetInputProvider/flux-system/namespace-defaults",
    ]);
    const generated = find(render, "Namespace", "", "from-template");
    expect(generated.origin.kustomization).toBe("flux-system/platform-namespaces");
    expect(render.problems).toEqual([{ kind: "template", file: where.file, message: "example" }]);
  });
});
