"use client";

import type { ClusterKnowledge } from "@/lib/status/cluster-knowledge";
import { RelativeTime } from "./RelativeTime";

/**
 * "unknown — Kubernetes API unreachable since 2 min ago; last-known data, 2 min old": what no
 * conclusion can rest on, and how old the data still shown is.
 */
export function KubernetesUnknownNotice({ knowledge }: { knowledge: ClusterKnowledge }) {
  if (knowledge.unknown.length === 0) return null;
  const byReason = new Map<string, ClusterKnowledge["unknown"]>();
  for (const u of knowledge.unknown) byReason.set(u.reason, [...(byReason.get(u.reason) ?? []), u]);
  return (
    <div
      role="alert"
      data-testid="kubernetes-unknown"
      className="rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      {[...byReason].map(([reason, kinds]) => {
        const since = kinds.map((k) => k.since).find((t) => t !== null) ?? null;
        const aliveTimes = kinds.map((k) => k.lastAliveAt).filter((t): t is number => t !== null);
        const lastAlive = aliveTimes.length > 0 ? Math.min(...aliveTimes) : null;
        return (
          <p key={reason}>
            <span className="font-semibold">unknown</span> — {reason}
            {since !== null && (
              <>
                {" "}
                since <RelativeTime at={since} />
              </>
            )}
            {kinds.length < 5 && <> ({kinds.map((k) => k.what).join(", ")})</>}.{" "}
            {lastAlive !== null ? (
              <>
                Last-known data shown, stale: from <RelativeTime at={lastAlive} />.
              </>
            ) : (
              <>Nothing was read yet.</>
            )}{" "}
            Sieve concludes nothing from it: no finding, no drop class, no absent namespace.
          </p>
        );
      })}
    </div>
  );
}
