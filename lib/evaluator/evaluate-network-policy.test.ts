// Kubernetes NetworkPolicy semantics, with the examples of the Kubernetes documentation.

import { describe, expect, it } from "vitest";
import { cnp, netpol, ns } from "@/lib/policy/testing/builders";
import { connectionAllowed, evaluateConnection } from "./evaluate-flow";
import { address, contextOf, podIn, query } from "./testing/queries";

const NAMESPACES = [ns("default"), ns("myproject", { project: "myproject" }), ns("elsewhere")];

describe("the test-network-policy example", () => {
  const context = contextOf({
    namespaces: NAMESPACES,
    netpols: [
      netpol("default", "test-network-policy", {
        podSelector: { matchLabels: { role: "db" } },
        policyTypes: ["Ingress", "Egress"],
        ingress: [
          {
            from: [
              { ipBlock: { cidr: "172.17.0.0/16", except: ["172.17.1.0/24"] } },
              { namespaceSelector: { matchLabels: { project: "myproject" } } },
              { podSelector: { matchLabels: { role: "frontend" } } },
            ],
            ports: [{ protocol: "TCP", port: 6379 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/24" } }], ports: [{ protocol: "TCP", port: 5978 }] }],
      }),
    ],
  });
  const db = podIn("default", { role: "db" }, "db-0");

  it("ipBlock allows the block minus its except ranges", () => {
    expect(connectionAllowed(query(address("172.17.0.5"), db, 6379), context)).toBe(true);
    expect(connectionAllowed(query(address("172.17.1.5"), db, 6379), context)).toBe(false);
  });

  it("the peers of one from list are ORed: any pod of a matching namespace, or frontends here", () => {
    expect(connectionAllowed(query(podIn("myproject", { any: "pod" }), db, 6379), context)).toBe(true);
    expect(connectionAllowed(query(podIn("default", { role: "frontend" }), db, 6379), context)).toBe(true);
  });

  it("a podSelector alone means the policy's own namespace", () => {
    expect(connectionAllowed(query(podIn("elsewhere", { role: "frontend" }), db, 6379), context)).toBe(false);
  });

  it("only the listed ports are allowed", () => {
    expect(connectionAllowed(query(podIn("default", { role: "frontend" }), db, 6380), context)).toBe(false);
  });

  it("egress is limited to the block and port of the egress rule", () => {
    expect(connectionAllowed(query(db, address("10.0.0.5"), 5978), context)).toBe(true);
    expect(connectionAllowed(query(db, address("10.0.0.5"), 5979), context)).toBe(false);
    expect(connectionAllowed(query(db, address("10.0.1.5"), 5978), context)).toBe(false);
  });

  it("pods the podSelector does not select stay open", () => {
    const web = podIn("default", { role: "web" });
    expect(connectionAllowed(query(address("8.8.8.8"), web, 80), context)).toBe(true);
    expect(connectionAllowed(query(web, address("8.8.8.8"), 80), context)).toBe(true);
  });
});

describe("AND versus OR peers", () => {
  const alice = ns("alice-ns", { user: "alice" });
  const bob = ns("bob-ns", { user: "bob" });
  const server = podIn("default", { app: "server" });

  it("namespaceSelector and podSelector in one element must both match (AND)", () => {
    const context = contextOf({
      namespaces: [ns("default"), alice, bob],
      netpols: [
        netpol("default", "and", {
          podSelector: { matchLabels: { app: "server" } },
          ingress: [
            {
              from: [
                {
                  namespaceSelector: { matchLabels: { user: "alice" } },
                  podSelector: { matchLabels: { role: "client" } },
                },
              ],
            },
          ],
        }),
      ],
    });
    expect(connectionAllowed(query(podIn("alice-ns", { role: "client" }), server, 80), context)).toBe(true);
    expect(connectionAllowed(query(podIn("alice-ns", { role: "other" }), server, 80), context)).toBe(false);
    expect(connectionAllowed(query(podIn("bob-ns", { role: "client" }), server, 80), context)).toBe(false);
  });

  it("the same selectors in two elements match either (OR)", () => {
    const context = contextOf({
      namespaces: [ns("default"), alice, bob],
      netpols: [
        netpol("default", "or", {
          podSelector: { matchLabels: { app: "server" } },
          ingress: [
            {
              from: [
                { namespaceSelector: { matchLabels: { user: "alice" } } },
                { podSelector: { matchLabels: { role: "client" } } },
              ],
            },
          ],
        }),
      ],
    });
    expect(connectionAllowed(query(podIn("alice-ns", { role: "other" }), server, 80), context)).toBe(true);
    expect(connectionAllowed(query(podIn("default", { role: "client" }), server, 80), context)).toBe(true);
    expect(connectionAllowed(query(podIn("bob-ns", { role: "client" }), server, 80), context)).toBe(false);
  });

  it("namespaceSelector: {} means pods of every namespace, but nothing outside the cluster", () => {
    const context = contextOf({
      namespaces: [ns("default"), bob],
      netpols: [
        netpol("default", "all-namespaces", {
          podSelector: {},
          ingress: [{ from: [{ namespaceSelector: {} }] }],
        }),
      ],
    });
    expect(connectionAllowed(query(podIn("bob-ns"), server, 80), context)).toBe(true);
    expect(connectionAllowed(query(address("203.0.113.4"), server, 80), context)).toBe(false);
  });
});

describe("policyTypes", () => {
  const pod = podIn("default", { app: "x" });

  it("Ingress only: ingress is default deny, egress stays open (default-deny-ingress)", () => {
    const context = contextOf({
      netpols: [netpol("default", "default-deny-ingress", { podSelector: {}, policyTypes: ["Ingress"] })],
    });
    const inbound = evaluateConnection(query(podIn("default"), pod, 80), context);
    expect(inbound.ingress).toMatchObject({ enforced: true, reason: "no-rule-allows" });
    const outbound = evaluateConnection(query(pod, address("8.8.8.8"), 53, "UDP"), context);
    expect(outbound.egress).toMatchObject({ enforced: false, reason: "no-policy", allowed: true });
  });

  it("Egress only: egress is default deny, ingress stays open (default-deny-egress)", () => {
    const context = contextOf({
      netpols: [netpol("default", "default-deny-egress", { podSelector: {}, policyTypes: ["Egress"] })],
    });
    expect(connectionAllowed(query(pod, address("8.8.8.8"), 53, "UDP"), context)).toBe(false);
    expect(connectionAllowed(query(address("8.8.8.8"), pod, 80), context)).toBe(true);
  });

  it("without policyTypes, egress rules make the policy police egress too", () => {
    const context = contextOf({
      netpols: [
        netpol("default", "inferred", {
          podSelector: {},
          egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }],
        }),
      ],
    });
    expect(connectionAllowed(query(pod, address("10.1.1.1"), 80), context)).toBe(true);
    expect(connectionAllowed(query(pod, address("8.8.8.8"), 80), context)).toBe(false);
    expect(connectionAllowed(query(address("8.8.8.8"), pod, 80), context)).toBe(false);
  });

  it("an empty rule allows all ingress (allow-all-ingress)", () => {
    const context = contextOf({
      netpols: [
        netpol("default", "default-deny-ingress", { podSelector: {}, policyTypes: ["Ingress"] }),
        netpol("default", "allow-all-ingress", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] }),
      ],
    });
    expect(connectionAllowed(query(address("203.0.113.7"), pod, 8080), context)).toBe(true);
  });
});

describe("endPort", () => {
  // docs: multi-port-egress.
  const context = contextOf({
    netpols: [
      netpol("default", "multi-port-egress", {
        podSelector: { matchLabels: { role: "db" } },
        policyTypes: ["Egress"],
        egress: [
          {
            to: [{ ipBlock: { cidr: "10.0.0.0/24" } }],
            ports: [{ protocol: "TCP", port: 32000, endPort: 32768 }],
          },
        ],
      }),
    ],
  });
  const db = podIn("default", { role: "db" });

  it("allows the range's bounds and what lies between", () => {
    for (const port of [32000, 32500, 32768]) {
      expect(connectionAllowed(query(db, address("10.0.0.9"), port), context)).toBe(true);
    }
    expect(connectionAllowed(query(db, address("10.0.0.9"), 31999), context)).toBe(false);
    expect(connectionAllowed(query(db, address("10.0.0.9"), 32769), context)).toBe(false);
    expect(connectionAllowed(query(db, address("10.0.0.9"), 32000, "UDP"), context)).toBe(false);
  });
});

describe("NetworkPolicies and Cilium policies together", () => {
  it("allows add up across kinds", () => {
    const context = contextOf({
      netpols: [
        netpol("default", "np", {
          podSelector: { matchLabels: { app: "api" } },
          ingress: [{ from: [{ podSelector: { matchLabels: { app: "web" } } }] }],
        }),
      ],
      cnps: [
        cnp("default", "cnp", {
          endpointSelector: { matchLabels: { app: "api" } },
          ingress: [{ fromEntities: ["world"], toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }] }],
        }),
      ],
    });
    const api = podIn("default", { app: "api" });
    const fromWeb = evaluateConnection(query(podIn("default", { app: "web" }), api, 8080), context);
    expect(fromWeb.ingress.allowedBy.map((r) => r.ref.kind)).toEqual(["NetworkPolicy"]);
    const fromWorld = evaluateConnection(query(address("203.0.113.1"), api, 443), context);
    expect(fromWorld.ingress.allowedBy.map((r) => r.ref.kind)).toEqual(["CNP"]);
    expect(connectionAllowed(query(address("203.0.113.1"), api, 8080), context)).toBe(false);
  });
});
