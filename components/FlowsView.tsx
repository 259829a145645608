"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo, useRef, useState } from "react";
import { flowFacets } from "@/lib/flows-view/flow-facets";
import { flowsPageParams, flowsPageUrl } from "@/lib/flows-view/flows-page-params";
import { flowJsonLines, flowRow } from "@/lib/flows-view/flow-row";
import {
  DEFAULT_FLOWS_LAST,
  flowsRangeText,
  flowsSearchOfFlags,
  observeSinceOf,
  parseFlowsSearchParams,
  type FlowsSince,
  withFlag,
  withoutFlag,
} from "@/lib/flows-view/flows-query";
import type { ObserveFlag } from "@/lib/hubble/flow-filters";
import { observeCommand } from "@/lib/hubble/observe-command";
import { useFlows } from "./data/use-flows";
import { FlowDetailSidebar } from "./FlowDetailSidebar";
import { FlowFilterBar } from "./FlowFilterBar";
import { FlowsTable } from "./FlowsTable";
import { RelayBufferNotice } from "./RelayBufferNotice";
import { useViewWindow } from "./ViewWindow";
import { WindowProblem } from "./WindowProblem";
import { useEscapeKey } from "./use-escape-key";

/** The flags, `last` and `since` as the address writes them (`since` as it was given). */
function flagsSearch(flags: readonly ObserveFlag[], last: number, since: string | null): string {
  return [
    flowsSearchOfFlags(flags),
    last === DEFAULT_FLOWS_LAST ? "" : `last=${last}`,
    since === null ? "" : `since=${encodeURIComponent(since)}`,
  ]
    .filter(Boolean)
    .join("&");
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/x-ndjson" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/** The live flows table: filters in the hubble CLI's flags, kept in the URL; pause, export, details. */
export function FlowsView() {
  const params = useSearchParams();
  const page = useMemo(() => flowsPageParams(new URLSearchParams(params.toString())), [params]);
  const parsed = useMemo(() => parseFlowsSearchParams(page.flags), [page]);
  const flags = useMemo(() => (parsed.ok ? parsed.value.flags : []), [parsed]);
  const last = parsed.ok ? parsed.value.last : DEFAULT_FLOWS_LAST;
  const sinceText = page.flags.get("since");
  // The window every view shares (?since= here, the hubble flag), unless --since names a time.
  const { windowMs, problem } = useViewWindow();
  const [paused, setPaused] = useState(false);
  const selected = page.selected;
  /**
   * The row whose sidebar was closed: the sidebar shows the selected row unless it is that one, so a
   * reload, Back or Forward to a selected row opens it, and the arrow keys keep a closed one closed.
   */
  const [closedKey, setClosedKey] = useState<string | null>(null);
  const [filterError, setFilterError] = useState<string | null>(null);
  // The flows since a time the address names (--since), else those of the shared window.
  const askedSince = parsed.ok ? parsed.value.since : null;
  const since = useMemo<FlowsSince>(
    () => (askedSince !== null && "at" in askedSince ? askedSince : { ago: windowMs }),
    [askedSince, windowMs],
  );
  const flows = useFlows(flowsSearchOfFlags(flags), last, since, { paused, valid: parsed.ok });
  const entries = useMemo(() => (parsed.ok ? (flows.data?.flows ?? []) : []), [parsed.ok, flows.data]);
  const rows = useMemo(() => entries.map(flowRow).reverse(), [entries]);
  const selectedEntry = entries.find((entry) => flowRow(entry).key === selected) ?? null;
  const search = flagsSearch(flags, last, sinceText);
  const range = flowsRangeText(since);
  const tableRef = useRef<HTMLDivElement>(null);

  const show = (next: readonly ObserveFlag[]) => {
    window.history.pushState(null, "", flowsPageUrl(flagsSearch(next, last, sinceText), null));
    setFilterError(null);
  };
  /** A row picked (click, Enter): a step in the history, so Back returns to the previous one. */
  const select = (key: string) => {
    if (key !== selected) window.history.pushState(null, "", flowsPageUrl(search, key));
    setClosedKey(null);
  };
  /** The selection moved by the arrow keys: the address follows without a step per key. */
  const move = (key: string) => {
    if (selected === null || closedKey === selected) setClosedKey(key);
    window.history.replaceState(null, "", flowsPageUrl(search, key));
  };
  const focusSelectedRow = useCallback(() => {
    const key = new URLSearchParams(window.location.search).get("flow");
    if (key === null) return;
    tableRef.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"] button`)?.focus();
  }, []);
  const close = useCallback(() => {
    setClosedKey(new URLSearchParams(window.location.search).get("flow"));
    focusSelectedRow();
  }, [focusSelectedRow]);
  const sidebarOpen = selectedEntry !== null && closedKey !== selected;
  useEscapeKey(sidebarOpen, close);
  const add = (flag: ObserveFlag) => {
    try {
      show(withFlag(flags, flag));
    } catch (error) {
      setFilterError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <section aria-label="Flows" className="mt-4 flex min-w-0 flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">
          Flows{" "}
          <span className="text-slate-600 dark:text-slate-400" data-testid="flows-count">
            ({rows.length} {range}, newest first)
          </span>
        </h1>
        <div className="flex gap-2 text-sm">
          <button
            type="button"
            aria-pressed={paused}
            onClick={() => setPaused(!paused)}
            className="rounded border border-slate-300 px-2 py-0.5 dark:border-slate-700"
          >
            {paused ? "Resume" : "Pause"}
          </button>
          <button
            type="button"
            disabled={entries.length === 0}
            onClick={() => download("flows.jsonl", flowJsonLines(entries))}
            className="rounded border border-slate-300 px-2 py-0.5 disabled:opacity-50 dark:border-slate-700"
          >
            Export JSON lines
          </button>
        </div>
      </div>
      <code
        data-testid="observe-command"
        className="block overflow-x-auto rounded bg-slate-100 px-2 py-1 text-xs dark:bg-slate-900"
      >
        {observeCommand(flags, { last, since: observeSinceOf(since) })}
        {paused ? "" : " --follow"}
      </code>
      <WindowProblem problem={problem} windowMs={windowMs} />
      {parsed.ok && flows.data && flows.data.bufferFrom !== null && (
        <RelayBufferNotice
          asked={range}
          bufferFrom={flows.data.bufferFrom}
          truncated={flows.data.truncated}
        />
      )}
      <FlowFilterBar flags={flags} onAdd={add} onRemove={(flag) => show(withoutFlag(flags, flag))} />
      {!parsed.ok && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-2 py-1 text-sm text-red-900">
          The address asks for filters Hubble would refuse: {parsed.error}
        </p>
      )}
      {filterError && (
        <p
          role="alert"
          className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-sm text-amber-900"
        >
          {filterError}
        </p>
      )}
      {flows.isError && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-2 py-1 text-sm text-red-900">
          Could not load flows: {flows.error.message}
        </p>
      )}
      {parsed.ok && flows.data && rows.length === 0 && (
        <p className="text-slate-600 dark:text-slate-400">
          No flows in the relay&apos;s buffer match these filters {range}.
        </p>
      )}
      <div className="grid min-w-0 grid-cols-1 gap-3 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <FlowsTable ref={tableRef} rows={rows} selected={selected} onSelect={select} onMove={move} />
        {sidebarOpen && (
          <FlowDetailSidebar
            facets={flowFacets(selectedEntry.flow, selectedEntry.node_name)}
            onAddFilter={add}
            onClose={close}
          />
        )}
      </div>
    </section>
  );
}
