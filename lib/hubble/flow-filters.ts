import type { ReservedIdentity } from "@/lib/flows/flow";
import type { FlowFilterJson } from "./flow-filter";
import type { HubbleVerdict } from "./flow-json";

// Builds GetFlows whitelists the way `hubble observe` turns its flags into FlowFilters: the CLI
// keeps a "left" filter (the source side) and a "right" one (the destination side) and sends
// `left OR right`. A flag about either side (--namespace, --port) fills the source field on the
// left and the destination field on the right; every other flag goes into both.

export interface FlowQuery {
  /** `--namespace`: flows from or to pods in these namespaces. */
  namespaces?: readonly string[];
  /** `--from-namespace`. */
  fromNamespaces?: readonly string[];
  /** `--to-namespace`. */
  toNamespaces?: readonly string[];
  /** `--verdict`. */
  verdicts?: readonly HubbleVerdict[];
  /** `--port`: either the source or the destination port. */
  ports?: readonly (number | string)[];
  /** `--protocol`, e.g. tcp, udp, dns, http. */
  protocols?: readonly string[];
  /** `--to-identity` by reserved name, e.g. world. */
  toIdentities?: readonly ReservedIdentity[];
}

// Dual-stack clusters split world into one identity per address family, each with its own label.
const RESERVED_LABELS: Partial<Record<ReservedIdentity, string[]>> = {
  world: ["reserved:world", "reserved:world-ipv4", "reserved:world-ipv6"],
};

function reservedLabels(name: ReservedIdentity): string[] {
  return RESERVED_LABELS[name] ?? [`reserved:${name}`];
}

function portText(port: number | string): string {
  const text = String(port).trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 65535) {
    throw new Error(`port ${JSON.stringify(port)} is not a number between 1 and 65535`);
  }
  return String(value);
}

function nonEmpty<T>(values: readonly T[] | undefined): values is readonly T[] {
  return values !== undefined && values.length > 0;
}

function sameFilter(a: FlowFilterJson, b: FlowFilterJson): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The whitelist for `query`; an empty list means every flow. Throws one line for contradictory criteria. */
export function flowFiltersFor(query: FlowQuery): FlowFilterJson[] {
  if (nonEmpty(query.namespaces) && (nonEmpty(query.fromNamespaces) || nonEmpty(query.toNamespaces))) {
    throw new Error("a namespace filter cannot be combined with a from- or to-namespace filter");
  }
  const left: FlowFilterJson = {};
  const right: FlowFilterJson = {};
  const both = (update: (filter: FlowFilterJson) => void) => {
    update(left);
    update(right);
  };
  const pods = (namespaces: readonly string[]) => namespaces.map((ns) => `${ns}/`);

  if (nonEmpty(query.namespaces)) {
    left.source_pod = pods(query.namespaces);
    right.destination_pod = pods(query.namespaces);
  }
  if (nonEmpty(query.fromNamespaces)) {
    const fromPods = pods(query.fromNamespaces);
    both((f) => (f.source_pod = [...fromPods]));
  }
  if (nonEmpty(query.toNamespaces)) {
    const toPods = pods(query.toNamespaces);
    both((f) => (f.destination_pod = [...toPods]));
  }
  if (nonEmpty(query.ports)) {
    const ports = query.ports.map(portText);
    left.source_port = ports;
    right.destination_port = [...ports];
  }
  if (nonEmpty(query.verdicts)) {
    const verdicts = query.verdicts;
    both((f) => (f.verdict = [...verdicts]));
  }
  if (nonEmpty(query.protocols)) {
    const protocols = query.protocols.map((p) => p.trim().toLowerCase());
    both((f) => (f.protocol = [...protocols]));
  }
  if (nonEmpty(query.toIdentities)) {
    const labels = [...new Set(query.toIdentities.flatMap(reservedLabels))];
    both((f) => (f.destination_label = [...labels]));
  }

  if (Object.keys(left).length === 0 && Object.keys(right).length === 0) return [];
  return sameFilter(left, right) ? [left] : [left, right];
}
