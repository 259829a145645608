import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import type { CiliumPolicyRule } from "@/lib/kube/types";
import { normalizePolicies } from "@/lib/policy/model";
import type { NamespaceSelection } from "@/lib/policy/selection";
import { namespaceInfo } from "@/lib/policy/selector";
import { ccnp, cnp, DNS_EGRESS, HEALTH_INGRESS, netpol, SCRAPE_INGRESS } from "@/lib/policy/testing/builders";
import {
  buildCheckProbes,
  namespaceChecks,
  newProbeMemo,
  type PlatformCheck,
  type PlatformCheckId,
} from "./platform-checks";

const probes = buildCheckProbes(DEFAULT_CONVENTIONS);
const database = namespaceInfo("database");
const ambient = namespaceInfo("database", { "istio.io/dataplane-mode": "ambient" });
const ZTUNNEL = { matchLabels: { "io.kubernetes.pod.namespace": "istio-system", app: "ztunnel" } };
const HBONE = [{ ports: [{ port: "15008", protocol: "TCP" as const }] }];

function selectionsOf(
  specs: CiliumPolicyRule[],
  options: { ccnp?: boolean; coverage?: "all" | "some" } = {},
): NamespaceSelection[] {
  const policies = options.ccnp
    ? normalizePolicies(
        specs.map((s, i) => ccnp(`p${i}`, s)),
        [],
        [],
      )
    : normalizePolicies(
        [],
        specs.map((s, i) => cnp("database", `p${i}`, s)),
        [],
      );
  return policies.map((policy) => ({ policy, coverage: options.coverage ?? "all" }));
}

function check(selections: NamespaceSelection[], id: PlatformCheckId, ns = database): PlatformCheck {
  const found = namespaceChecks(ns, true, selections, probes, DEFAULT_CONVENTIONS, newProbeMemo()).find(
    (c) => c.id === id,
  );
  if (!found) throw new Error(id);
  return found;
}

describe("DNS egress check", () => {
  it("is present when a rule allows 53/UDP and 53/TCP to kube-dns", () => {
    const result = check(selectionsOf([{ endpointSelector: {}, egress: [DNS_EGRESS] }]), "dns-egress");
    expect(result.status).toBe("present");
    expect(result.message).toBe("allowed by CNP database/p0");
  });

  it("is missing without such a rule, whatever the policy is called", () => {
    const result = check(
      selectionsOf([
        { endpointSelector: {}, egress: [{ toEntities: ["world"], toPorts: [{ ports: [{ port: "53" }] }] }] },
      ]),
      "dns-egress",
    );
    expect(result.status).toBe("missing");
    expect(result.parts.every((p) => p.status === "missing")).toBe(true);
  });

  it("is partial with UDP only", () => {
    const udpOnly = {
      toEndpoints: [
        { matchLabels: { "k8s:io.kubernetes.pod.namespace": "kube-system", "k8s-app": "kube-dns" } },
      ],
      toPorts: [{ ports: [{ port: "53", protocol: "UDP" as const }] }],
    };
    const result = check(selectionsOf([{ endpointSelector: {}, egress: [udpOnly] }]), "dns-egress");
    expect(result.status).toBe("partial");
    expect(result.message).toMatch(/53\/TCP: nothing allows it/);
  });

  it("counts a baseline CCNP and judges rules by what they allow (entity cluster, protocol ANY)", () => {
    const broad = {
      toEntities: ["cluster"],
      toPorts: [{ ports: [{ port: "53", protocol: "ANY" as const }] }],
    };
    expect(
      check(selectionsOf([{ endpointSelector: {}, egress: [broad] }], { ccnp: true }), "dns-egress").status,
    ).toBe("present");
  });

  it("counts a NetworkPolicy that allows DNS", () => {
    const np = normalizePolicies(
      [],
      [],
      [
        netpol("database", "dns", {
          podSelector: {},
          policyTypes: ["Egress"],
          egress: [
            {
              to: [
                {
                  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                  podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                },
              ],
              ports: [
                { protocol: "UDP", port: 53 },
                { protocol: "TCP", port: 53 },
              ],
            },
          ],
        }),
      ],
    );
    expect(
      check(
        np.map((policy) => ({ policy, coverage: "all" as const })),
        "dns-egress",
      ).status,
    ).toBe("present");
  });

  it("is partial when only a policy for some pods allows it, and missing when denied", () => {
    expect(
      check(
        selectionsOf([{ endpointSelector: {}, egress: [DNS_EGRESS] }], { coverage: "some" }),
        "dns-egress",
      ).status,
    ).toBe("partial");
    const denied = check(
      selectionsOf([
        { endpointSelector: {}, egress: [DNS_EGRESS], egressDeny: [{ toEntities: ["cluster"] }] },
      ]),
      "dns-egress",
    );
    expect(denied.status).toBe("missing");
    expect(denied.message).toMatch(/denied by CNP database\/p0/);
  });
});

describe("Prometheus scrape check", () => {
  it("is present with ingress from monitoring prometheus on a TCP port", () => {
    expect(
      check(selectionsOf([{ endpointSelector: {}, ingress: [SCRAPE_INGRESS] }]), "prometheus-scrape").status,
    ).toBe("present");
  });

  it("is missing when only other monitoring pods may connect", () => {
    const grafana = {
      fromEndpoints: [{ matchLabels: { "io.kubernetes.pod.namespace": "monitoring", app: "grafana" } }],
      toPorts: [{ ports: [{ port: "9090", protocol: "TCP" as const }] }],
    };
    expect(
      check(selectionsOf([{ endpointSelector: {}, ingress: [grafana] }]), "prometheus-scrape").status,
    ).toBe("missing");
  });
});

describe("health-probe check", () => {
  it("is present with entity health and 169.254.0.0/16", () => {
    expect(
      check(selectionsOf([{ endpointSelector: {}, ingress: HEALTH_INGRESS }]), "health-probes").status,
    ).toBe("present");
  });

  it("is partial with only the entity, missing with neither", () => {
    expect(
      check(
        selectionsOf([{ endpointSelector: {}, ingress: [{ fromEntities: ["health"] }] }]),
        "health-probes",
      ).status,
    ).toBe("partial");
    expect(
      check(selectionsOf([{ endpointSelector: {}, ingress: [SCRAPE_INGRESS] }]), "health-probes").status,
    ).toBe("missing");
  });
});

describe("HBONE check", () => {
  const hbone: CiliumPolicyRule = {
    endpointSelector: {},
    ingress: [{ fromEndpoints: [ZTUNNEL], toPorts: HBONE }],
    egress: [{ toEndpoints: [ZTUNNEL], toPorts: HBONE }],
  };

  it("is present in the ambient mesh with 15008 to and from ztunnel", () => {
    const result = check(selectionsOf([hbone]), "hbone", ambient);
    expect(result).toMatchObject({ status: "present", required: true });
  });

  it("is missing in the ambient mesh without the rules, or with one direction only", () => {
    expect(
      check(selectionsOf([{ endpointSelector: {}, ingress: HEALTH_INGRESS }]), "hbone", ambient).status,
    ).toBe("missing");
    const inOnly = { ...hbone, egress: [] };
    expect(check(selectionsOf([inOnly]), "hbone", ambient).status).toBe("partial");
  });

  it("does not apply outside the ambient mesh", () => {
    expect(check(selectionsOf([]), "hbone", database)).toMatchObject({
      status: "not-applicable",
      required: false,
    });
  });
});
