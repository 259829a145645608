import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { testFlow, testPeer } from "@/lib/flows/testing/test-flow";
import type { Namespace } from "@/lib/kube/types";
import { buildNamespaceRows } from "@/lib/posture/namespace-rows";
import { relayCovers } from "@/lib/status/source-health";
import { edgeCountByNode, edgeLabel, graphDrawing, type DrawingEdge } from "./graph-drawing";
import { flowEdgeId } from "./graph-ids";
import { FlowGraph } from "./graph-model";

const T0 = Date.parse("2026-01-01T00:00:00Z");

function ns(name: string, labels: Record<string, string>): Namespace {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

/** A relay that delivered every flow: recoveries stand. */
const ALL_DELIVERED = () => true;

describe("graphDrawing", () => {
  it("joins namespace nodes with their labels and counts drops per edge", () => {
    const graph = new FlowGraph();
    graph.add(testFlow({ id: "a", time: T0, verdict: "DROPPED", dropReason: "POLICY_DENIED" }));
    graph.add(testFlow({ id: "b", time: T0 + 1, verdict: "FORWARDED" }));
    graph.add(
      testFlow({
        id: "c",
        time: T0 + 2,
        destination: testPeer({
          namespace: null,
          pod: null,
          reserved: "world",
          dnsNames: ["api.github.com"],
        }),
        destinationPort: 443,
      }),
    );
    const rows = buildNamespaceRows(
      [
        ns("app", {
          "network-policy.homelab/profile": "internal",
          "network-policy.homelab/enforcement": "disabled",
        }),
        ns("database", {}),
      ],
      DEFAULT_CONVENTIONS,
    );
    const drawing = graphDrawing(
      graph.snapshot(T0 + 10, 60_000),
      rows,
      DEFAULT_CONVENTIONS.profiles.map((p) => p.name),
      ALL_DELIVERED,
    );

    const app = drawing.nodes.find((n) => n.namespace === "app")!;
    expect(app).toMatchObject({
      profile: "internal",
      profileRank: 1,
      enforcementDisabled: true,
      namespaceKind: "application",
    });
    expect(drawing.nodes.find((n) => n.namespace === "database")!.namespaceKind).toBe("platform");
    expect(drawing.nodes.find((n) => n.kind === "world")!.dnsNames).toEqual(["api.github.com"]);

    const postgres = drawing.edges.find((e) => e.label === "5432/TCP")!;
    expect(postgres).toMatchObject({ dropped: 1, forwarded: 1 });
  });

  it("marks the edges the virtual audit says would drop if enforcement were re-enabled", () => {
    const graph = new FlowGraph();
    const flow = testFlow({ id: "f", time: T0, verdict: "FORWARDED" });
    graph.add(flow);
    const names = DEFAULT_CONVENTIONS.profiles.map((p) => p.name);
    const snapshot = graph.snapshot(T0 + 10, 60_000);
    const marked = graphDrawing(snapshot, [], names, ALL_DELIVERED, new Map([[flowEdgeId(flow), 4]]));
    expect(marked.edges.map((e) => e.wouldDrop)).toEqual([4]);
    expect(graphDrawing(snapshot, [], names, ALL_DELIVERED).edges[0]).not.toHaveProperty("wouldDrop");
  });

  it("marks an edge whose drops stopped, and its flows pass since, as recovered since its last drop", () => {
    const graph = new FlowGraph();
    // Dropped every 20 s for a minute, then a fix: forwarded from then on.
    for (const [i, at] of [0, 20_000, 40_000, 60_000].entries())
      graph.add(testFlow({ id: `d${i}`, time: T0 + at, verdict: "DROPPED" }));
    graph.add(testFlow({ id: "f", time: T0 + 75_000, verdict: "FORWARDED" }));
    const names = DEFAULT_CONVENTIONS.profiles.map((p) => p.name);
    const drawn = (now: number) =>
      graphDrawing(graph.snapshot(now, 5 * 60_000), [], names, ALL_DELIVERED).edges[0];
    // 30 s after the last drop: within twice the 20 s gap, still dropping.
    expect(drawn(T0 + 90_000)).not.toHaveProperty("recoveredSince");
    expect(drawn(T0 + 101_000)).toMatchObject({ dropped: 4, forwarded: 1, recoveredSince: T0 + 60_000 });
  });

  it("calls the same edge's recovery unknown when the relay missed flows after its last drop", () => {
    const graph = new FlowGraph();
    for (const [i, at] of [0, 20_000, 40_000, 60_000].entries())
      graph.add(testFlow({ id: `d${i}`, time: T0 + at, verdict: "DROPPED" }));
    graph.add(testFlow({ id: "f", time: T0 + 75_000, verdict: "FORWARDED" }));
    const names = DEFAULT_CONVENTIONS.profiles.map((p) => p.name);
    const now = T0 + 101_000;
    // The relay was down from T0 + 62 s to T0 + 70 s: drops then were never seen.
    const relay = {
      health: { state: "in-sync" as const },
      coveredSince: T0 - 60_000,
      gaps: [{ from: T0 + 62_000, to: T0 + 70_000 }],
    };
    const deliveredSince = (from: number) => relayCovers(relay, from, now);
    const edge = graphDrawing(graph.snapshot(now, 5 * 60_000), [], names, deliveredSince).edges[0];
    expect(edge).not.toHaveProperty("recoveredSince");
    expect(edge).toMatchObject({ dropped: 4, recoveryUnknownAfter: T0 + 60_000 });
    // A gap that ended before the last drop leaves the quiet since then fully seen.
    const earlier = { ...relay, gaps: [{ from: T0 + 10_000, to: T0 + 15_000 }] };
    const seen = graphDrawing(graph.snapshot(now, 5 * 60_000), [], names, (from) =>
      relayCovers(earlier, from, now),
    ).edges[0];
    expect(seen).toMatchObject({ recoveredSince: T0 + 60_000 });
    expect(seen).not.toHaveProperty("recoveryUnknownAfter");
  });

  it("labels edges by port and protocol", () => {
    expect(edgeLabel({ port: 53, protocol: "UDP" })).toBe("53/UDP");
    expect(edgeLabel({ port: "none", protocol: "ICMPv4" })).toBe("ICMPv4");
    expect(edgeLabel({ port: "other", protocol: "TCP" })).toBe("other ports/TCP");
  });
});

describe("flowEdgeId", () => {
  it("names the edge the graph counts a flow on, replies included", () => {
    const graph = new FlowGraph();
    const request = testFlow({ id: "r", time: T0, verdict: "DROPPED" });
    const reply = testFlow({
      id: "p",
      time: T0 + 1,
      verdict: "DROPPED",
      isReply: true,
      source: request.destination,
      destination: request.source,
      sourcePort: 5432,
      destinationPort: 40000,
    });
    const world = testFlow({
      id: "w",
      time: T0 + 2,
      destination: testPeer({ namespace: null, pod: null, reserved: "world" }),
      destinationPort: 443,
    });
    for (const flow of [request, reply, world]) graph.add(flow);
    const ids = graph.snapshot(T0 + 10, 60_000).edges.map((e) => e.id);
    expect(ids).toContain(flowEdgeId(request));
    expect(flowEdgeId(reply)).toBe(flowEdgeId(request));
    expect(ids).toContain(flowEdgeId(world));
    expect(ids).toHaveLength(2);
  });
});

describe("edgeCountByNode", () => {
  it("counts the edges touching each node, an edge to itself once", () => {
    const edge = (source: string, target: string) => ({ source, target }) as DrawingEdge;
    const counts = edgeCountByNode([edge("a", "b"), edge("b", "c"), edge("c", "c")]);
    expect(Object.fromEntries(counts)).toEqual({ a: 1, b: 2, c: 2 });
  });
});
