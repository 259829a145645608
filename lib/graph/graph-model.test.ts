import { describe, expect, it } from "vitest";
import type { Flow, Verdict } from "@/lib/flows/flow";
import { testFlow, testPeer } from "@/lib/flows/testing/test-flow";
import { FlowGraph } from "./graph-model";
import type { GraphSnapshot } from "./graph-snapshot";

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const world = (dnsNames: string[] = []) =>
  testPeer({ namespace: null, pod: null, workload: null, reserved: "world", ip: "140.82.112.3", dnsNames });

function flowAt(time: number, overrides: Partial<Flow> = {}): Flow {
  return testFlow({ time, ...overrides });
}

function edgeById(snapshot: GraphSnapshot, id: string) {
  const edge = snapshot.edges.find((e) => e.id === id);
  if (!edge) throw new Error(`no edge ${id} in ${snapshot.edges.map((e) => e.id).join(", ")}`);
  return edge;
}

describe("FlowGraph nodes and edges", () => {
  it("draws a namespace-to-namespace edge keyed by port, protocol and direction", () => {
    const graph = new FlowGraph();
    graph.add(flowAt(T0 - 2_000, { verdict: "FORWARDED" }));
    graph.add(flowAt(T0 - 1_000, { verdict: "DROPPED", dropReason: "POLICY_DENIED" }));
    graph.add(flowAt(T0, { direction: "ingress" }));
    const snapshot = graph.snapshot(T0, MINUTE);

    expect(snapshot.nodes.map((n) => [n.id, n.kind, n.label])).toEqual([
      ["ns:app", "namespace", "app"],
      ["ns:database", "namespace", "database"],
    ]);
    expect(snapshot.edges.map((e) => e.id)).toEqual([
      "ns:app>ns:database:tcp:5432:egress",
      "ns:app>ns:database:tcp:5432:ingress",
    ]);
    const egress = edgeById(snapshot, "ns:app>ns:database:tcp:5432:egress");
    expect(egress).toMatchObject({
      source: "ns:app",
      target: "ns:database",
      port: 5432,
      protocol: "TCP",
      direction: "egress",
      counts: { FORWARDED: 1, DROPPED: 1 },
      firstSeen: T0 - 2_000,
      lastSeen: T0 - 1_000,
      lastSeenByVerdict: { FORWARDED: T0 - 2_000, DROPPED: T0 - 1_000 },
    });
    expect(snapshot.nodes.find((n) => n.id === "ns:app")!.counts).toEqual({ FORWARDED: 2, DROPPED: 1 });
  });

  it("gives each special peer its own node", () => {
    const graph = new FlowGraph();
    const peers = [
      testPeer({ namespace: null, reserved: "kube-apiserver" }),
      testPeer({ namespace: null, reserved: "host" }),
      testPeer({ namespace: null, reserved: "remote-node" }),
      testPeer({ namespace: null, reserved: "health" }),
      testPeer({ namespace: null, reserved: "ingress" }),
      testPeer({ namespace: null, reserved: null }),
      testPeer({ namespace: null, reserved: "unmanaged" }),
      testPeer({ namespace: null, reserved: "init" }),
      world(["api.github.com"]),
    ];
    peers.forEach((destination, i) => graph.add(flowAt(T0 - i, { destination, destinationPort: 443 })));
    const kinds = graph.snapshot(T0, MINUTE).nodes.map((n) => n.kind);
    expect(kinds.sort()).toEqual(
      [
        "namespace",
        "kube-apiserver",
        "host",
        "remote-node",
        "health",
        "ingress",
        "unknown",
        "unmanaged",
        "init",
        "world",
      ].sort(),
    );
  });

  it("puts a pod with a namespace on its namespace node even when its identity is not resolved yet", () => {
    const graph = new FlowGraph();
    graph.add(flowAt(T0, { destination: testPeer({ namespace: "cache", reserved: "init" }) }));
    expect(graph.snapshot(T0, MINUTE).nodes.map((n) => n.id)).toEqual(["ns:app", "ns:cache"]);
  });

  it("collects the DNS names seen for world, most recent first, bounded", () => {
    const graph = new FlowGraph({ maxWorldDnsNames: 3 });
    ["a.example", "b.example", "c.example", "d.example"].forEach((name, i) =>
      graph.add(flowAt(T0 - 10_000 + i, { destination: world([name]), destinationPort: 443 })),
    );
    graph.add(flowAt(T0, { destination: world(["b.example"]), destinationPort: 443 }));
    const node = graph.snapshot(T0, MINUTE).nodes.find((n) => n.kind === "world")!;
    expect(node.dnsNames).toEqual(["b.example", "d.example", "c.example"]);
    expect(node.label).toBe("World");
  });

  it("keeps ids stable across snapshots while traffic changes", () => {
    const graph = new FlowGraph();
    graph.add(flowAt(T0 - 5_000));
    const before = graph.snapshot(T0, MINUTE);
    graph.add(flowAt(T0 - 1_000, { destination: world(), destinationPort: 443 }));
    graph.add(flowAt(T0 - 500));
    const after = graph.snapshot(T0, MINUTE);
    expect(after.edges.map((e) => e.id)).toEqual(expect.arrayContaining(before.edges.map((e) => e.id)));
    expect(after.edges.map((e) => e.id)).toEqual([...after.edges.map((e) => e.id)].sort());
    expect(after.nodes.map((n) => n.id)).toEqual([...after.nodes.map((n) => n.id)].sort());
  });

  it("produces plain JSON", () => {
    const graph = new FlowGraph();
    graph.add(flowAt(T0, { verdict: "DROPPED", destination: world(["x.example"]), destinationPort: 443 }));
    const snapshot = graph.snapshot(T0, MINUTE);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it("draws ICMP without a port", () => {
    const graph = new FlowGraph();
    graph.add(flowAt(T0, { protocol: "ICMPv4", destinationPort: null, sourcePort: null }));
    expect(graph.snapshot(T0, MINUTE).edges[0]).toMatchObject({
      port: "none",
      id: "ns:app>ns:database:icmpv4:none:egress",
    });
  });
});

describe("FlowGraph replies", () => {
  const reply = (time: number, verdict: Verdict) =>
    flowAt(time, {
      isReply: true,
      verdict,
      source: testPeer({ namespace: "database", pod: "postgres-0" }),
      destination: testPeer({ namespace: "app", pod: "web-0" }),
      sourcePort: 5432,
      destinationPort: 40_000,
    });

  it("skips forwarded replies instead of drawing reverse edges", () => {
    const graph = new FlowGraph();
    graph.add(flowAt(T0 - 1_000));
    graph.add(reply(T0, "FORWARDED"));
    const snapshot = graph.snapshot(T0, MINUTE);
    expect(snapshot.edges.map((e) => e.id)).toEqual(["ns:app>ns:database:tcp:5432:egress"]);
    expect(snapshot.edges[0]!.counts).toEqual({ FORWARDED: 1 });
    expect(snapshot.stats.repliesSkipped).toBe(1);
  });

  it("counts a dropped reply on its request's edge", () => {
    const graph = new FlowGraph();
    graph.add(flowAt(T0 - 1_000));
    graph.add(reply(T0, "DROPPED"));
    const snapshot = graph.snapshot(T0, MINUTE);
    expect(snapshot.edges.map((e) => e.id)).toEqual(["ns:app>ns:database:tcp:5432:egress"]);
    expect(snapshot.edges[0]!.counts).toEqual({ FORWARDED: 1, DROPPED: 1 });
  });

  it("treats a flow whose reply flag is unknown as a request", () => {
    const graph = new FlowGraph();
    graph.add(flowAt(T0, { isReply: null }));
    expect(graph.snapshot(T0, MINUTE).edges).toHaveLength(1);
  });
});

describe("FlowGraph time windows", () => {
  function graphWithAges(): FlowGraph {
    const graph = new FlowGraph();
    graph.add(flowAt(T0 - 50 * MINUTE, { verdict: "DROPPED" }));
    graph.add(flowAt(T0 - 10 * MINUTE));
    graph.add(flowAt(T0 - 3 * MINUTE));
    graph.add(flowAt(T0 - 20_000, { verdict: "DROPPED" }));
    return graph;
  }

  it("counts only the flows inside the window", () => {
    const graph = graphWithAges();
    const countsFor = (window: number) => graph.snapshot(T0, window).edges[0]?.counts;
    expect(countsFor(MINUTE)).toEqual({ DROPPED: 1 });
    expect(countsFor(5 * MINUTE)).toEqual({ FORWARDED: 1, DROPPED: 1 });
    expect(countsFor(15 * MINUTE)).toEqual({ FORWARDED: 2, DROPPED: 1 });
    expect(countsFor(HOUR)).toEqual({ FORWARDED: 2, DROPPED: 2 });
  });

  it("leaves out edges with no flow in the window", () => {
    const graph = new FlowGraph();
    graph.add(flowAt(T0 - 10 * MINUTE, { destination: world(), destinationPort: 443 }));
    graph.add(flowAt(T0 - 10_000));
    expect(graph.snapshot(T0, MINUTE).edges.map((e) => e.target)).toEqual(["ns:database"]);
    expect(graph.snapshot(T0, 15 * MINUTE).edges).toHaveLength(2);
  });

  it("clamps the window to 1 minute .. 1 hour", () => {
    const graph = graphWithAges();
    expect(graph.snapshot(T0, 10 * HOUR).windowMs).toBe(HOUR);
    expect(graph.snapshot(T0, 1).windowMs).toBe(MINUTE);
    expect(graph.snapshot(T0, Number.NaN).windowMs).toBe(5 * MINUTE);
  });

  it("forgets edges older than the retention and ignores late flows", () => {
    const graph = new FlowGraph();
    graph.add(flowAt(T0));
    graph.add(flowAt(T0 + 2 * HOUR, { destination: world(), destinationPort: 443 }));
    expect(graph.size().edges).toBe(1);
    expect(graph.size().namespaceNodes).toBe(1);
    graph.add(flowAt(T0 + 30 * MINUTE));
    expect(graph.snapshot(T0 + 2 * HOUR, HOUR).stats.lateFlowsIgnored).toBe(1);
    expect(graph.snapshot(T0 + 2 * HOUR, HOUR).edges.map((e) => e.target)).toEqual(["world"]);
  });

  it("shows the world DNS names seen in the window only", () => {
    const graph = new FlowGraph();
    graph.add(flowAt(T0 - 30 * MINUTE, { destination: world(["old.example"]), destinationPort: 443 }));
    graph.add(flowAt(T0, { destination: world(["new.example"]), destinationPort: 443 }));
    expect(graph.snapshot(T0, MINUTE).nodes.find((n) => n.kind === "world")!.dnsNames).toEqual([
      "new.example",
    ]);
  });
});

describe("FlowGraph samples", () => {
  it("shows drops first, newest first, bounded, within the window", () => {
    const graph = new FlowGraph({ dropSamplesPerEdge: 3, samplesPerVerdict: 2, samplesPerEdgeView: 4 });
    for (let i = 0; i < 10; i++) {
      graph.add(flowAt(T0 - 50_000 + i * 1_000, { id: `fwd-${i}` }));
      graph.add(flowAt(T0 - 50_000 + i * 1_000 + 500, { id: `drop-${i}`, verdict: "DROPPED" }));
    }
    graph.add(flowAt(T0 - 40 * MINUTE, { id: "old-audit", verdict: "AUDIT" }));
    const samples = graph.snapshot(T0, MINUTE).edges[0]!.samples.map((f) => f.id);
    expect(samples).toEqual(["drop-9", "drop-8", "drop-7", "fwd-9"]);
    expect(graph.size().retainedSamples).toBe(3 + 2 + 1);
  });

  it("leaves out samples older than the window", () => {
    const graph = new FlowGraph({ samplesPerEdgeView: 10 });
    graph.add(flowAt(T0 - 40 * MINUTE, { id: "old-audit", verdict: "AUDIT" }));
    graph.add(flowAt(T0, { id: "now" }));
    expect(graph.snapshot(T0, MINUTE).edges[0]!.samples.map((f) => f.id)).toEqual(["now"]);
    expect(graph.snapshot(T0, HOUR).edges[0]!.samples.map((f) => f.id)).toEqual(["now", "old-audit"]);
  });
});

describe("FlowGraph filters", () => {
  function mixedGraph(): FlowGraph {
    const graph = new FlowGraph();
    graph.add(flowAt(T0 - 3_000));
    graph.add(flowAt(T0 - 2_000, { verdict: "DROPPED", destination: world(), destinationPort: 443 }));
    graph.add(
      flowAt(T0 - 1_000, {
        source: testPeer({ namespace: "istio-gateway" }),
        destination: testPeer({ namespace: "paperless" }),
        destinationPort: 8000,
        direction: "ingress",
      }),
    );
    return graph;
  }

  it("keeps edges with a filtered namespace on either side", () => {
    const snapshot = mixedGraph().snapshot(T0, MINUTE, { namespaces: ["database", "paperless"] });
    expect(snapshot.edges.map((e) => e.id)).toEqual([
      "ns:app>ns:database:tcp:5432:egress",
      "ns:istio-gateway>ns:paperless:tcp:8000:ingress",
    ]);
    expect(snapshot.nodes.map((n) => n.id)).toEqual([
      "ns:app",
      "ns:database",
      "ns:istio-gateway",
      "ns:paperless",
    ]);
  });

  it("keeps edges carrying a filtered verdict, with all their counts", () => {
    const graph = mixedGraph();
    graph.add(flowAt(T0 - 500, { destination: world(), destinationPort: 443 }));
    const snapshot = graph.snapshot(T0, MINUTE, { verdicts: ["DROPPED"] });
    expect(snapshot.edges.map((e) => e.id)).toEqual(["ns:app>world:tcp:443:egress"]);
    expect(snapshot.edges[0]!.counts).toEqual({ DROPPED: 1, FORWARDED: 1 });
  });

  it("treats empty filter lists as no filter", () => {
    expect(mixedGraph().snapshot(T0, MINUTE, { namespaces: [], verdicts: [] }).edges).toHaveLength(3);
  });
});

describe("FlowGraph bounds", () => {
  it("stays within its caps after 100k flows with many distinct peers", () => {
    const options = {
      maxNamespaceNodes: 50,
      maxEdges: 300,
      maxEdgesPerPeerPair: 8,
      dropSamplesPerEdge: 5,
      samplesPerVerdict: 2,
      maxWorldDnsNames: 20,
    };
    const graph = new FlowGraph(options);
    const verdicts: Verdict[] = ["FORWARDED", "DROPPED", "AUDIT", "ERROR"];
    for (let i = 0; i < 100_000; i++) {
      const toWorld = i % 7 === 0;
      graph.add(
        testFlow({
          id: `f-${i}`,
          time: T0 + i * 10,
          verdict: verdicts[i % verdicts.length]!,
          source: testPeer({ namespace: `ns-${i % 997}` }),
          destination: toWorld
            ? world([`host-${i}.example`])
            : testPeer({ namespace: `ns-${(i * 31) % 1009}` }),
          destinationPort: 1 + (i % 5_000),
        }),
      );
    }
    const size = graph.size();
    expect(size.namespaceNodes).toBeLessThanOrEqual(options.maxNamespaceNodes);
    expect(size.edges).toBeLessThanOrEqual(options.maxEdges);
    expect(size.retainedSamples).toBeLessThanOrEqual(options.maxEdges * (5 + 3 * 2));
    expect(size.worldDnsNames).toBeLessThanOrEqual(options.maxWorldDnsNames);
    // An evicted edge gives its counters back: one block for its buckets, one per verdict seen.
    expect(size.tallyBlocks).toBeLessThanOrEqual(size.edges * (1 + verdicts.length));
    const snapshot = graph.snapshot(T0 + 1_000_000, HOUR);
    expect(snapshot.stats.edgesEvicted).toBeGreaterThan(0);
    expect(snapshot.stats.flowsInOtherNamespaces).toBeGreaterThan(0);
    expect(snapshot.edges.length).toBeLessThanOrEqual(options.maxEdges);
    expect(snapshot.nodes.some((n) => n.kind === "other-namespaces")).toBe(true);
  });

  it("lumps ports beyond the per-pair cap into one 'other' edge", () => {
    const graph = new FlowGraph({ maxEdgesPerPeerPair: 3 });
    for (let port = 1; port <= 10; port++) graph.add(flowAt(T0, { destinationPort: port }));
    const edges = graph.snapshot(T0, MINUTE).edges;
    expect(edges.map((e) => e.port)).toEqual([1, 2, 3, "other"]);
    expect(edges.find((e) => e.port === "other")!.counts).toEqual({ FORWARDED: 7 });
  });

  it("evicts the least recently seen edge when full", () => {
    const graph = new FlowGraph({ maxEdges: 2 });
    graph.add(flowAt(T0 - 3_000, { destinationPort: 1 }));
    graph.add(flowAt(T0 - 2_000, { destinationPort: 2 }));
    graph.add(flowAt(T0 - 1_000, { destinationPort: 1 }));
    graph.add(flowAt(T0, { destinationPort: 3 }));
    const snapshot = graph.snapshot(T0, MINUTE);
    expect(snapshot.edges.map((e) => e.port)).toEqual([1, 3]);
    expect(snapshot.stats.edgesEvicted).toBe(1);
  });

  it("frees a namespace's node slot once its edges are gone", () => {
    const graph = new FlowGraph({ maxNamespaceNodes: 2 });
    graph.add(flowAt(T0));
    graph.add(flowAt(T0 + 2 * HOUR, { source: testPeer({ namespace: "late" }), destination: world() }));
    expect(graph.snapshot(T0 + 2 * HOUR, MINUTE).nodes.map((n) => n.id)).toEqual(["ns:late", "world"]);
    expect(graph.snapshot(T0 + 2 * HOUR, MINUTE).stats.flowsInOtherNamespaces).toBe(0);
  });
});
