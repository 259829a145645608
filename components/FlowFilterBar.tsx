"use client";

import { useState, type FormEvent } from "react";
import { DROP_REASON_NAMES } from "@/lib/hubble/drop-reason-names";
import { FLOW_FILTER_PROTOCOLS } from "@/lib/hubble/flow-filter-match";
import {
  FLOW_EVENT_TYPES,
  OBSERVE_FLAG_NAMES,
  type ObserveFlag,
  type ObserveFlagName,
} from "@/lib/hubble/flow-filters";
import { HUBBLE_VERDICTS } from "@/lib/hubble/flow-json";

/** The look of the flag and value fields. */
const FIELD =
  "rounded border border-slate-300 bg-white py-0.5 font-mono dark:border-slate-700 dark:bg-slate-900";

/** The values a flag takes from a fixed list, offered as the value is typed. */
const SUGGESTIONS: Partial<Record<ObserveFlagName, readonly string[]>> = {
  verdict: HUBBLE_VERDICTS.filter((verdict) => verdict !== "VERDICT_UNKNOWN"),
  "drop-reason-desc": DROP_REASON_NAMES,
  "traffic-direction": ["ingress", "egress"],
  protocol: FLOW_FILTER_PROTOCOLS,
  type: Object.keys(FLOW_EVENT_TYPES),
  "http-status": ["200", "404", "2+", "4+", "5+"],
};

/** The view's filter flags as removable chips, and a form adding one in the CLI's words. */
export function FlowFilterBar({
  flags,
  onAdd,
  onRemove,
}: {
  flags: readonly ObserveFlag[];
  onAdd: (flag: ObserveFlag) => void;
  onRemove: (flag: ObserveFlag) => void;
}) {
  const [name, setName] = useState<ObserveFlagName>("namespace");
  const [value, setValue] = useState("");
  const [not, setNot] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim() === "") return;
    onAdd(not ? { name, value: value.trim(), not: true } : { name, value: value.trim() });
    setValue("");
    setNot(false);
  };
  return (
    <div className="flex flex-col gap-2">
      <ul aria-label="Filters" data-testid="flow-filters" className="flex flex-wrap gap-1 text-xs">
        {flags.length === 0 && (
          <li className="text-slate-600 dark:text-slate-400">No filters: every flow.</li>
        )}
        {flags.map((flag) => (
          <li
            key={`${flag.not ? "not-" : ""}${flag.name}=${flag.value}`}
            data-flag={flag.name}
            className="flex items-center gap-1 rounded border border-slate-300 bg-slate-50 px-2 py-0.5 font-mono dark:border-slate-700 dark:bg-slate-900"
          >
            <span>
              {flag.not ? "--not " : ""}--{flag.name} {flag.value}
            </span>
            <button
              type="button"
              aria-label={`Remove ${flag.not ? "--not " : ""}--${flag.name} ${flag.value}`}
              onClick={() => onRemove(flag)}
              className="rounded px-1 text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800"
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={submit} aria-label="Add a filter" className="flex flex-wrap items-center gap-2 text-sm">
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={not} onChange={(event) => setNot(event.target.checked)} />
          --not
        </label>
        <select
          id="flow-filter-flag"
          aria-label="Filter flag"
          value={name}
          onChange={(event) => setName(event.target.value as ObserveFlagName)}
          className={`${FIELD} px-1`}
        >
          {OBSERVE_FLAG_NAMES.map((flag) => (
            <option key={flag} value={flag}>
              --{flag}
            </option>
          ))}
        </select>
        <input
          id="flow-filter-value"
          aria-label="Filter value"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          placeholder="value"
          list={SUGGESTIONS[name] ? "flow-filter-suggestions" : undefined}
          className={`${FIELD} w-48 px-2`}
        />
        <button
          type="submit"
          className="rounded bg-slate-800 px-2 py-0.5 text-white dark:bg-slate-200 dark:text-slate-900"
        >
          Add filter
        </button>
      </form>
    </div>
  );
}
