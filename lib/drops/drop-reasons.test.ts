import { describe, expect, it } from "vitest";
import { explainDropReason, isPolicyDropReason, isUnreportedDropReason } from "./drop-reasons";

describe("drop reasons", () => {
  it("counts denials and required authentication as policy", () => {
    expect(["POLICY_DENIED", "POLICY_DENY", "AUTH_REQUIRED"].every(isPolicyDropReason)).toBe(true);
    expect(isPolicyDropReason("CT_MAP_INSERTION_FAILED")).toBe(false);
    expect(isPolicyDropReason(null)).toBe(false);
  });

  it("knows an unreported reason", () => {
    expect(isUnreportedDropReason(null)).toBe(true);
    expect(isUnreportedDropReason("DROP_REASON_UNKNOWN")).toBe(true);
    expect(isUnreportedDropReason("TTL_EXCEEDED")).toBe(false);
  });

  it("explains known reasons in plain words and falls back to the name", () => {
    expect(explainDropReason("SERVICE_BACKEND_NOT_FOUND").meaning).toContain("no ready backend");
    expect(explainDropReason("hasOwnProperty").meaning).toBe("Dropped by the datapath: hasOwnProperty.");
  });
});
