"use client";

import { VERDICTS } from "@/lib/flows/flow";
import { useNamespaces } from "./data/use-namespaces";
import { NamespaceTable } from "./NamespaceTable";
import { TimeWindowPicker } from "./TimeWindowPicker";
import { VerdictCounts } from "./VerdictCounts";

/** The first page: namespaces with their labels and what the relay saw for each. */
export function NamespaceOverview({ windowMs }: { windowMs: number }) {
  const namespaces = useNamespaces(windowMs);
  const rows = namespaces.data?.namespaces ?? [];
  const totals = Object.fromEntries(
    VERDICTS.map((v) => [v, rows.reduce((sum, row) => sum + (row.flowCounts[v] ?? 0), 0)]),
  );
  return (
    <section aria-label="Namespaces" className="mt-4 flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">
          Namespaces <span className="text-slate-500">({rows.length})</span>
        </h1>
        <div className="flex items-center gap-4 text-sm">
          <span data-testid="flow-totals">
            <VerdictCounts counts={totals} />
          </span>
          <TimeWindowPicker selectedMs={windowMs} />
        </div>
      </div>
      {namespaces.isError && (
        <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          Could not load namespaces: {namespaces.error.message}
          {namespaces.data ? " (showing the last answer)" : ""}
        </div>
      )}
      {namespaces.isPending ? (
        <p className="text-slate-500">Loading namespaces…</p>
      ) : (
        <NamespaceTable rows={rows} />
      )}
    </section>
  );
}
