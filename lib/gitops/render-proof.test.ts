import { describe, expect, it } from "vitest";
import { renderDiff } from "@/lib/render/render-diff";
import type { KubeManifest, RepositoryRender } from "@/lib/render/rendered";
import type { GitOpsChange } from "./change";
import { proveRenderedChange } from "./render-proof";

function render(...objects: KubeManifest[]): RepositoryRender {
  return {
    renderer: "test",
    problems: [],
    objects: objects.map((object) => ({
      object,
      origin: { file: "ns.yaml", document: 0, kustomization: null, template: null },
    })),
  };
}

const ns = (name: string, labels: Record<string, string>, annotations?: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name, labels, ...(annotations ? { annotations } : {}) },
});

const SET_PROFILE: GitOpsChange = {
  type: "set-namespace-labels",
  namespace: "app",
  set: { "example.org/profile": "standard" },
  remove: [],
};

describe("proveRenderedChange", () => {
  it("accepts exactly the intended label change", () => {
    const diff = renderDiff(
      render(ns("app", { "example.org/profile": "internal" })),
      render(ns("app", { "example.org/profile": "standard" })),
    );
    expect(proveRenderedChange([SET_PROFILE], diff)).toEqual({
      ok: true,
      lines: [
        "namespace app changes label example.org/profile from internal to standard",
        "nothing else changes",
      ],
    });
  });

  it("refuses a render in which the label does not change (a PR that merges and changes nothing)", () => {
    const diff = renderDiff(
      render(ns("app", { "example.org/profile": "internal" })),
      render(ns("app", { "example.org/profile": "internal" })),
    );
    expect(proveRenderedChange([SET_PROFILE], diff)).toEqual({
      ok: false,
      reason: "the rendered namespace app would not get label example.org/profile=standard",
    });
  });

  it("refuses a render that changes anything else, and names it", () => {
    const diff = renderDiff(
      render(ns("app", { "example.org/profile": "internal" }), ns("other", { tier: "a" })),
      render(ns("app", { "example.org/profile": "standard" }), ns("other", { tier: "b" })),
    );
    const proof = proveRenderedChange([SET_PROFILE], diff);
    expect(proof).toEqual({
      ok: false,
      reason: 'the render would also change Namespace other: metadata.labels.tier "a" → "b"',
    });
  });

  it("counts an annotation written with the same value as the label's twin, not a different one", () => {
    const before = render(
      ns("app", { "example.org/profile": "internal" }, { "example.org/profile": "internal" }),
    );
    const twin = renderDiff(
      before,
      render(ns("app", { "example.org/profile": "standard" }, { "example.org/profile": "standard" })),
    );
    expect(proveRenderedChange([SET_PROFILE], twin).ok).toBe(true);
    const stray = renderDiff(
      before,
      render(ns("app", { "example.org/profile": "standard" }, { "example.org/profile": "other" })),
    );
    expect(proveRenderedChange([SET_PROFILE], stray).ok).toBe(false);
  });

  it("refuses a removal the render does not show", () => {
    const remove: GitOpsChange = { type: "set-namespace-labels", namespace: "app", set: {}, remove: ["x/y"] };
    const diff = renderDiff(render(ns("app", { "x/y": "true" })), render(ns("app", { "x/y": "false" })));
    expect(proveRenderedChange([remove], diff)).toEqual({
      ok: false,
      reason: 'the rendered namespace app would get x/y="false", not (absent)',
    });
  });
});

describe("proveRenderedChange on policies", () => {
  const policy = (spec: Record<string, unknown>) => ({
    apiVersion: "cilium.io/v2",
    kind: "CiliumNetworkPolicy",
    metadata: { name: "p", namespace: "db" },
    spec: { endpointSelector: {}, ...spec },
  });
  const WORLD: GitOpsChange = { type: "add-cnp-rules", namespace: "db", egress: [{ entities: ["world"] }] };
  const DNS = { toPorts: [{ ports: [{ port: "53", protocol: "UDP" }] }] };

  it("refuses a change inside an existing rule, which narrows it rather than adding one", () => {
    const diff = renderDiff(
      render(policy({ egress: [DNS] })),
      render(policy({ egress: [{ ...DNS, toEntities: ["world"] }] })),
    );
    const proof = proveRenderedChange([WORLD], diff);
    expect(proof.ok).toBe(false);
    if (!proof.ok) expect(proof.reason).toContain("changes an existing rule");
  });

  it("accepts the first rule of a direction the policy had no section for", () => {
    const diff = renderDiff(
      render(policy({ ingress: [{}] })),
      render(policy({ ingress: [{}], egress: [{ toEntities: ["world"] }] })),
    );
    expect(proveRenderedChange([WORLD], diff)).toEqual({
      ok: true,
      lines: ["CiliumNetworkPolicy db/p gains 1 egress rule", "nothing else changes"],
    });
  });

  it("accepts the first label of a namespace that had none", () => {
    const bare = { apiVersion: "v1", kind: "Namespace", metadata: { name: "app" } };
    const diff = renderDiff(render(bare), render(ns("app", { "example.org/profile": "standard" })));
    expect(proveRenderedChange([SET_PROFILE], diff)).toEqual({
      ok: true,
      lines: ["namespace app gains label example.org/profile=standard", "nothing else changes"],
    });
  });
});
