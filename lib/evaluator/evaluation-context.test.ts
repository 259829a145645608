import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { buildPostureContext } from "@/lib/posture/posture-context";
import { normalizePolicies } from "@/lib/policy/model";
import { cnp } from "@/lib/policy/testing/builders";
import { connectionAllowed, evaluateConnection } from "./evaluate-flow";
import {
  buildEvaluationContext,
  evaluationContextFromPosture,
  withNamespaceLabels,
  withPolicies,
} from "./evaluation-context";
import { homelabCluster, PODS } from "./testing/homelab-cluster";
import { query } from "./testing/queries";

const objects = homelabCluster();
const context = buildEvaluationContext(objects, DEFAULT_CONVENTIONS);
const toPostgres = query(PODS.app, PODS.postgres, 5432);

describe("evaluation contexts", () => {
  it("built from the posture context, answers as one built from the objects", () => {
    const fromPosture = evaluationContextFromPosture(buildPostureContext(objects, DEFAULT_CONVENTIONS));
    for (const q of [
      toPostgres,
      query(PODS.shop, PODS.postgres, 5432),
      query(PODS.internalGateway, PODS.dash, 8080),
    ]) {
      expect(evaluateConnection(q, fromPosture).sentence).toBe(evaluateConnection(q, context).sentence);
    }
  });

  it("a label change applies to the derived context only", () => {
    expect(connectionAllowed(toPostgres, context)).toBe(false);
    const labelled = withNamespaceLabels(context, {
      namespace: "app",
      set: { "access.network-policy.homelab/postgres": "true" },
      remove: [],
    });
    expect(connectionAllowed(toPostgres, labelled)).toBe(true);
    expect(connectionAllowed(toPostgres, context)).toBe(false);
    const removed = withNamespaceLabels(labelled, {
      namespace: "app",
      set: {},
      remove: ["access.network-policy.homelab/postgres"],
    });
    expect(connectionAllowed(toPostgres, removed)).toBe(false);
  });

  it("added policies take part, and the original context is untouched", () => {
    const extra = normalizePolicies(
      [],
      [
        cnp("database", "from-app", {
          endpointSelector: {},
          ingress: [{ fromEndpoints: [{ matchLabels: { "io.kubernetes.pod.namespace": "app" } }] }],
        }),
        cnp("app", "to-db", {
          endpointSelector: {},
          egress: [{ toEndpoints: [{ matchLabels: { "io.kubernetes.pod.namespace": "database" } }] }],
        }),
      ],
      [],
    );
    expect(extra).toHaveLength(2);
    const widened = withPolicies(context, extra);
    expect(connectionAllowed(toPostgres, widened)).toBe(true);
    expect(connectionAllowed(toPostgres, context)).toBe(false);
  });
});
