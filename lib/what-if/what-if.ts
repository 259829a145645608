// What-if for a branch of the GitOps repository: the cluster as the branch would make it, and every
// observed connection judged under today's policies and under the branch's — the flows the branch
// would newly drop, those it would newly let through, and how each namespace's posture changes.

import type { InferredConventions } from "@/lib/conventions/infer-conventions";
import { describeEndpoint, describeTraffic, type ConnectionQuery } from "@/lib/evaluator/connection-query";
import { connectionAllowed, evaluateConnection } from "@/lib/evaluator/evaluate-flow";
import type { EvaluationContext } from "@/lib/evaluator/evaluation-context";
import { observedConnections, type ObservedConnection } from "@/lib/fixes/observed-connections";
import type { Flow } from "@/lib/flows/flow";
import { flowEdgeId } from "@/lib/graph/graph-ids";
import { analyzeCluster } from "@/lib/posture/cluster-analysis";
import type { CniMode } from "@/lib/posture/cni";
import type { ClusterObjects } from "@/lib/posture/posture-context";
import { newProblems } from "@/lib/render/render-diff";
import type { RepositoryRender } from "@/lib/render/rendered";
import { clusterAsBranch, type BranchObjectChange } from "./branch-cluster";
import { postureChanges, type NamespacePostureChange } from "./posture-changes";

export interface WhatIfInput {
  /** The cluster's objects today. */
  cluster: ClusterObjects;
  /** The render of the branch the cluster follows, and of the branch asked about. */
  baseRender: RepositoryRender;
  branchRender: RepositoryRender;
  /** Observed flows, re-judged under both. */
  flows: Iterable<Flow>;
  /**
   * The conventions in force for a cluster's objects and the render of the branch that made it (the
   * server's: inferred, the platform namespaces the render declares, the conventions file on top).
   */
  conventionsOf: (objects: ClusterObjects, render: RepositoryRender) => InferredConventions;
  now: number;
  cni?: CniMode;
}

/** Flows whose verdict the branch changes for one reason, on one graph edge. */
export interface FlowChangeGroup {
  /** The graph edge of the group's most recent flow (lib/graph/graph-ids). */
  edge: string;
  /** The evaluator's sentence under the branch's policies. */
  sentence: string;
  /** Where the branch drops it (newly dropped) or null (newly allowed). */
  droppedAt: "egress" | "ingress" | null;
  flows: number;
  connections: number;
  /** "app/web-1 → database/postgres-0 TCP 5432", a few. */
  examples: string[];
}

export interface BranchImpact {
  /** Policies and namespaces the branch changes against the base branch. */
  objects: BranchObjectChange[];
  /** Render problems the branch has and the base branch has not. */
  problems: string[];
  flowsEvaluated: number;
  connectionsEvaluated: number;
  /** Milliseconds since the epoch of the oldest and newest flow evaluated; null without flows. */
  window: { from: number; to: number } | null;
  newlyDropped: FlowChangeGroup[];
  newlyAllowed: FlowChangeGroup[];
  newlyDroppedFlows: number;
  newlyAllowedFlows: number;
  posture: NamespacePostureChange[];
}

const MAX_EXAMPLES = 3;

function example(query: ConnectionQuery): string {
  return `${describeEndpoint(query.source)} → ${describeEndpoint(query.destination)} ${describeTraffic(query)}`;
}

function groupChanges(
  connections: readonly ObservedConnection[],
  context: EvaluationContext,
): FlowChangeGroup[] {
  const groups = new Map<string, FlowChangeGroup & { newest: number }>();
  for (const connection of connections) {
    const verdict = evaluateConnection(connection.query, context);
    const edge = flowEdgeId(connection.sample);
    const key = `${edge}|${verdict.droppedAt ?? ""}|${verdict.sentence}`;
    const flows = connection.drops + connection.forwarded;
    let group = groups.get(key);
    if (!group) {
      group = {
        edge,
        sentence: verdict.sentence,
        droppedAt: verdict.droppedAt,
        flows: 0,
        connections: 0,
        examples: [],
        newest: 0,
      };
      groups.set(key, group);
    }
    group.flows += flows;
    group.connections += 1;
    group.newest = Math.max(group.newest, connection.sample.time);
    if (group.examples.length < MAX_EXAMPLES) group.examples.push(example(connection.query));
  }
  return [...groups.values()]
    .sort((a, b) => b.flows - a.flows || b.newest - a.newest || a.edge.localeCompare(b.edge))
    .map(({ newest, ...group }) => (void newest, group));
}

function timeWindow(flows: Iterable<Flow>): { flows: Flow[]; window: BranchImpact["window"] } {
  const list = [...flows];
  if (list.length === 0) return { flows: list, window: null };
  let from = Infinity;
  let to = -Infinity;
  for (const flow of list) {
    from = Math.min(from, flow.time);
    to = Math.max(to, flow.time);
  }
  return { flows: list, window: { from, to } };
}

export function whatIf(input: WhatIfInput): BranchImpact {
  const { cluster, baseRender, branchRender, conventionsOf, now, cni } = input;
  const branch = clusterAsBranch(cluster, baseRender, branchRender);
  const before = analyzeCluster(cluster, conventionsOf(cluster, baseRender), now, { cni });
  const after =
    branch.changes.length === 0
      ? before
      : analyzeCluster(branch.objects, conventionsOf(branch.objects, branchRender), now, { cni });
  const { flows, window } = timeWindow(input.flows);
  const connections = observedConnections(flows);
  const dropped: ObservedConnection[] = [];
  const allowed: ObservedConnection[] = [];
  if (after !== before) {
    for (const connection of connections) {
      const was = connectionAllowed(connection.query, before.evaluation);
      const will = connectionAllowed(connection.query, after.evaluation);
      if (was && !will) dropped.push(connection);
      else if (!was && will) allowed.push(connection);
    }
  }
  const count = (list: readonly ObservedConnection[]) => list.reduce((n, c) => n + c.drops + c.forwarded, 0);
  return {
    objects: branch.changes,
    problems: newProblems(baseRender, branchRender),
    flowsEvaluated: connections.reduce((n, c) => n + c.drops + c.forwarded, 0),
    connectionsEvaluated: connections.length,
    window,
    newlyDropped: groupChanges(dropped, after.evaluation),
    newlyAllowed: groupChanges(allowed, after.evaluation),
    newlyDroppedFlows: count(dropped),
    newlyAllowedFlows: count(allowed),
    posture: after === before ? [] : postureChanges(before.posture, after.posture),
  };
}
