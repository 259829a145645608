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
