import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { cnp, netpol, ns } from "@/lib/policy/testing/builders";
import { evaluateConnection } from "./evaluate-flow";
import { buildEvaluationContext } from "./evaluation-context";
import { homelabCluster, PODS } from "./testing/homelab-cluster";
import { address, contextOf, podIn, query } from "./testing/queries";

const homelab = buildEvaluationContext(homelabCluster(), DEFAULT_CONVENTIONS);
const ACCESS = "access.network-policy.homelab/";
const PROFILE = "network-policy.homelab/profile";
const POSTGRES_LABEL = `${ACCESS}postgres`;

describe("dropped: nothing allows it", () => {
  it("names the side, the traffic and the policy that would allow it with an access label", () => {
    const verdict = evaluateConnection(query(PODS.app, PODS.postgres, 5432), homelab);
    expect(verdict.droppedAt).toBe("egress");
    expect(verdict.hints.egress).toEqual([
      expect.objectContaining({
        ref: { kind: "CCNP", name: "access-postgres" },
        changes: [{ namespace: "app", set: { [POSTGRES_LABEL]: "true" }, remove: [] }],
      }),
    ]);
    expect(verdict.sentence.split(". ")[0]).toBe(
      `dropped on egress of app/app-1: nothing allows TCP 5432 to database/postgres-0; CCNP access-postgres would, if namespace app carried ${POSTGRES_LABEL}=true`,
    );
  });

  it("also reports the other side, whose policy needs the label of the peer's namespace", () => {
    const verdict = evaluateConnection(query(PODS.app, PODS.postgres, 5432), homelab);
    expect(verdict.ingress.reason).toBe("no-rule-allows");
    expect(verdict.hints.ingress[0]).toMatchObject({
      ref: { kind: "CCNP", name: "access-postgres-server" },
      changes: [{ namespace: "app", set: { [POSTGRES_LABEL]: "true" }, remove: [] }],
    });
    expect(verdict.sentence).toContain(
      `It would also be dropped on ingress of database/postgres-0: nothing allows TCP 5432 from app/app-1; CCNP access-postgres-server would, if namespace app carried ${POSTGRES_LABEL}=true`,
    );
  });

  it("lists profile hints least permissive first, and says how many more there are", () => {
    const verdict = evaluateConnection(query(PODS.internalGateway, PODS.dash, 8080), homelab);
    expect(verdict.droppedAt).toBe("ingress");
    expect(verdict.hints.ingress.map((h) => h.ref.name)).toEqual([
      "profile-internal",
      "profile-internal-egress",
      "profile-standard",
    ]);
    expect(verdict.sentence).toBe(
      "dropped on ingress of dash/dash-1: nothing allows TCP 8080 from istio-gateway/internal-gw-1; " +
        "CCNP profile-internal would, if namespace dash carried network-policy.homelab/profile=internal; " +
        "CCNP profile-internal-egress would, if namespace dash carried network-policy.homelab/profile=internal-egress (and 1 more)",
    );
  });

  it("gives no hint when no label would help", () => {
    const verdict = evaluateConnection(query(PODS.shop, address("203.0.113.5"), 80), homelab);
    expect(verdict.hints.egress).toEqual([]);
    expect(verdict.sentence).toBe(
      "dropped on egress of shop/web-1: nothing allows TCP 80 to world (203.0.113.5)",
    );
  });

  it("never offers a profile to a platform namespace", () => {
    const verdict = evaluateConnection(query(PODS.garage, address("203.0.113.5"), 443), homelab);
    expect(verdict.allowed).toBe(false);
    expect(verdict.hints.egress).toEqual([]);
  });
});

describe("dropped by a deny rule", () => {
  it("names the deny rule and says deny wins", () => {
    const objects = homelabCluster();
    const context = buildEvaluationContext(
      {
        ...objects,
        ciliumnetworkpolicies: [
          ...objects.ciliumnetworkpolicies,
          cnp("shop", "no-world", { endpointSelector: {}, egressDeny: [{ toEntities: ["world"] }] }),
        ],
      },
      DEFAULT_CONVENTIONS,
    );
    const verdict = evaluateConnection(query(PODS.shop, address("1.2.3.4"), 443), context);
    expect(verdict.egress.reason).toBe("denied-by-deny-rule");
    expect(verdict.sentence).toBe(
      "dropped on egress of shop/web-1: CNP shop/no-world (spec.egressDeny[0]) denies TCP 443 to world (1.2.3.4), and deny rules win over allows",
    );
  });
});

describe("allowed", () => {
  it("names the policies of both sides", () => {
    const verdict = evaluateConnection(query(PODS.shop, PODS.postgres, 5432), homelab);
    expect(verdict.allowed).toBe(true);
    expect(verdict.sentence).toBe(
      "allowed TCP 5432 from shop/web-1 to database/postgres-0: egress of shop/web-1 by CCNP access-postgres; ingress of database/postgres-0 by CCNP access-postgres-server",
    );
  });

  it("says when a side is not a pod", () => {
    const verdict = evaluateConnection(
      query(PODS.shop, address("1.2.3.4", ["api.github.com"]), 443),
      homelab,
    );
    expect(verdict.sentence).toBe(
      "allowed TCP 443 from shop/web-1 to world (api.github.com, 1.2.3.4): egress of shop/web-1 by CCNP profile-standard; " +
        "ingress: world (api.github.com, 1.2.3.4) is not a pod (no policy of its own; host policies are out of scope)",
    );
  });
});

describe("the escape hatch", () => {
  it("reports the escape-hatch policy and the namespace's label", () => {
    const verdict = evaluateConnection(query(PODS.broken, address("1.2.3.4"), 8443), homelab);
    expect(verdict.egress).toMatchObject({ allowed: true, reason: "escape-hatch" });
    expect(verdict.egress.allowedBy.map((r) => r.ref.name)).toEqual(["escape-hatch"]);
    expect(verdict.sentence).toContain(
      "egress of broken/broken-1 by the escape hatch (CCNP escape-hatch; namespace broken is labelled network-policy.homelab/enforcement=disabled)",
    );
  });

  it("without an escape-hatch policy, evaluates what is there and still mentions the label", () => {
    const objects = homelabCluster({ withoutEscapeHatch: true });
    const open = buildEvaluationContext(objects, DEFAULT_CONVENTIONS);
    const verdict = evaluateConnection(query(PODS.broken, address("1.2.3.4"), 8443), open);
    // The baselines exclude namespaces with enforcement disabled, so nothing selects the pod.
    expect(verdict.egress).toMatchObject({ allowed: true, reason: "no-policy" });
    expect(verdict.sentence).toContain(
      "namespace broken is labelled network-policy.homelab/enforcement=disabled",
    );

    const locked = buildEvaluationContext(
      {
        ...objects,
        networkpolicies: [netpol("broken", "deny-egress", { podSelector: {}, policyTypes: ["Egress"] })],
      },
      DEFAULT_CONVENTIONS,
    );
    const dropped = evaluateConnection(query(PODS.broken, address("1.2.3.4"), 8443), locked);
    expect(dropped.egress.reason).toBe("no-rule-allows");
    expect(dropped.sentence).toContain(
      "namespace broken is labelled network-policy.homelab/enforcement=disabled, but no escape-hatch policy lets this through",
    );
  });

  it("cannot override a deny rule", () => {
    const objects = homelabCluster();
    const context = buildEvaluationContext(
      {
        ...objects,
        ciliumnetworkpolicies: [
          ...objects.ciliumnetworkpolicies,
          cnp("broken", "no-world", { endpointSelector: {}, egressDeny: [{ toEntities: ["world"] }] }),
        ],
      },
      DEFAULT_CONVENTIONS,
    );
    const verdict = evaluateConnection(query(PODS.broken, address("1.2.3.4"), 443), context);
    expect(verdict.egress.reason).toBe("denied-by-deny-rule");
    expect(verdict.egress.allowedBy.map((r) => r.ref.name)).toContain("escape-hatch");
    expect(verdict.sentence).toContain("but the escape hatch cannot override a deny rule");
  });
});

describe("hints name only labels Sieve can propose", () => {
  const NS = "io.cilium.k8s.namespace.labels.";
  const context = contextOf({
    namespaces: [ns("gw"), ns("web"), ns("monitoring")],
    cnps: [
      cnp("gw", "to-apps", {
        endpointSelector: {},
        egress: [
          {
            toEndpoints: [{ matchExpressions: [{ key: `${NS}${PROFILE}`, operator: "Exists" }] }],
            toPorts: [{ ports: [{ port: "8080", protocol: "TCP" }] }],
          },
          {
            toEndpoints: [{ matchExpressions: [{ key: `${NS}${ACCESS}metrics`, operator: "Exists" }] }],
            toPorts: [{ ports: [{ port: "9090", protocol: "TCP" }] }],
          },
          {
            toEndpoints: [{ matchLabels: { [`${NS}${PROFILE}`]: "standard" } }],
            toPorts: [{ ports: [{ port: "3000", protocol: "TCP" }] }],
          },
        ],
      }),
    ],
  });
  const gw = podIn("gw", {}, "gw-1");
  const hintsTo = (namespace: string, port: number) =>
    evaluateConnection(query(gw, podIn(namespace, {}, "x"), port), context).hints.egress.map(
      (h) => h.changes,
    );

  it("an Exists requirement on an access label is met with the access value", () => {
    expect(hintsTo("web", 9090)).toEqual([
      [{ namespace: "web", set: { [`${ACCESS}metrics`]: "true" }, remove: [] }],
    ]);
  });

  it("an Exists requirement on another label has no value to propose", () => {
    expect(hintsTo("web", 8080)).toEqual([]);
  });

  it("a profile is proposed for an app namespace peer, never for a platform one", () => {
    expect(hintsTo("web", 3000)).toEqual([
      [{ namespace: "web", set: { [PROFILE]: "standard" }, remove: [] }],
    ]);
    expect(hintsTo("monitoring", 3000)).toEqual([]);
  });
});
