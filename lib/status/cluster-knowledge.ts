import { kindInfo } from "@/lib/kube/kinds";
import type { WatchedKind } from "@/lib/kube/types";
import { isKnown, type SourceHealth, type SourceState } from "./source-health";

// Which of the cluster's kinds Sieve may draw conclusions from. A kind that failed, stalled or
// never synced is unknown: its last objects may still be shown, marked stale, but no finding,
// classification or "not found" may rest on them.

export interface UnknownKind {
  kind: WatchedKind;
  /** "CiliumNetworkPolicies". */
  what: string;
  state: SourceState;
  /** Since when the kind is not known current (null while it never synced). */
  since: number | null;
  /** When its objects (shown stale) were last known current; null when there are none. */
  lastAliveAt: number | null;
  /** One line: "no right to read CiliumNetworkPolicies", "Kubernetes API unreachable". */
  reason: string;
}

export interface ClusterKnowledge {
  /** Empty when every kind is in sync (or known absent). */
  unknown: UnknownKind[];
}

export const FULL_KNOWLEDGE: ClusterKnowledge = { unknown: [] };

/** "CiliumNetworkPolicies", "Namespaces". */
export function kindPlural(kind: WatchedKind): string {
  const singular = kindInfo(kind).objectKind;
  return singular.endsWith("y") ? `${singular.slice(0, -1)}ies` : `${singular}s`;
}

function reasonOf(what: string, state: SourceState): string {
  switch (state) {
    case "forbidden":
      return `no right to read ${what}`;
    case "unauthorized":
      return "Kubernetes API refuses Sieve's credentials";
    case "syncing":
      return `${what} not listed yet`;
    case "stalled":
      return "Kubernetes API not answering";
    default:
      return "Kubernetes API unreachable";
  }
}

export function clusterKnowledge(
  kinds: readonly { kind: WatchedKind; health: SourceHealth }[],
): ClusterKnowledge {
  return {
    unknown: kinds
      .filter(({ health }) => !isKnown(health))
      .map(({ kind, health }) => {
        const what = kindPlural(kind);
        return {
          kind,
          what,
          state: health.state,
          since: health.since,
          lastAliveAt: health.lastAliveAt,
          reason: reasonOf(what, health.state),
        };
      }),
  };
}

export function isKindKnown(knowledge: ClusterKnowledge, kind: WatchedKind): boolean {
  return !knowledge.unknown.some((u) => u.kind === kind);
}

/** One line naming what is not known, for APIs and logs: "unknown — no right to read Pods; …". */
export function unknownSummary(knowledge: ClusterKnowledge): string | null {
  if (knowledge.unknown.length === 0) return null;
  const reasons = [...new Set(knowledge.unknown.map((u) => u.reason))];
  return `unknown — ${reasons.join("; ")}`;
}
