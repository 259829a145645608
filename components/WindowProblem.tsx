import { formatDuration } from "@/lib/config/duration";

/** Says that the address's window was not used, and which one is shown instead. */
export function WindowProblem({ problem, windowMs }: { problem: string | null; windowMs: number }) {
  if (problem === null) return null;
  return (
    <p
      role="status"
      data-testid="window-problem"
      className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      Ignored in the address: {problem}; showing the last {formatDuration(windowMs)}.
    </p>
  );
}
