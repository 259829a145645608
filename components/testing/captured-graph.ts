import { DEFAULT_DETAIL_REQUEST, graphAtDetail } from "@/lib/graph/graph-detail";
import type { GraphResponse } from "@/lib/api/responses";
import { profilesLeastPermissiveFirst } from "@/lib/conventions/profile-permissiveness";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { graphDrawing } from "@/lib/graph/graph-drawing";
import { FlowGraph } from "@/lib/graph/graph-model";
import type { GraphFilter } from "@/lib/graph/graph-snapshot";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import { ns } from "@/lib/policy/testing/builders";
import { buildNamespaceRows } from "@/lib/posture/namespace-rows";
import { capturedEntries } from "./captured-flows";
import { FIXED_NOW, MINUTE } from "./status-fixtures";

// For component tests: /api/graph's answer drawn by the real graph code from the shared real Hubble
// capture. The capture's flows were published years apart; here they keep their order and arrive one
// second apart, the newest a second before FIXED_NOW, so that all of them fall in the window.

/** The capture's namespaces as the cluster labels them: bookinfo with a profile and an open escape hatch. */
const NAMESPACES = [
  ns("bookinfo", {
    "network-policy.homelab/profile": "internal",
    "access.network-policy.homelab/postgres": "true",
    "network-policy.homelab/enforcement": "disabled",
  }),
  ns("kube-system"),
  ns("default"),
];

export function capturedGraph(windowMs = 5 * MINUTE, filter: GraphFilter = {}): GraphResponse {
  const entries = capturedEntries();
  const graph = new FlowGraph();
  entries.forEach((entry, i) => {
    const time = new Date(FIXED_NOW - (entries.length - i) * 1_000).toISOString();
    graph.add(flowFromHubbleJson({ ...entry.flow, time }));
  });
  const snapshot = graph.snapshot(FIXED_NOW, windowMs, filter);
  const profiles = profilesLeastPermissiveFirst(DEFAULT_CONVENTIONS).map((name) => {
    const { ingress, egress } = DEFAULT_CONVENTIONS.profiles.find((p) => p.name === name)!;
    return { name, ingress, egress };
  });
  const rows = buildNamespaceRows(NAMESPACES, DEFAULT_CONVENTIONS);
  // Cut as the route cuts it (all of the capture fits the level of detail).
  return graphAtDetail(
    {
      now: FIXED_NOW,
      windowMs: snapshot.windowMs,
      profiles,
      ...graphDrawing(
        snapshot,
        rows,
        profiles.map((p) => p.name),
        // The capture is whole: the relay delivered every flow of it.
        () => true,
      ),
      stats: snapshot.stats,
    },
    DEFAULT_DETAIL_REQUEST,
  );
}
