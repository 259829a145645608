import type { Verdict } from "@/lib/flows/flow";

const SHOWN: { verdict: Verdict; label: string; style: string }[] = [
  { verdict: "FORWARDED", label: "forwarded", style: "text-emerald-700 dark:text-emerald-400" },
  { verdict: "DROPPED", label: "dropped", style: "text-red-700 dark:text-red-400 font-semibold" },
  { verdict: "ERROR", label: "error", style: "text-amber-700 dark:text-amber-400" },
  { verdict: "AUDIT", label: "audit", style: "text-sky-700 dark:text-sky-400" },
];

/** Flow counts of one namespace by verdict; verdicts never seen are omitted except the first two. */
export function VerdictCounts({ counts }: { counts: Partial<Record<Verdict, number>> }) {
  return (
    <span className="flex gap-3 tabular-nums">
      {SHOWN.filter(({ verdict }, i) => i < 2 || (counts[verdict] ?? 0) > 0).map(
        ({ verdict, label, style }) => (
          <span
            key={verdict}
            data-verdict={verdict}
            className={(counts[verdict] ?? 0) > 0 ? style : "text-slate-400"}
          >
            {counts[verdict] ?? 0} {label}
          </span>
        ),
      )}
    </span>
  );
}
