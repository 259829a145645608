import { isDropVerdict, type Flow, type Verdict } from "@/lib/flows/flow";
import type { DropClassification } from "./classify-drop";
import type { DropSeverity } from "./drop-reasons";

/** Drops that share a namespace and a class, hence a cause and a fix. */
export interface DropGroup {
  key: string;
  namespace: string | null;
  /** The classification of the group's most recent drop. */
  classification: DropClassification;
  count: number;
  /** The count by verdict: DROPPED, and AUDIT for drops audit mode let through. */
  counts: Partial<Record<Verdict, number>>;
  firstSeen: number;
  lastSeen: number;
  /** Most recent drops first. */
  samples: Flow[];
}

const SEVERITY_RANK: Record<DropSeverity, number> = { critical: 0, warning: 1, info: 2 };

export interface GroupDropsOptions {
  maxSamples?: number;
  /**
   * The classification a group shows, for its newest drop: lib/fixes' dropAnswers words its fix
   * from the evaluator's proposal. By default, the classification that grouped it.
   */
  answer?: (flow: Flow) => DropClassification;
}

/**
 * Groups dropped (and audited) flows by (namespace, class) as `classify` (the drop table) has them:
 * most severe first, then the busiest.
 */
export function groupDrops(
  flows: Iterable<Flow>,
  classify: (flow: Flow) => DropClassification,
  { maxSamples = 5, answer }: GroupDropsOptions = {},
): DropGroup[] {
  const groups = new Map<string, DropGroup>();
  const newest = new Map<string, Flow>();
  for (const flow of flows) {
    if (!isDropVerdict(flow.verdict)) continue;
    const classification = classify(flow);
    const group = groups.get(classification.groupKey);
    if (!group) {
      groups.set(classification.groupKey, {
        key: classification.groupKey,
        namespace: classification.namespace,
        classification,
        count: 1,
        counts: { [flow.verdict]: 1 },
        firstSeen: flow.time,
        lastSeen: flow.time,
        samples: [flow],
      });
      newest.set(classification.groupKey, flow);
      continue;
    }
    group.count++;
    group.counts[flow.verdict] = (group.counts[flow.verdict] ?? 0) + 1;
    group.firstSeen = Math.min(group.firstSeen, flow.time);
    if (flow.time >= group.lastSeen) {
      group.lastSeen = flow.time;
      group.classification = classification;
      newest.set(group.key, flow);
    }
    group.samples.push(flow);
    group.samples.sort((a, b) => b.time - a.time);
    if (group.samples.length > maxSamples) group.samples.length = maxSamples;
  }
  if (answer) for (const group of groups.values()) group.classification = answer(newest.get(group.key)!);
  return [...groups.values()].sort(
    (a, b) =>
      SEVERITY_RANK[a.classification.severity] - SEVERITY_RANK[b.classification.severity] ||
      b.count - a.count ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}
