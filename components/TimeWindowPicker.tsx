import Link from "next/link";
import { formatDuration } from "@/lib/config/duration";

export const TIME_WINDOWS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000];

/** Links that set ?window=…, so the chosen window is part of the shareable URL. */
export function TimeWindowPicker({ selectedMs }: { selectedMs: number }) {
  return (
    <nav aria-label="Time window" className="flex gap-1 text-sm">
      {TIME_WINDOWS_MS.map((ms) => (
        <Link
          key={ms}
          href={`/namespaces?window=${formatDuration(ms)}`}
          aria-current={ms === selectedMs ? "page" : undefined}
          className={
            ms === selectedMs
              ? "rounded bg-slate-800 px-2 py-1 text-white dark:bg-slate-200 dark:text-slate-900"
              : "rounded px-2 py-1 text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800"
          }
        >
          last {formatDuration(ms)}
        </Link>
      ))}
    </nav>
  );
}
