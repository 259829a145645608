import { describe, expect, it } from "vitest";
import type { Namespace } from "@/lib/kube/types";
import { fieldManagerOf, trackLabelOwnership } from "./managed-fields";

function ns(
  labels: Record<string, string>,
  managedFields: Namespace["metadata"]["managedFields"] = [],
): Namespace {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: "app", labels, managedFields } };
}

const T1 = "2026-01-01T00:00:00Z";
const T2 = "2026-01-02T00:00:00Z";

describe("trackLabelOwnership", () => {
  it("gives a new label to the manager that set it, with the time", () => {
    const entries = trackLabelOwnership(
      ns({ a: "1" }),
      ns({ a: "1", enforcement: "disabled" }),
      "kubectl-label",
      T1,
    );
    expect(entries).toEqual([
      {
        manager: "kubectl-label",
        operation: "Update",
        apiVersion: "v1",
        fieldsType: "FieldsV1",
        time: T1,
        fieldsV1: { "f:metadata": { "f:labels": { "f:enforcement": {} } } },
      },
    ]);
  });

  it("moves a changed label from its old owner to the new one and keeps the old owner's other labels", () => {
    const first = trackLabelOwnership(undefined, ns({ a: "1", b: "1" }), "flux", T1);
    const second = trackLabelOwnership(
      ns({ a: "1", b: "1" }, first),
      ns({ a: "2", b: "1" }),
      "kubectl-label",
      T2,
    );
    const flux = second.find((e) => e.manager === "flux")!;
    const kubectl = second.find((e) => e.manager === "kubectl-label")!;
    expect(flux.fieldsV1).toEqual({ "f:metadata": { "f:labels": { "f:b": {} } } });
    expect(flux.time).toBe(T1);
    expect(kubectl.fieldsV1).toEqual({ "f:metadata": { "f:labels": { "f:a": {} } } });
    expect(kubectl.time).toBe(T2);
  });

  it("drops a removed label from every entry and forgets entries left empty", () => {
    const first = trackLabelOwnership(ns({}), ns({ enforcement: "disabled" }), "kubectl-label", T1);
    const second = trackLabelOwnership(ns({ enforcement: "disabled" }, first), ns({}), "kubectl-label", T2);
    expect(second).toEqual([]);
  });

  it("leaves the entries alone when no label changes", () => {
    const first = trackLabelOwnership(undefined, ns({ a: "1" }), "flux", T1);
    expect(trackLabelOwnership(ns({ a: "1" }, first), ns({ a: "1" }), "kubectl-edit", T2)).toEqual(first);
  });
});

describe("fieldManagerOf", () => {
  it("prefers ?fieldManager and falls back to the user agent's client name", () => {
    expect(fieldManagerOf(new URLSearchParams("fieldManager=kubectl-label"), "kubectl/v1.32.4")).toBe(
      "kubectl-label",
    );
    expect(fieldManagerOf(new URLSearchParams(), "kubectl/v1.32.4 (linux/amd64)")).toBe("kubectl");
    expect(fieldManagerOf(new URLSearchParams(), undefined)).toBe("unknown");
  });
});
