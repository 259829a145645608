import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { normalizePolicies } from "@/lib/policy/model";
import { ccnp, cnp, homelabBaselines, netpol } from "@/lib/policy/testing/builders";
import { policyRole } from "./policy-roles";

describe("policyRole", () => {
  const policies = normalizePolicies(
    [
      ...homelabBaselines(),
      ccnp("renamed-dns", { endpointSelector: {}, egress: [{ toEntities: ["cluster"] }] }),
      ccnp("all-profiles", {
        endpointSelector: {
          matchExpressions: [
            { key: "io.cilium.k8s.namespace.labels.network-policy.homelab/profile", operator: "Exists" },
          ],
        },
      }),
      ccnp("web-everywhere", { endpointSelector: { matchLabels: { app: "web" } } }),
    ],
    [cnp("shop", "own", { endpointSelector: {} })],
    [netpol("shop", "np", { podSelector: {} })],
  );
  const role = (name: string) =>
    policyRole(
      policies.find((p) => p.ref.name === name)!,
      DEFAULT_CONVENTIONS,
    );

  it("reads roles from the selector, not the name", () => {
    expect(role("baseline-dns").role).toBe("baseline");
    expect(role("renamed-dns").role).toBe("baseline");
    expect(role("profile-standard")).toEqual({ role: "profile", profiles: ["standard"], accessLabels: [] });
    expect(role("all-profiles").profiles).toEqual(["*"]);
    expect(role("access-postgres")).toEqual({ role: "access", profiles: [], accessLabels: ["postgres"] });
    expect(role("escape-hatch").role).toBe("escape-hatch");
    expect(role("web-everywhere").role).toBe("cluster-wide");
  });

  it("calls CNPs and NetworkPolicies namespace policies", () => {
    expect(role("own").role).toBe("namespace");
    expect(role("np").role).toBe("namespace");
  });
});
