import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import type { ManagedFieldsEntry } from "@/lib/kube/types";
import { ns } from "@/lib/policy/testing/builders";
import {
  describeElapsed,
  enforcementPosture,
  labelManagers,
  labelSetAt,
  labelSetByHand,
} from "./enforcement";

const KEY = "network-policy.homelab/enforcement";
const SET_AT = Date.parse("2025-03-01T10:00:00Z");
const MINUTE = 60_000;

function labelEntry(time: string, key = KEY, manager = "kubectl-label"): ManagedFieldsEntry {
  return {
    manager,
    operation: "Update",
    time,
    fieldsType: "FieldsV1",
    fieldsV1: { "f:metadata": { "f:labels": { [`f:${key}`]: {} } } },
  };
}

function disabledNamespace(managedFields?: ManagedFieldsEntry[]) {
  return ns("shop", { [KEY]: "disabled" }, { managedFields });
}

describe("labelSetByHand", () => {
  const T = "2025-03-01T10:00:00Z";
  it("is false only when GitOps tools alone own the label", () => {
    const flux = [labelEntry(T, KEY, "kustomize-controller"), labelEntry(T, "other", "kubectl-label")];
    expect(labelManagers(flux, KEY)).toEqual(["kustomize-controller"]);
    expect(labelSetByHand(flux, KEY)).toBe(false);
    expect(labelSetByHand([labelEntry(T, KEY, "argocd-controller")], KEY)).toBe(false);
    expect(labelSetByHand([labelEntry(T)], KEY)).toBe(true);
    expect(labelSetByHand([labelEntry(T, KEY, "kustomize-controller"), labelEntry(T)], KEY)).toBe(true);
  });

  it("counts unknown ownership as by hand", () => {
    expect(labelSetByHand(undefined, KEY)).toBe(true);
    expect(labelSetByHand([labelEntry(T, "other", "kustomize-controller")], KEY)).toBe(true);
  });
});

describe("labelSetAt", () => {
  it("takes the time of the entry that owns the label", () => {
    const fields = [
      labelEntry("2025-02-01T00:00:00Z", "other-label", "flux"),
      labelEntry("2025-03-01T10:00:00Z"),
      { manager: "x", time: "2025-01-01T00:00:00Z", fieldsV1: { "f:spec": {} } },
    ];
    expect(labelSetAt(fields, KEY)).toBe("2025-03-01T10:00:00.000Z");
  });

  it("is null without an owning entry, and tolerates junk", () => {
    expect(labelSetAt(undefined, KEY)).toBeNull();
    expect(labelSetAt([null, "x", { fieldsV1: "no" }, labelEntry("not a date")], KEY)).toBeNull();
  });
});

describe("enforcementPosture", () => {
  it("is enabled without the label", () => {
    const posture = enforcementPosture(ns("shop"), DEFAULT_CONVENTIONS, SET_AT);
    expect(posture).toMatchObject({
      state: "enforced",
      enabled: true,
      alert: null,
      reenableCommand: null,
      summary: "enforced",
    });
  });

  it("is wide open, not enforced, when no policy selects the namespace", () => {
    const posture = enforcementPosture(ns("shop"), DEFAULT_CONVENTIONS, SET_AT, false);
    expect(posture).toMatchObject({ state: "unselected", enabled: true, alert: null });
    expect(posture.summary).toBe("wide open: no policy selects it, so all its traffic flows");
    const optIn = { ...DEFAULT_CONVENTIONS, baselineOptIn: { key: "x/enforced", value: "true" } };
    expect(enforcementPosture(ns("shop"), optIn, SET_AT, false).summary).toContain(
      "(it is not labelled x/enforced=true, which the baselines select)",
    );
  });

  it("reports an open escape hatch as disabled even when no other policy selects the namespace", () => {
    const posture = enforcementPosture(disabledNamespace(), DEFAULT_CONVENTIONS, SET_AT, false);
    expect(posture.state).toBe("disabled");
  });

  it("stays enabled when the label has another value", () => {
    const posture = enforcementPosture(ns("shop", { [KEY]: "enabled" }), DEFAULT_CONVENTIONS, SET_AT);
    expect(posture.enabled).toBe(true);
    expect(posture.labelValue).toBe("enabled");
  });

  it("raises no alert under 5 minutes", () => {
    const posture = enforcementPosture(
      disabledNamespace([labelEntry("2025-03-01T10:00:00Z")]),
      DEFAULT_CONVENTIONS,
      SET_AT + 4 * MINUTE,
    );
    expect(posture).toMatchObject({
      enabled: false,
      disabledSince: "2025-03-01T10:00:00.000Z",
      disabledForMs: 4 * MINUTE,
      sinceSource: "managedFields",
      alert: null,
      nextAlertAt: "2025-03-01T10:05:00.000Z",
    });
  });

  it("fires the warning from 5 minutes", () => {
    const posture = enforcementPosture(
      disabledNamespace([labelEntry("2025-03-01T10:00:00Z")]),
      DEFAULT_CONVENTIONS,
      SET_AT + 5 * MINUTE,
    );
    expect(posture.alert).toEqual({ name: "NetworkPolicyEnforcementDisabled", severity: "warning" });
    expect(posture.nextAlertAt).toBe("2025-03-02T10:00:00.000Z");
  });

  it("fires the critical alert from 24 hours", () => {
    const justBefore = enforcementPosture(
      disabledNamespace([labelEntry("2025-03-01T10:00:00Z")]),
      DEFAULT_CONVENTIONS,
      SET_AT + 24 * 60 * MINUTE - 1,
    );
    expect(justBefore.alert?.severity).toBe("warning");
    const posture = enforcementPosture(
      disabledNamespace([labelEntry("2025-03-01T10:00:00Z")]),
      DEFAULT_CONVENTIONS,
      SET_AT + 24 * 60 * MINUTE,
    );
    expect(posture.alert).toEqual({ name: "NetworkPolicyEnforcementDisabledLong", severity: "critical" });
    expect(posture.nextAlertAt).toBeNull();
    expect(posture.summary).toBe(
      "disabled for 1d (since 2025-03-01T10:00:00.000Z): NetworkPolicyEnforcementDisabledLong (critical) is firing",
    );
  });

  it("falls back to unknown without managedFields, still telling how to re-enable", () => {
    const posture = enforcementPosture(disabledNamespace(), DEFAULT_CONVENTIONS, SET_AT);
    expect(posture).toMatchObject({
      enabled: false,
      disabledSince: null,
      sinceSource: "unknown",
      alert: null,
      reenableCommand: "kubectl label namespace shop network-policy.homelab/enforcement-",
      runbook: "docs/runbooks/network-policy-escape-hatch.md",
    });
    expect(posture.summary).toMatch(/unknown/);
  });

  it("follows configured thresholds", () => {
    const conventions = {
      ...DEFAULT_CONVENTIONS,
      enforcementAlerts: {
        warning: { name: "W", afterMs: MINUTE },
        critical: { name: "C", afterMs: 2 * MINUTE },
      },
    };
    const posture = enforcementPosture(
      disabledNamespace([labelEntry("2025-03-01T10:00:00Z")]),
      conventions,
      SET_AT + 2 * MINUTE,
    );
    expect(posture.alert).toEqual({ name: "C", severity: "critical" });
  });
});

describe("describeElapsed", () => {
  it("reads like a person would say it", () => {
    expect(describeElapsed(30_000)).toBe("30s");
    expect(describeElapsed(12 * MINUTE)).toBe("12m");
    expect(describeElapsed(185 * MINUTE)).toBe("3h 5m");
    expect(describeElapsed(52 * 60 * MINUTE)).toBe("2d 4h");
  });
});
