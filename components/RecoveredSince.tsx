"use client";

/**
 * "recovered since 14:03:12": drops stopped after that time (lib/drops/drop-recovery). Rendered only
 * from fetched data, in the browser, so the local clock time needs no server agreement.
 */
export function RecoveredSince({ at }: { at: number }) {
  const absolute = new Date(at).toISOString();
  return (
    <span data-testid="recovered-since" className="text-emerald-800 dark:text-emerald-300">
      recovered since{" "}
      <time dateTime={absolute} title={`last drop ${absolute}`}>
        {new Date(at).toLocaleTimeString()}
      </time>
    </span>
  );
}
