// Cilium semantics, with the policies of Cilium's documentation (Layer 3, Layer 4, DNS, deny policies).

import { describe, expect, it } from "vitest";
import { ccnp, cnp, ns } from "@/lib/policy/testing/builders";
import { connectionAllowed, evaluateConnection } from "./evaluate-flow";
import { address, contextOf, entity, fqdn, podIn, query } from "./testing/queries";

const NAMESPACES = [ns("default"), ns("other")];

describe("default deny, per direction", () => {
  // docs: "Endpoints based" (l3-rule): backends accept ingress from frontends only.
  const context = contextOf({
    namespaces: NAMESPACES,
    cnps: [
      cnp("default", "l3-rule", {
        endpointSelector: { matchLabels: { role: "backend" } },
        ingress: [{ fromEndpoints: [{ matchLabels: { role: "frontend" } }] }],
      }),
    ],
  });
  const backend = podIn("default", { role: "backend" }, "backend");
  const frontend = podIn("default", { role: "frontend" }, "frontend");
  const stranger = podIn("default", { role: "stranger" }, "stranger");

  it("allows ingress that a rule allows, naming the rule", () => {
    const verdict = evaluateConnection(query(frontend, backend, 80), context);
    expect(verdict.allowed).toBe(true);
    expect(verdict.ingress).toMatchObject({ enforced: true, reason: "allowed" });
    expect(verdict.ingress.allowedBy).toEqual([
      expect.objectContaining({
        ref: { kind: "CNP", namespace: "default", name: "l3-rule" },
        rule: "spec.ingress[0]",
      }),
    ]);
  });

  it("drops ingress nothing allows once a policy selects the endpoint for ingress", () => {
    const verdict = evaluateConnection(query(stranger, backend, 80), context);
    expect(verdict.allowed).toBe(false);
    expect(verdict.droppedAt).toBe("ingress");
    expect(verdict.ingress).toMatchObject({ enforced: true, reason: "no-rule-allows", allowedBy: [] });
  });

  it("leaves the other direction open: an ingress policy does not police egress", () => {
    const verdict = evaluateConnection(query(backend, stranger, 443), context);
    expect(verdict.egress).toMatchObject({ enforced: false, allowed: true, reason: "no-policy" });
    expect(verdict.allowed).toBe(true);
  });

  it("allows everything for endpoints no policy selects", () => {
    const verdict = evaluateConnection(query(stranger, frontend, 8080), context);
    expect(verdict.egress.reason).toBe("no-policy");
    expect(verdict.ingress.reason).toBe("no-policy");
    expect(verdict.allowed).toBe(true);
  });

  it("an empty rule (ingress: [{}]) only turns default deny on", () => {
    // docs: "Ingress/Egress Default Deny".
    const denyAll = contextOf({
      cnps: [
        cnp("default", "deny-ingress", {
          endpointSelector: { matchLabels: { role: "restricted" } },
          ingress: [{}],
        }),
      ],
    });
    const restricted = podIn("default", { role: "restricted" });
    expect(connectionAllowed(query(frontend, restricted, 80), denyAll)).toBe(false);
    expect(connectionAllowed(query(restricted, frontend, 80), denyAll)).toBe(true);
  });

  it("enableDefaultDeny: false lets a policy add rules without denying the rest", () => {
    const context = contextOf({
      ccnps: [
        ccnp("dns-visibility", {
          endpointSelector: {},
          enableDefaultDeny: { egress: false },
          egress: [
            {
              toEndpoints: [{ matchLabels: { "k8s-app": "kube-dns" } }],
              toPorts: [{ ports: [{ port: "53" }] }],
            },
          ],
        }),
      ],
    });
    const verdict = evaluateConnection(query(frontend, address("1.1.1.1"), 443), context);
    expect(verdict.egress).toMatchObject({ enforced: false, allowed: true, reason: "no-policy" });
    expect(verdict.egress.selectedBy).toEqual([{ kind: "CCNP", name: "dns-visibility" }]);
  });
});

describe("CNP and CCNP scoping", () => {
  const context = contextOf({
    namespaces: NAMESPACES,
    cnps: [cnp("default", "same-namespace", { endpointSelector: {}, ingress: [{ fromEndpoints: [{}] }] })],
    ccnps: [
      ccnp("web-from-any-pod", {
        endpointSelector: { matchLabels: { app: "web" } },
        ingress: [{ fromEndpoints: [{}] }],
      }),
    ],
  });

  it("a CNP's empty endpointSelector selects its own namespace only", () => {
    const verdict = evaluateConnection(query(podIn("other"), podIn("other", { app: "api" }), 80), context);
    expect(verdict.ingress.reason).toBe("no-policy");
  });

  it("a CNP's fromEndpoints: [{}] means pods of the policy's namespace", () => {
    expect(connectionAllowed(query(podIn("default"), podIn("default"), 80), context)).toBe(true);
    expect(connectionAllowed(query(podIn("other"), podIn("default"), 80), context)).toBe(false);
  });

  it("a CCNP's fromEndpoints: [{}] means pods of every namespace, but not the world", () => {
    const web = podIn("other", { app: "web" });
    expect(connectionAllowed(query(podIn("default"), web, 80), context)).toBe(true);
    expect(connectionAllowed(query(address("8.8.8.8"), web, 80), context)).toBe(false);
  });
});

describe("a cluster-wide 'intra-namespace' baseline with empty selectors", () => {
  // A CCNP's [{}] is every pod of every namespace: such a baseline opens all pod-to-pod traffic, on
  // every port, whatever the access policies say.
  const database = ns("database");
  const context = contextOf({
    namespaces: [...NAMESPACES, database],
    ccnps: [
      ccnp("intra-namespace", {
        description: "Allow traffic within the same namespace",
        endpointSelector: {},
        ingress: [{ fromEndpoints: [{}] }],
        egress: [{ toEndpoints: [{}] }],
      }),
      ccnp("access-postgres", {
        endpointSelector: { matchLabels: { "io.cilium.k8s.namespace.labels.access/postgres": "true" } },
        egress: [
          {
            toEndpoints: [{ matchLabels: { "io.kubernetes.pod.namespace": "database" } }],
            toPorts: [{ ports: [{ port: "5432", protocol: "TCP" }] }],
          },
        ],
      }),
    ],
  });

  it("lets a pod without the access label reach the database on any port", () => {
    const verdict = evaluateConnection(
      query(podIn("other"), podIn("database", { app: "pg" }), 5432),
      context,
    );
    expect(verdict.allowed).toBe(true);
    expect(verdict.egress.allowedBy.map((r) => r.ref.name)).toEqual(["intra-namespace"]);
    expect(connectionAllowed(query(podIn("default"), podIn("database"), 6379), context)).toBe(true);
  });

  it("still does not open traffic to the world", () => {
    expect(connectionAllowed(query(podIn("default"), address("8.8.8.8"), 443), context)).toBe(false);
  });

  it("a reserved.none DoesNotExist peer skips namespace scoping even in a CNP", () => {
    const cnpContext = contextOf({
      namespaces: NAMESPACES,
      cnps: [
        cnp("default", "from-everything", {
          endpointSelector: {},
          ingress: [
            { fromEndpoints: [{ matchExpressions: [{ key: "reserved.none", operator: "DoesNotExist" }] }] },
          ],
        }),
      ],
    });
    expect(connectionAllowed(query(podIn("other"), podIn("default"), 80), cnpContext)).toBe(true);
    expect(connectionAllowed(query(entity("health"), podIn("default"), 80), cnpContext)).toBe(true);
  });
});

describe("entities", () => {
  const dev = podIn("default", { env: "dev" }, "dev");
  const egressTo = (entities: string[]) =>
    contextOf({
      cnps: [
        cnp("default", "to-entities", {
          endpointSelector: { matchLabels: { env: "dev" } },
          egress: [{ toEntities: entities }],
        }),
      ],
    });
  const reaches = (entities: string[], destination: Parameters<typeof query>[1]) =>
    connectionAllowed(query(dev, destination, 443), egressTo(entities));

  it("host is the local node only (docs: access to/from local host)", () => {
    expect(reaches(["host"], entity("host"))).toBe(true);
    expect(reaches(["host"], entity("remote-node"))).toBe(false);
  });

  it("remote-node is the other nodes of the cluster", () => {
    expect(reaches(["remote-node"], entity("remote-node"))).toBe(true);
    expect(reaches(["remote-node"], entity("host"))).toBe(false);
  });

  it("kube-apiserver is the API server, wherever it runs (docs: access to the kube-apiserver)", () => {
    expect(reaches(["kube-apiserver"], entity("kube-apiserver"))).toBe(true);
    expect(reaches(["kube-apiserver"], address("203.0.113.10"))).toBe(false);
  });

  it("world is everything outside the cluster, by address or by name", () => {
    expect(reaches(["world"], address("203.0.113.10"))).toBe(true);
    expect(reaches(["world"], fqdn("api.github.com"))).toBe(true);
    expect(reaches(["world"], entity("host"))).toBe(false);
    expect(reaches(["world"], podIn("other"))).toBe(false);
  });

  it("cluster is every pod and every in-cluster identity, but not the world", () => {
    expect(reaches(["cluster"], podIn("other", { app: "x" }))).toBe(true);
    expect(reaches(["cluster"], entity("host"))).toBe(true);
    expect(reaches(["cluster"], entity("remote-node"))).toBe(true);
    expect(reaches(["cluster"], entity("kube-apiserver"))).toBe(true);
    expect(reaches(["cluster"], address("203.0.113.10"))).toBe(false);
  });

  it("all is everything", () => {
    expect(reaches(["all"], address("203.0.113.10"))).toBe(true);
    expect(reaches(["all"], podIn("other"))).toBe(true);
    expect(reaches(["all"], entity("health"))).toBe(true);
  });

  it("health is Cilium's health endpoints (fromEntities: [health])", () => {
    const context = contextOf({
      ccnps: [ccnp("health", { endpointSelector: {}, ingress: [{ fromEntities: ["health"] }] })],
    });
    const target = podIn("default", { app: "web" });
    expect(connectionAllowed(query(entity("health"), target, 4240), context)).toBe(true);
    expect(connectionAllowed(query(entity("remote-node"), target, 4240), context)).toBe(false);
    expect(connectionAllowed(query(podIn("default"), target, 4240), context)).toBe(false);
  });

  it("the local node reaches its pods whatever the policies say (allow-localhost), unless turned off", () => {
    const policies = { cnps: [cnp("default", "deny-ingress", { endpointSelector: {}, ingress: [{}] })] };
    const target = podIn("default", { app: "web" });
    const verdict = evaluateConnection(query(entity("host"), target, 8080), contextOf(policies));
    expect(verdict.ingress).toMatchObject({ allowed: true, reason: "local-host" });
    expect(
      connectionAllowed(query(entity("host"), target, 8080), contextOf(policies, { allowLocalhost: false })),
    ).toBe(false);
  });

  it("a side that is not a pod has no policy of its own", () => {
    const verdict = evaluateConnection(query(entity("world"), podIn("default"), 80), contextOf({}));
    expect(verdict.egress).toMatchObject({ reason: "not-an-endpoint", enforced: false, allowed: true });
  });
});

describe("CIDR rules", () => {
  // docs: "IP/CIDR based" (cidr-rule).
  const context = contextOf({
    cnps: [
      cnp("default", "cidr-rule", {
        endpointSelector: { matchLabels: { app: "myService" } },
        egress: [
          { toCIDR: ["20.1.1.1/32"] },
          { toCIDRSet: [{ cidr: "10.0.0.0/8", except: ["10.96.0.0/12"] }] },
        ],
      }),
    ],
  });
  const service = podIn("default", { app: "myService" });

  it("allows the listed address and the set, minus its exceptions", () => {
    expect(connectionAllowed(query(service, address("20.1.1.1"), 443), context)).toBe(true);
    expect(connectionAllowed(query(service, address("10.1.2.3"), 443), context)).toBe(true);
    expect(connectionAllowed(query(service, address("10.96.0.10"), 443), context)).toBe(false);
    expect(connectionAllowed(query(service, address("20.1.1.2"), 443), context)).toBe(false);
  });

  it("does not match pods by address: a pod has its own identity", () => {
    expect(connectionAllowed(query(service, podIn("default", { app: "db" }), 443), context)).toBe(false);
  });
});

describe("toPorts", () => {
  const service = podIn("default", { app: "myService" });
  const withPorts = (ports: object[]) =>
    contextOf({
      cnps: [
        cnp("default", "l4-rule", {
          endpointSelector: { matchLabels: { app: "myService" } },
          egress: [{ toPorts: [{ ports: ports as never }] }],
        }),
      ],
    });

  it("a port without L3 peers allows that port to anywhere (docs: limit egress ports)", () => {
    const context = withPorts([{ port: "80", protocol: "TCP" }]);
    expect(connectionAllowed(query(service, address("203.0.113.1"), 80), context)).toBe(true);
    expect(connectionAllowed(query(service, podIn("other"), 80), context)).toBe(true);
    expect(connectionAllowed(query(service, address("203.0.113.1"), 443), context)).toBe(false);
    expect(connectionAllowed(query(service, address("203.0.113.1"), 80, "UDP"), context)).toBe(false);
  });

  it("a port range (endPort) allows every port from port to endPort", () => {
    const context = withPorts([{ port: "80", endPort: 444, protocol: "TCP" }]);
    expect(connectionAllowed(query(service, address("203.0.113.1"), 80), context)).toBe(true);
    expect(connectionAllowed(query(service, address("203.0.113.1"), 444), context)).toBe(true);
    expect(connectionAllowed(query(service, address("203.0.113.1"), 445), context)).toBe(false);
    expect(connectionAllowed(query(service, address("203.0.113.1"), 79), context)).toBe(false);
  });

  it("protocol ANY (or none) allows the port over TCP and UDP", () => {
    for (const ports of [[{ port: "53", protocol: "ANY" }], [{ port: "53" }]]) {
      const context = withPorts(ports);
      expect(connectionAllowed(query(service, address("1.1.1.1"), 53, "UDP"), context)).toBe(true);
      expect(connectionAllowed(query(service, address("1.1.1.1"), 53, "TCP"), context)).toBe(true);
      expect(connectionAllowed(query(service, address("1.1.1.1"), 54, "UDP"), context)).toBe(false);
    }
  });

  it("port 0 allows every port of the protocol", () => {
    const context = withPorts([{ port: "0", protocol: "UDP" }]);
    expect(connectionAllowed(query(service, address("1.1.1.1"), 5000, "UDP"), context)).toBe(true);
    expect(connectionAllowed(query(service, address("1.1.1.1"), 5000, "TCP"), context)).toBe(false);
  });

  it("an L4 rule does not allow ICMP; an L3-only rule does", () => {
    expect(
      connectionAllowed(query(service, address("1.1.1.1"), null, "ICMPv4"), withPorts([{ port: "80" }])),
    ).toBe(false);
    const l3 = contextOf({
      cnps: [
        cnp("default", "l3", {
          endpointSelector: { matchLabels: { app: "myService" } },
          egress: [{ toCIDR: ["1.1.1.1/32"] }],
        }),
      ],
    });
    expect(connectionAllowed(query(service, address("1.1.1.1"), null, "ICMPv4"), l3)).toBe(true);
  });

  it("labels and ports together: only frontends, only on 80 (docs: labels-dependent layer 4 rule)", () => {
    const context = contextOf({
      cnps: [
        cnp("default", "l4-labels", {
          endpointSelector: { matchLabels: { role: "backend" } },
          ingress: [
            {
              fromEndpoints: [{ matchLabels: { role: "frontend" } }],
              toPorts: [{ ports: [{ port: "80", protocol: "TCP" }] }],
            },
          ],
        }),
      ],
    });
    const backend = podIn("default", { role: "backend" });
    expect(connectionAllowed(query(podIn("default", { role: "frontend" }), backend, 80), context)).toBe(true);
    expect(connectionAllowed(query(podIn("default", { role: "frontend" }), backend, 8080), context)).toBe(
      false,
    );
    expect(connectionAllowed(query(podIn("default", { role: "other" }), backend, 80), context)).toBe(false);
  });
});

describe("toFQDNs", () => {
  // docs: "DNS based" — the mediabot may reach api.github.com and *.cilium.io.
  const context = contextOf({
    cnps: [
      cnp("default", "fqdn", {
        endpointSelector: { matchLabels: { org: "empire", class: "mediabot" } },
        egress: [
          { toFQDNs: [{ matchName: "api.github.com" }, { matchPattern: "*.cilium.io" }] },
          {
            toEndpoints: [
              {
                matchLabels: { "k8s:io.kubernetes.pod.namespace": "kube-system", "k8s:k8s-app": "kube-dns" },
              },
            ],
            toPorts: [{ ports: [{ port: "53", protocol: "ANY" }], rules: { dns: [{ matchPattern: "*" }] } }],
          },
        ],
      }),
    ],
  });
  const mediabot = podIn("default", { org: "empire", class: "mediabot" });

  it("matches the names Hubble saw for the destination address", () => {
    expect(
      connectionAllowed(query(mediabot, address("140.82.112.6", ["api.github.com"]), 443), context),
    ).toBe(true);
    expect(connectionAllowed(query(mediabot, address("140.82.112.6", ["github.com"]), 443), context)).toBe(
      false,
    );
    expect(connectionAllowed(query(mediabot, address("140.82.112.6"), 443), context)).toBe(false);
  });

  it("matchPattern's * stands for one DNS label", () => {
    expect(connectionAllowed(query(mediabot, fqdn("docs.cilium.io"), 443), context)).toBe(true);
    expect(connectionAllowed(query(mediabot, fqdn("cilium.io"), 443), context)).toBe(false);
    expect(connectionAllowed(query(mediabot, fqdn("a.b.cilium.io"), 443), context)).toBe(false);
  });

  it("names compare without case or trailing dot", () => {
    expect(connectionAllowed(query(mediabot, fqdn("API.GitHub.com."), 443), context)).toBe(true);
  });
});

describe("deny rules beat allow rules", () => {
  it("ingressDeny from world wins over ingress from all (docs: deny policies)", () => {
    const context = contextOf({
      ccnps: [
        ccnp("external-lockdown", {
          endpointSelector: {},
          ingressDeny: [{ fromEntities: ["world"] }],
          ingress: [{ fromEntities: ["all"] }],
        }),
      ],
    });
    const target = podIn("default", { app: "web" });
    const fromWorld = evaluateConnection(query(address("203.0.113.9"), target, 80), context);
    expect(fromWorld.ingress).toMatchObject({ allowed: false, reason: "denied-by-deny-rule" });
    expect(fromWorld.ingress.deniedBy).toEqual([expect.objectContaining({ rule: "spec.ingressDeny[0]" })]);
    expect(fromWorld.ingress.allowedBy).toHaveLength(1);
    expect(connectionAllowed(query(podIn("default"), target, 80), context)).toBe(true);
  });

  it("an L4 deny blocks its port only; ping and other ports stay allowed (docs: deny table)", () => {
    const client = { kind: "pod", namespace: "default", labels: { app: "client" } } as const;
    const context = contextOf({
      cnps: [
        cnp("default", "allow-client", {
          endpointSelector: { matchLabels: { app: "server" } },
          ingress: [{ fromEndpoints: [{ matchLabels: { app: "client" } }] }],
        }),
        cnp("default", "deny-80", {
          endpointSelector: { matchLabels: { app: "server" } },
          ingressDeny: [{ toPorts: [{ ports: [{ port: "80", protocol: "TCP" }] }] }],
        }),
      ],
    });
    const server = podIn("default", { app: "server" });
    expect(connectionAllowed(query(client, server, 81), context)).toBe(true);
    expect(connectionAllowed(query(client, server, 80), context)).toBe(false);
    expect(connectionAllowed(query(client, server, null, "ICMPv4"), context)).toBe(true);
  });

  it("a deny rule applies even where nothing else puts the endpoint in default deny", () => {
    const context = contextOf({
      ccnps: [
        ccnp("no-metadata", {
          endpointSelector: {},
          enableDefaultDeny: { egress: false },
          egressDeny: [{ toCIDR: ["169.254.169.254/32"] }],
        }),
      ],
    });
    const pod = podIn("default");
    expect(connectionAllowed(query(pod, address("169.254.169.254"), 80), context)).toBe(false);
    expect(connectionAllowed(query(pod, address("203.0.113.1"), 80), context)).toBe(true);
  });
});
