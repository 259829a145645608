import type { Flow } from "@/lib/flows/flow";

// What /drops?namespace=&port= narrows the drops view to. Each parameter means what the hubble
// CLI's flag of that name means on its own — `--namespace X`: the source or the destination is in
// X; `--port N`: the source or the destination port is N — but the two are not paired per side as
// the CLI pairs them (`--namespace mealie --port 5432` misses mealie's egress drop to postgres,
// whose 5432 is on the database's side): here both must simply hold.

export interface DropsFilter {
  namespace: string | null;
  port: number | null;
}

export const NO_DROPS_FILTER: DropsFilter = { namespace: null, port: null };

export function isDropsFilterEmpty(filter: DropsFilter): boolean {
  return filter.namespace === null && filter.port === null;
}

/** Whether a drop is one the filter shows. */
export function dropsFilterSelects(filter: DropsFilter, flow: Flow): boolean {
  if (
    filter.namespace !== null &&
    flow.source.namespace !== filter.namespace &&
    flow.destination.namespace !== filter.namespace
  ) {
    return false;
  }
  return filter.port === null || flow.sourcePort === filter.port || flow.destinationPort === filter.port;
}

/** The filter in words, after "drops": "from or to mealie on port 5432". */
export function dropsFilterText(filter: DropsFilter): string {
  return [
    filter.namespace === null ? "" : `from or to ${filter.namespace}`,
    filter.port === null ? "" : `on port ${filter.port}`,
  ]
    .filter(Boolean)
    .join(" ");
}

/** The filter as URL parameters (`namespace=mealie&port=5432`), empty when there is none. */
export function dropsFilterSearch(filter: DropsFilter): string {
  const params = new URLSearchParams();
  if (filter.namespace !== null) params.set("namespace", filter.namespace);
  if (filter.port !== null) params.set("port", String(filter.port));
  return params.toString();
}
