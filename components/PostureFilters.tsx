"use client";

import type { ClusterPosture } from "@/lib/posture/cluster-posture";
import type { PostureTableState } from "@/lib/posture/posture-table";

interface PostureFiltersProps {
  posture: ClusterPosture;
  state: PostureTableState;
  onChange(next: PostureTableState): void;
}

function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string | null;
  options: { value: string; label: string }[];
  onChange(value: string | null): void;
}) {
  return (
    <label className="flex items-center gap-1">
      <span className="text-slate-600">{label}</span>
      <select
        aria-label={label}
        value={value ?? ""}
        onChange={(event) => onChange(event.target.value || null)}
        className="rounded border border-slate-300 px-1 py-1 dark:border-slate-700 dark:bg-slate-900"
      >
        <option value="">any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Filters of the posture table; the options come from what the cluster actually has. */
export function PostureFilters({ posture, state, onChange }: PostureFiltersProps) {
  const profiles = Object.keys(posture.counts.byProfile).sort();
  const access = [...new Set(posture.namespaces.flatMap((n) => n.accessLabels.map((a) => a.name)))].sort();
  const findings = [...new Set(posture.namespaces.flatMap((n) => n.findings.map((f) => f.code)))].sort();
  const asOptions = (values: string[]) => values.map((value) => ({ value, label: value }));
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm" role="group" aria-label="Posture filters">
      <input
        type="search"
        aria-label="Search namespaces"
        placeholder="namespace…"
        value={state.search}
        onChange={(event) => onChange({ ...state, search: event.target.value.slice(0, 63) })}
        className="w-40 rounded border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
      />
      <Select
        label="Kind"
        value={state.kind}
        options={asOptions(["application", "platform"])}
        onChange={(v) => onChange({ ...state, kind: v as PostureTableState["kind"] })}
      />
      <Select
        label="Profile"
        value={state.profile}
        options={asOptions(profiles)}
        onChange={(v) => onChange({ ...state, profile: v })}
      />
      <Select
        label="Access"
        value={state.access}
        options={asOptions(access)}
        onChange={(v) => onChange({ ...state, access: v })}
      />
      <Select
        label="Finding"
        value={state.finding}
        options={asOptions(findings)}
        onChange={(v) => onChange({ ...state, finding: v as PostureTableState["finding"] })}
      />
      <Select
        label="Enforcement"
        value={state.enforcement}
        options={[
          { value: "enforced", label: "enforced" },
          { value: "disabled", label: "disabled (escape hatch)" },
          { value: "unselected", label: "wide open (no policy selects it)" },
        ]}
        onChange={(v) => onChange({ ...state, enforcement: v as PostureTableState["enforcement"] })}
      />
      <Select
        label="Status"
        value={state.status}
        options={asOptions(["critical", "warning", "info", "ok"])}
        onChange={(v) => onChange({ ...state, status: v as PostureTableState["status"] })}
      />
    </div>
  );
}
