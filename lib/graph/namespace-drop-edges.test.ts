import { describe, expect, it } from "vitest";
import { testFlow, testPeer } from "@/lib/flows/testing/test-flow";
import { graphDrawing } from "./graph-drawing";
import { FlowGraph } from "./graph-model";
import { namespaceDropEdges } from "./namespace-drop-edges";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const mealie = testPeer({ namespace: "mealie", pod: "mealie-0" });
const database = testPeer({ namespace: "database", pod: "postgres-0" });
const n8n = testPeer({ namespace: "n8n", pod: "n8n-0" });
const world = testPeer({ namespace: null, pod: null, reserved: "world" });

describe("namespaceDropEdges", () => {
  it("lists drops into a namespace apart from its own, with the graph's counts", () => {
    const graph = new FlowGraph();
    for (let i = 0; i < 3; i++)
      graph.add(
        testFlow({ id: `m${i}`, time: T0 + i, source: mealie, destination: database, verdict: "DROPPED" }),
      );
    graph.add(testFlow({ id: "n", time: T0, source: n8n, destination: database, verdict: "DROPPED" }));
    graph.add(testFlow({ id: "f", time: T0, source: n8n, destination: database, destinationPort: 6379 }));
    graph.add(
      testFlow({
        id: "w",
        time: T0,
        source: database,
        destination: world,
        destinationPort: 443,
        verdict: "DROPPED",
      }),
    );
    const { edges } = graphDrawing(graph.snapshot(T0 + 10, 60_000), [], [], () => true);

    const split = namespaceDropEdges("database", edges);
    expect(split.into.map((e) => [e.source, e.dropped])).toEqual([
      ["ns:mealie", 3],
      ["ns:n8n", 1],
    ]);
    expect(split.from.map((e) => [e.target, e.dropped])).toEqual([["world", 1]]);
    // The sender's page shows the same edge, as its own drop.
    expect(namespaceDropEdges("mealie", edges)).toEqual({ into: [], from: [split.into[0]] });
  });
});
