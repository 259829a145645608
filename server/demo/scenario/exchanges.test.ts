import { describe, expect, it } from "vitest";
import { createClusterView, type DemoPodEndpoint } from "./demo-cluster-view";
import { lookupFlows, type ExchangeContext } from "./exchanges";
import { homelabObjects } from "./homelab-objects";
import type { VerdictDecision } from "./policy-verdict";
import { seededRandom } from "./stable-random";

const cluster = createClusterView(homelabObjects(Date.UTC(2025, 8, 20, 12, 0, 0)));
const first = (namespace: string, labels: Record<string, string>): DemoPodEndpoint => {
  const pod = cluster.podsMatching(namespace, labels)[0];
  if (!pod) throw new Error(`no pod in ${namespace}`);
  return pod;
};
const client = first("mealie", { "app.kubernetes.io/name": "mealie" });
const server = first("kube-system", { "k8s-app": "kube-dns" });

function droppedLookup(direction: "EGRESS" | "INGRESS") {
  const context: ExchangeContext = { random: seededRandom("lookup"), at: 0, out: [] };
  const outcome: VerdictDecision = {
    verdict: "DROPPED",
    direction,
    dropReason: "POLICY_DENIED",
    deniedBy: [],
  };
  const answered = lookupFlows(context, client, server, "github.com", ["203.0.113.11"], outcome);
  return { answered, flows: context.out.map((draft) => draft.flow) };
}

describe("lookupFlows", () => {
  it("reports a query the client's egress drops on the client's node, with the resolver's retry", () => {
    const { answered, flows } = droppedLookup("EGRESS");
    expect(answered).toBe(false);
    expect(flows).toHaveLength(2);
    for (const flow of flows) {
      expect(flow).toMatchObject({ verdict: "DROPPED", traffic_direction: "EGRESS" });
      expect(flow.node_name).toBe(`homelab/${client.node}`);
      expect(flow.source?.ID).toBe(client.endpointId);
    }
  });

  it("reports a query the server's ingress drops on the server's node", () => {
    const { answered, flows } = droppedLookup("INGRESS");
    expect(answered).toBe(false);
    expect(flows).toHaveLength(2);
    for (const flow of flows) {
      expect(flow).toMatchObject({ verdict: "DROPPED", traffic_direction: "INGRESS" });
      expect(flow.node_name).toBe(`homelab/${server.node}`);
      expect(flow.destination?.ID).toBe(server.endpointId);
    }
  });
});
