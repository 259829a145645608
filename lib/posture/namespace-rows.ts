import type { Conventions } from "@/lib/conventions/conventions";
import type { Namespace } from "@/lib/kube/types";
import type { VerdictTally } from "@/lib/flows/verdict-counts";
import type { NamespaceRow } from "@/lib/api/responses";
import { summarizeNamespaceLabels } from "./namespace-labels";

/** One row per namespace, sorted by name, with the flows counted for it. */
export function buildNamespaceRows(
  namespaces: readonly Namespace[],
  counts: ReadonlyMap<string, VerdictTally>,
  conventions: Conventions,
): NamespaceRow[] {
  return namespaces
    .map((ns) => {
      const summary = summarizeNamespaceLabels(
        ns.metadata.name,
        ns.metadata.labels ?? {},
        ns.metadata.annotations ?? {},
        conventions,
      );
      return {
        name: summary.name,
        kind: summary.kind,
        profile: summary.profile,
        profileKnown: summary.profileDefinition !== null,
        profileIngress: summary.profileDefinition?.ingress ?? null,
        profileEgress: summary.profileDefinition?.egress ?? null,
        accessLabels: summary.accessLabels.map(({ name, resource, target, ports }) => ({
          name,
          resource,
          target,
          ports,
        })),
        enforcementDisabled: summary.enforcementDisabled,
        flowCounts: { ...(counts.get(summary.name) ?? {}) },
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Counts for keys that are not namespaces of the cluster (peers outside it). */
export function countsOutsideNamespaces(
  namespaces: readonly Namespace[],
  counts: ReadonlyMap<string, VerdictTally>,
): Record<string, VerdictTally> {
  const known = new Set(namespaces.map((ns) => ns.metadata.name));
  const result: Record<string, VerdictTally> = {};
  for (const [key, tally] of counts) if (!known.has(key)) result[key] = { ...tally };
  return result;
}
