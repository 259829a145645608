import { parseTimestamp } from "@/lib/hubble/timestamp";
import type { FlowsEntry } from "./flow-row";

// The /flows page's address: hubble observe's flags (flows-query.ts), and `flow`, the row the page
// has selected, which is the page's own and never sent to the relay.

export const SELECTED_FLOW_PARAM = "flow";

/** The flags for the relay, apart from the selected row. */
export function flowsPageParams(params: URLSearchParams): {
  flags: URLSearchParams;
  selected: string | null;
} {
  const flags = new URLSearchParams();
  for (const [name, value] of params) if (name !== SELECTED_FLOW_PARAM) flags.append(name, value);
  return { flags, selected: params.get(SELECTED_FLOW_PARAM) };
}

/** The page's address for `search` (flags as URL parameters) with `selected` as its selected row. */
export function flowsPageUrl(search: string, selected: string | null): string {
  const parts = [search, selected === null ? "" : `${SELECTED_FLOW_PARAM}=${encodeURIComponent(selected)}`];
  const query = parts.filter(Boolean).join("&");
  return query ? `/flows?${query}` : "/flows";
}

/** The entries from `from` (ms) on: a followed table drops what left its range. */
export function entriesSince(entries: readonly FlowsEntry[], from: number): FlowsEntry[] {
  return entries.filter((entry) => {
    const time = parseTimestamp(entry.flow.time);
    return time === null || time.seconds * 1000 + time.nanos / 1e6 >= from;
  });
}
