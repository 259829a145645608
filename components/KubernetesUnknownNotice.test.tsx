import { render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { UnknownKind } from "@/lib/status/cluster-knowledge";
import { KubernetesUnknownNotice } from "./KubernetesUnknownNotice";
import { MINUTE, FIXED_NOW } from "./testing/status-fixtures";

function unknown(overrides: Partial<UnknownKind>): UnknownKind {
  return {
    kind: "ciliumnetworkpolicies",
    what: "CiliumNetworkPolicies",
    state: "forbidden",
    since: FIXED_NOW - 2 * MINUTE,
    lastAliveAt: FIXED_NOW - 6 * MINUTE,
    reason: "no right to read CiliumNetworkPolicies",
    ...overrides,
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: FIXED_NOW, toFake: ["Date"] });
});

describe("KubernetesUnknownNotice", () => {
  it("shows nothing while every kind is known", () => {
    const { container } = render(<KubernetesUnknownNotice knowledge={{ unknown: [] }} />);
    expect(container.textContent).toBe("");
  });

  it("says what is unknown since when, how old the data shown is, and that nothing is concluded", () => {
    render(<KubernetesUnknownNotice knowledge={{ unknown: [unknown({})] }} />);
    expect(screen.getByRole("alert").textContent).toBe(
      "unknown — no right to read CiliumNetworkPolicies since 2 min ago (CiliumNetworkPolicies). " +
        "Last-known data shown, stale: from 6 min ago. " +
        "Sieve concludes nothing from it: no finding, no drop class, no absent namespace.",
    );
  });

  it("gives one line per reason, the oldest data of the kinds behind it, and says when nothing was read", () => {
    const unreachable = { reason: "Kubernetes API unreachable", state: "unavailable" as const };
    render(
      <KubernetesUnknownNotice
        knowledge={{
          unknown: [
            unknown({ ...unreachable, kind: "pods", what: "Pods", lastAliveAt: FIXED_NOW - 3 * MINUTE }),
            unknown({
              ...unreachable,
              kind: "namespaces",
              what: "Namespaces",
              lastAliveAt: FIXED_NOW - 9 * MINUTE,
            }),
            unknown({ since: null, lastAliveAt: null }),
          ],
        }}
      />,
    );
    const [first, second] = screen.getByRole("alert").querySelectorAll("p");
    expect(first!.textContent).toContain("Kubernetes API unreachable since 2 min ago (Pods, Namespaces).");
    expect(first!.textContent).toContain("stale: from 9 min ago.");
    expect(second!.textContent).toContain("no right to read CiliumNetworkPolicies (CiliumNetworkPolicies).");
    expect(second!.textContent).toContain("Nothing was read yet.");
  });
});
