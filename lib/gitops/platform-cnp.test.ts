import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import type { AddPlatformCnp } from "./change";
import { addToKustomization } from "./kustomization";
import { renderPlatformCnp } from "./platform-cnp";
import { changedLines, comments } from "./testing/diff-lines";
import { unifiedDiff } from "./unified-diff";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

const garage: AddPlatformCnp = {
  type: "add-platform-cnp",
  namespace: "garage",
  description: "Garage S3: S3 API for labelled apps",
  metricsPort: 3903,
  ambient: true,
};

const ztunnel = { matchLabels: { "io.kubernetes.pod.namespace": "istio-system", app: "ztunnel" } };
const hbone = { toPorts: [{ ports: [{ port: "15008", protocol: "TCP" }] }] };

describe("renderPlatformCnp", () => {
  it("renders the platform template with health, scrape, DNS and HBONE rules", () => {
    const result = renderPlatformCnp(garage);
    if (!result.ok) throw new Error(result.error);
    expect(result.fileName).toBe("garage.yaml");
    expect(parse(result.content)).toEqual({
      apiVersion: "cilium.io/v2",
      kind: "CiliumNetworkPolicy",
      metadata: { name: "garage-default", namespace: "garage" },
      spec: {
        description: "Garage S3: S3 API for labelled apps",
        endpointSelector: {},
        ingress: [
          { fromEntities: ["health"] },
          { fromCIDR: ["169.254.0.0/16"] },
          {
            fromEndpoints: [
              {
                matchLabels: {
                  "io.kubernetes.pod.namespace": "monitoring",
                  "app.kubernetes.io/name": "prometheus",
                },
              },
            ],
            toPorts: [{ ports: [{ port: "3903", protocol: "TCP" }] }],
          },
          { fromEndpoints: [ztunnel], ...hbone },
        ],
        egress: [
          {
            toEndpoints: [
              { matchLabels: { "io.kubernetes.pod.namespace": "kube-system", "k8s-app": "kube-dns" } },
            ],
            toPorts: [
              {
                ports: [
                  { port: "53", protocol: "UDP" },
                  { port: "53", protocol: "TCP" },
                ],
              },
            ],
          },
          { toEndpoints: [ztunnel], ...hbone },
        ],
      },
    });
    expect(comments(result.content)).toEqual([
      "# Health probes",
      "# Prometheus scraping",
      "# HBONE (ambient mesh)",
      "# DNS",
      "# HBONE (ambient mesh)",
    ]);
    expect(result.content).toContain('\n    - fromEntities: [health]\n    - fromCIDR: ["169.254.0.0/16"]\n');
  });

  it("leaves HBONE out outside the mesh and appends the namespace's own rules", () => {
    const result = renderPlatformCnp({
      ...garage,
      ambient: false,
      extraRules: {
        ingress: [{ comment: "S3 API", entities: ["cluster"], ports: [{ port: 3900, protocol: "TCP" }] }],
      },
    });
    if (!result.ok) throw new Error(result.error);
    const spec = (parse(result.content) as { spec: { ingress: object[]; egress: object[] } }).spec;
    expect(spec.egress).toHaveLength(1);
    expect(spec.ingress.at(-1)).toEqual({
      fromEntities: ["cluster"],
      toPorts: [{ ports: [{ port: "3900", protocol: "TCP" }] }],
    });
  });

  it("quotes a hostile description and refuses a hostile namespace or port", () => {
    const description = 'x"\nkind: Secret # $(id) <b>&amp;</b>';
    const result = renderPlatformCnp({ ...garage, description });
    if (!result.ok) throw new Error(result.error);
    const docs = parseAllDocuments(result.content);
    expect(docs).toHaveLength(1);
    expect((docs[0]!.toJS() as { kind: string; spec: { description: string } }).spec.description).toBe(
      description,
    );
    expect((docs[0]!.toJS() as { kind: string }).kind).toBe("CiliumNetworkPolicy");
    for (const namespace of ["../garage", "garage\nx", "Garage", "-x", "a".repeat(64)]) {
      expect(renderPlatformCnp({ ...garage, namespace }).ok).toBe(false);
    }
    expect(renderPlatformCnp({ ...garage, metricsPort: 70000 }).ok).toBe(false);
    expect(renderPlatformCnp({ ...garage, metricsPort: 3.5 }).ok).toBe(false);
  });
});

describe("addToKustomization", () => {
  const before = fixture("platform-kustomization.yaml");

  it("inserts in order into a sorted list, keeping comments", () => {
    const result = addToKustomization(before, "garage.yaml");
    if (!result.ok) throw new Error(result.error);
    expect(changedLines(unifiedDiff(before, result.content, "k.yaml"))).toEqual(["+  - garage.yaml"]);
    expect((parse(result.content) as { resources: string[] }).resources).toEqual([
      "cert-manager.yaml",
      "database.yaml",
      "garage.yaml",
      "kube-system.yaml",
      "monitoring.yaml",
    ]);
    for (const comment of comments(before)) expect(result.content).toContain(comment);
  });

  it("puts a first entry before the first item and a last one after the last", () => {
    const first = addToKustomization(before, "cache.yaml");
    const last = addToKustomization(before, "zot.yaml");
    if (!first.ok || !last.ok) throw new Error("refused");
    expect((parse(first.content) as { resources: string[] }).resources[0]).toBe("cache.yaml");
    expect(last.content).toBe(`${before}  - zot.yaml\n`);
  });

  it("appends to an unsorted list, never adds twice, and handles flow and missing lists", () => {
    const unsorted = "resources:\n  - b.yaml\n  - a.yaml\n";
    const appended = addToKustomization(unsorted, "aa.yaml");
    expect(appended).toEqual({ ok: true, content: `${unsorted}  - aa.yaml\n`, changed: true });
    expect(addToKustomization(before, "database.yaml")).toEqual({
      ok: true,
      content: before,
      changed: false,
    });
    expect(addToKustomization("resources:\n  - ./database.yaml\n", "database.yaml")).toMatchObject({
      changed: false,
    });
    const flow = addToKustomization("resources: [a.yaml, c.yaml]\n", "b.yaml");
    expect(flow).toEqual({ ok: true, content: "resources: [a.yaml, b.yaml, c.yaml]\n", changed: true });
    const missing = addToKustomization("kind: Kustomization\n", "a.yaml");
    expect(missing).toEqual({
      ok: true,
      content: "kind: Kustomization\nresources:\n  - a.yaml\n",
      changed: true,
    });
  });

  it("refuses file names that are not plain YAML file names", () => {
    for (const name of ["../x.yaml", "x.yaml\n- evil.yaml", "x.json", ".hidden.yaml", "a b.yaml"]) {
      expect(addToKustomization(before, name).ok).toBe(false);
    }
  });
});
