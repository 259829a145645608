import { VERDICT_MEANING, VERDICTS, type Verdict } from "@/lib/flows/flow";

const STYLE: Partial<Record<Verdict, string>> = {
  FORWARDED: "text-emerald-700 dark:text-emerald-400",
  DROPPED: "text-red-700 dark:text-red-400 font-semibold",
  ERROR: "text-amber-700 dark:text-amber-400",
  AUDIT: "text-sky-700 dark:text-sky-400",
};

/** Always shown, even at zero; the other verdicts only when seen. */
const ALWAYS: readonly Verdict[] = ["FORWARDED", "DROPPED"];

/** Flow counts of one namespace by verdict, worded as every view words them (lib/flows VERDICT_MEANING). */
export function VerdictCounts({ counts }: { counts: Partial<Record<Verdict, number>> }) {
  return (
    <span className="flex flex-wrap gap-x-3 tabular-nums">
      {VERDICTS.filter((verdict) => ALWAYS.includes(verdict) || (counts[verdict] ?? 0) > 0).map((verdict) => (
        <span
          key={verdict}
          data-verdict={verdict}
          className={(counts[verdict] ?? 0) > 0 ? (STYLE[verdict] ?? "text-slate-700") : "text-slate-400"}
        >
          {counts[verdict] ?? 0} {VERDICT_MEANING[verdict].label}
        </span>
      ))}
    </span>
  );
}
