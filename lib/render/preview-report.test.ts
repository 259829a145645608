import { describe, expect, it } from "vitest";
import { parsePreviewReport } from "./preview-report";

describe("parsePreviewReport", () => {
  it("reads a report and drops malformed problems", () => {
    const text = JSON.stringify({
      folder: "/repo",
      renderer: "kubectl kustomize (kustomize v5.5.0)",
      problems: [
        { kind: "not-rendered", file: "a.yaml", message: "HelmRelease x/y: Helm releases are not rendered" },
        { kind: "other", file: "b.yaml", message: "?" },
        "text",
      ],
      skipped: { Service: 2, Bad: "x" },
    });
    expect(parsePreviewReport(text)).toEqual({
      ok: true,
      report: {
        folder: "/repo",
        renderer: "kubectl kustomize (kustomize v5.5.0)",
        problems: [
          {
            kind: "not-rendered",
            file: "a.yaml",
            message: "HelmRelease x/y: Helm releases are not rendered",
          },
        ],
        skipped: { Service: 2 },
      },
    });
  });

  it("says what is wrong with something else", () => {
    expect(parsePreviewReport("{")).toEqual({ ok: false, error: "is not JSON" });
    expect(parsePreviewReport("{}")).toEqual({ ok: false, error: "has no folder or renderer" });
  });
});
