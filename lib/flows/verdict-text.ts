import { formatDuration } from "@/lib/config/duration";
import { VERDICT_MEANING, VERDICTS, type Verdict } from "./flow";
import type { L7FailureKind } from "./l7-failure";

// The words every view uses for counts of verdicts, so the graph, /drops, the namespace page and
// the checklist say "1 audit (would be dropped)" alike.

type Counts = Partial<Record<Verdict, number>>;

/** How every count names the window it counts over: "in the last 5m". */
export function inWindowText(windowMs: number): string {
  return `in the last ${formatDuration(windowMs)}`;
}

/** "3 dropped", "1 audit (would be dropped)", "2 dropped, 1 audit (would be dropped)"; "" when none. */
export function dropCountText(counts: Counts): string {
  return (["DROPPED", "AUDIT"] as const)
    .filter((verdict) => (counts[verdict] ?? 0) > 0)
    .map((verdict) => `${counts[verdict]} ${VERDICT_MEANING[verdict].label}`)
    .join(", ");
}

/** Every verdict with a count, in the proto's order: "4 forwarded, 1 redirected to proxy". */
export function verdictCountsText(counts: Counts): string {
  return VERDICTS.filter((verdict) => (counts[verdict] ?? 0) > 0)
    .map((verdict) => `${counts[verdict]} ${VERDICT_MEANING[verdict].label}`)
    .join(", ");
}

const L7_FAILURE_LABEL: Record<L7FailureKind, string> = {
  "http-server-error": "HTTP 5xx",
  "dns-error": "DNS error",
};

/** "2 HTTP 5xx, 1 DNS error"; "" when none. */
export function l7FailuresText(failures: Partial<Record<L7FailureKind, number>> | undefined): string {
  if (!failures) return "";
  return (Object.keys(L7_FAILURE_LABEL) as L7FailureKind[])
    .filter((kind) => (failures[kind] ?? 0) > 0)
    .map((kind) => `${failures[kind]} ${L7_FAILURE_LABEL[kind]}`)
    .join(", ");
}
