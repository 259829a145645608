"use client";

import { useState } from "react";
import { formatDuration } from "@/lib/config/duration";
import type { Verdict } from "@/lib/flows/flow";
import { isNamespaceName } from "@/lib/graph/graph-ids";
import type { GraphViewState } from "@/lib/graph/graph-url-state";
import { windowChoices } from "@/lib/graph/graph-window";

/** Namespaces suggested as the name is typed: those containing it, a screenful at most. */
const MAX_SUGGESTIONS = 50;

function suggestions(known: readonly string[], draft: string): string[] {
  const found: string[] = [];
  for (const name of known) {
    if (found.length >= MAX_SUGGESTIONS) break;
    if (name.includes(draft)) found.push(name);
  }
  return found;
}

const VERDICT_CHOICES: { label: string; verdicts: Verdict[] }[] = [
  { label: "All", verdicts: [] },
  { label: "Dropped", verdicts: ["DROPPED"] },
  { label: "Forwarded", verdicts: ["FORWARDED"] },
];

interface GraphToolbarProps {
  state: GraphViewState;
  knownNamespaces: string[];
  onChange(next: GraphViewState): void;
  onExportPng(): void;
}

/** Filters of the graph (namespaces, verdict, time window) and the PNG export. */
export function GraphToolbar({ state, knownNamespaces, onChange, onExportPng }: GraphToolbarProps) {
  const [draft, setDraft] = useState("");
  const draftValid = isNamespaceName(draft);
  const addNamespace = () => {
    if (!draftValid) return;
    onChange({ ...state, namespaces: [...new Set([...state.namespaces, draft])].sort() });
    setDraft("");
  };
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm" role="toolbar" aria-label="Graph filters">
      <form
        className="flex items-center gap-1"
        onSubmit={(event) => {
          event.preventDefault();
          addNamespace();
        }}
      >
        <label htmlFor="namespace-filter" className="text-slate-600">
          Namespace
        </label>
        <input
          id="namespace-filter"
          list="known-namespaces"
          value={draft}
          onChange={(event) => setDraft(event.target.value.trim())}
          className="w-40 rounded border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          placeholder="e.g. paperless"
        />
        <datalist id="known-namespaces">
          {suggestions(knownNamespaces, draft).map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <button type="submit" disabled={!draftValid} className="rounded border px-2 py-1 disabled:opacity-40">
          Add
        </button>
      </form>
      {state.namespaces.map((name) => (
        <button
          key={name}
          type="button"
          aria-label={`Remove namespace filter ${name}`}
          onClick={() => onChange({ ...state, namespaces: state.namespaces.filter((n) => n !== name) })}
          className="rounded bg-slate-200 px-2 py-0.5 font-mono text-xs dark:bg-slate-800"
        >
          {name} ×
        </button>
      ))}
      <div className="flex gap-1" role="group" aria-label="Verdict">
        {VERDICT_CHOICES.map((choice) => {
          const active = choice.verdicts.join() === state.verdicts.join();
          return (
            <button
              key={choice.label}
              type="button"
              aria-pressed={active}
              onClick={() => onChange({ ...state, verdicts: choice.verdicts })}
              className={`rounded px-2 py-1 ${active ? "bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900" : "hover:bg-slate-200 dark:hover:bg-slate-800"}`}
            >
              {choice.label}
            </button>
          );
        })}
      </div>
      <label className="flex items-center gap-1">
        <span className="text-slate-600">Window</span>
        <select
          aria-label="Time window"
          value={state.windowMs}
          onChange={(event) => onChange({ ...state, windowMs: Number(event.target.value) })}
          className="rounded border border-slate-300 px-1 py-1 dark:border-slate-700 dark:bg-slate-900"
        >
          {windowChoices(state.windowMs).map((ms) => (
            <option key={ms} value={ms}>
              last {formatDuration(ms)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={onExportPng} className="ml-auto rounded border px-2 py-1">
        Export PNG
      </button>
    </div>
  );
}
