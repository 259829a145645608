import { describe, expect, it } from "vitest";
import { demoDrawing } from "./testing/demo-drawing";
import { edgesUnderNodes } from "./graph-geometry";
import {
  groupPositions,
  HUB_RING_MAX_NODES,
  layoutPositions,
  OccupiedSpots,
  ROUTED_LAYOUT_MAX_NODES,
  ROUTED_LAYOUT_WORK_BUDGET,
  routedPositions,
} from "./graph-layout";
import { scaledDemoDrawing } from "./testing/scaled-demo-drawing";
import type { DrawingNode } from "@/lib/graph/graph-drawing";
import { testDrawingNode } from "./testing/drawing-builders";

function node(
  id: string,
  kind: DrawingNode["kind"],
  namespaceKind: DrawingNode["namespaceKind"],
): DrawingNode {
  return testDrawingNode(id, { kind, namespaceKind, namespace: kind === "namespace" ? id : null });
}

describe("layoutPositions", () => {
  const nodes = [
    ...Array.from({ length: 40 }, (_, i) => node(`app-${i}`, "namespace", "application")),
    ...Array.from({ length: 9 }, (_, i) => node(`platform-${i}`, "namespace", "platform")),
    node("world", "world", null),
    node("host", "host", null),
  ];

  it("places every node, no two closer than the node spacing allows", () => {
    const positions = [...layoutPositions(nodes).values()];
    expect(positions).toHaveLength(nodes.length);
    for (let i = 0; i < positions.length; i += 1) {
      for (let j = i + 1; j < positions.length; j += 1) {
        const [a, b] = [positions[i]!, positions[j]!];
        expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(40);
      }
    }
  });

  it("is the same whatever order the nodes come in", () => {
    expect(layoutPositions([...nodes].reverse())).toEqual(layoutPositions(nodes));
  });

  it("puts platform namespaces inside the applications and special peers to the left of both", () => {
    const positions = groupPositions(nodes);
    const radius = (id: string) => Math.hypot(positions.get(id)!.x, positions.get(id)!.y);
    const innerMax = Math.max(
      ...nodes.filter((n) => n.namespaceKind === "platform").map((n) => radius(n.id)),
    );
    const outerMin = Math.min(
      ...nodes.filter((n) => n.namespaceKind === "application").map((n) => radius(n.id)),
    );
    expect(innerMax).toBeLessThan(outerMin);
    const leftmostNamespace = Math.min(
      ...nodes.filter((n) => n.kind === "namespace").map((n) => positions.get(n.id)!.x),
    );
    expect(positions.get("world")!.x).toBeLessThan(leftmostNamespace);
  });

  it("draws the demo graph without an edge under a node it does not touch", () => {
    const { nodes: demoNodes, edges } = demoDrawing();
    expect(demoNodes.length).toBeGreaterThan(25);
    expect(edges.length).toBeGreaterThan(100);
    // The rings alone route edges under unrelated nodes; the layout must not.
    expect(edgesUnderNodes(groupPositions(demoNodes), edges).length).toBeGreaterThan(0);
    const positions = layoutPositions(demoNodes, edges);
    expect(positions.size).toBe(demoNodes.length);
    expect(edgesUnderNodes(positions, edges)).toEqual([]);
  });

  it("bounds its search on a dense graph, and still gives every node a place of its own", () => {
    // 80 namespaces each talking to ten others: no placement keeps every edge clear; the unbounded
    // search took 88 s here.
    const dense = Array.from({ length: ROUTED_LAYOUT_MAX_NODES }, (_, i) =>
      node(`ns:team-${i}`, "namespace", "application"),
    );
    const edges = Array.from({ length: dense.length * 10 }, (_, i) => ({
      source: dense[Math.floor(i / 10)]!.id,
      target: dense[(Math.floor(i / 10) + 1 + 37 * (i % 10)) % dense.length]!.id,
    }));
    const { positions, work } = routedPositions(dense, edges, groupPositions(dense));
    expect(work).toBeGreaterThanOrEqual(ROUTED_LAYOUT_WORK_BUDGET);
    // One costAt past the budget at most: its pairs plus its neighbours against every node.
    expect(work).toBeLessThan(ROUTED_LAYOUT_WORK_BUDGET + edges.length + 20 * dense.length);
    expect(positions.size).toBe(dense.length);
    expect(new Set([...positions.values()].map((p) => `${p.x},${p.y}`)).size).toBe(dense.length);
    // The demo is routed within the budget.
    const demo = demoDrawing();
    expect(routedPositions(demo.nodes, demo.edges, groupPositions(demo.nodes)).work).toBeLessThan(
      ROUTED_LAYOUT_WORK_BUDGET,
    );
  });

  it("keeps the demo's groups apart: platform nearer the middle, special peers to the left", () => {
    const { nodes: demoNodes, edges } = demoDrawing();
    const positions = layoutPositions(demoNodes, edges);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const of = (test: (n: DrawingNode) => boolean) => demoNodes.filter(test).map((n) => positions.get(n.id)!);
    const platform = of((n) => n.namespaceKind === "platform");
    const applications = of((n) => n.namespaceKind === "application");
    const special = of((n) => n.kind !== "namespace");
    expect(mean(platform.map((p) => Math.hypot(p.x, p.y)))).toBeLessThan(
      mean(applications.map((p) => Math.hypot(p.x, p.y))),
    );
    expect(mean(special.map((p) => p.x))).toBeLessThan(mean([...platform, ...applications].map((p) => p.x)));
  });
});

describe("layoutPositions of a few hundred namespaces around a few hubs", () => {
  /** No two nodes closer than the spacing the grid hash enforces (40 px). */
  const expectSpaced = (positions: Map<string, { x: number; y: number }>) => {
    const spots = new OccupiedSpots();
    for (const point of positions.values()) {
      expect(spots.crowded(point)).toBe(false);
      spots.add(point);
    }
  };

  it.each([5, 10, 17])(
    "draws the demo's teams copied %i times with no edge under a node it does not join",
    (copies) => {
      const { nodes, edges } = scaledDemoDrawing(copies);
      expect(nodes.length).toBeGreaterThan(ROUTED_LAYOUT_MAX_NODES);
      expect(nodes.length).toBeLessThanOrEqual(HUB_RING_MAX_NODES);
      // The rings alone route hundreds of edges under unrelated nodes.
      expect(edgesUnderNodes(groupPositions(nodes, { clusterProfiles: true }), edges).length).toBeGreaterThan(
        500,
      );
      const positions = layoutPositions(nodes, edges);
      expect(positions.size).toBe(nodes.length);
      expect(edgesUnderNodes(positions, edges)).toEqual([]);
      expectSpaced(positions);
    },
  );

  it("keeps edges clear among namespaces that also call each other, in chains and in a ring", () => {
    const platform = ["kube-system", "monitoring", "database", "cache", "istio-gateway", "garage"].map((id) =>
      node(`ns:${id}`, "namespace", "platform"),
    );
    const apps = Array.from({ length: 150 }, (_, i) =>
      node(`ns:app-${String(i).padStart(3, "0")}`, "namespace", "application"),
    );
    const nodes = [...platform, ...apps, node("world", "world", null), node("host", "host", null)];
    const edges: { source: string; target: string }[] = [];
    apps.forEach((app, i) => {
      edges.push({ source: app.id, target: "ns:kube-system" }, { source: app.id, target: "ns:kube-system" });
      edges.push({ source: "ns:monitoring", target: app.id }, { source: "host", target: app.id });
      if (i % 3 === 0) edges.push({ source: app.id, target: "ns:database" });
      if (i % 4 === 1) edges.push({ source: app.id, target: "ns:cache" });
      if (i % 2 === 0) edges.push({ source: "ns:istio-gateway", target: app.id });
      if (i % 5 === 2) edges.push({ source: app.id, target: "world" });
      if (i % 7 === 3) edges.push({ source: app.id, target: "ns:garage" });
      // Chains of three (app-0 → app-1 → app-2, …) and one ring of four.
      if (i % 3 !== 2 && i < 120) edges.push({ source: app.id, target: apps[i + 1]!.id });
    });
    for (const i of [130, 131, 132, 133])
      edges.push({ source: apps[i]!.id, target: apps[i === 133 ? 130 : i + 1]!.id });
    edges.push(
      { source: "ns:monitoring", target: "ns:kube-system" },
      { source: "ns:database", target: "ns:garage" },
    );
    const positions = layoutPositions(nodes, edges);
    expect(positions.size).toBe(nodes.length);
    expect(edgesUnderNodes(groupPositions(nodes, { clusterProfiles: true }), edges).length).toBeGreaterThan(
      0,
    );
    expect(edgesUnderNodes(positions, edges)).toEqual([]);
    expectSpaced(positions);
    expect(layoutPositions([...nodes].reverse(), [...edges].reverse())).toEqual(positions);
  });

  it("keeps the rings for a graph without a few hubs, where every namespace talks to ten others", () => {
    const nodes = Array.from({ length: 200 }, (_, i) => node(`ns:team-${i}`, "namespace", "application"));
    const edges = Array.from({ length: 2000 }, (_, i) => ({
      source: nodes[Math.floor(i / 10)]!.id,
      target: nodes[(Math.floor(i / 10) + 1 + 37 * (i % 10)) % nodes.length]!.id,
    }));
    expect(layoutPositions(nodes, edges)).toEqual(groupPositions(nodes, { clusterProfiles: true }));
  });
});

describe("layoutPositions beyond the routed layout's size", () => {
  const profiles = ["isolated", "internal", "internal-egress", "standard"];
  const big = Array.from({ length: 10_000 }, (_, i) => ({
    ...node(`ns:team-${String(i).padStart(5, "0")}`, "namespace", i < 12 ? "platform" : "application"),
    profile: i < 12 ? null : profiles[(i * 7) % 4]!,
    profileRank: i < 12 ? null : (i * 7) % 4,
  }));
  const edges = Array.from({ length: 100_000 }, (_, i) => ({
    source: big[Math.floor(i / 10)]!.id,
    target: big[(Math.floor(i / 10) + 1 + 37 * (i % 10)) % big.length]!.id,
  }));

  it("places 10,000 nodes with 100,000 edges, none closer to another than the node spacing", () => {
    expect(big.length).toBeGreaterThan(ROUTED_LAYOUT_MAX_NODES);
    const positions = layoutPositions(big, edges);
    expect(positions.size).toBe(big.length);
    // The grid hash finds any two nodes closer than 40 px in one pass.
    const spots = new OccupiedSpots();
    for (const point of positions.values()) {
      expect(spots.crowded(point)).toBe(false);
      spots.add(point);
    }
  });

  it("is the same whatever order the nodes come in", () => {
    expect(layoutPositions([...big].reverse(), edges)).toEqual(layoutPositions(big, edges));
  });

  it("puts the applications of one profile side by side on their rings", () => {
    const positions = layoutPositions(big, edges);
    const applications = big.filter((n) => n.namespaceKind === "application");
    // Round the rings, by radius then angle: the profile changes at most once per profile per ring.
    const radius = (id: string) => Math.round(Math.hypot(positions.get(id)!.x, positions.get(id)!.y));
    const angle = (id: string) => Math.atan2(positions.get(id)!.y, positions.get(id)!.x);
    const rings = new Map<number, typeof applications>();
    for (const n of applications) rings.set(radius(n.id), [...(rings.get(radius(n.id)) ?? []), n]);
    expect(rings.size).toBeGreaterThan(1);
    for (const ring of rings.values()) {
      const walk = ring.sort((a, b) => angle(a.id) - angle(b.id)).map((n) => n.profile);
      const changes = walk.filter((p, i) => i > 0 && p !== walk[i - 1]).length;
      expect(changes).toBeLessThanOrEqual(profiles.length);
    }
  });
});
