import { HUBBLE_VERDICT_NAMES, type ReservedIdentity } from "@/lib/flows/flow";
import { DROP_REASON_NAMES } from "./drop-reason-names";
import type { EventTypeFilterJson, FlowFilterJson } from "./flow-filter";
import type { HubbleVerdict } from "./flow-json";

// How `hubble observe` turns its flags into the GetFlows whitelist, as a pure function, so a
// command Sieve prints can be run through a relay by the tests exactly as the CLI would send it.
// The CLI keeps a "left" filter and a "right" one and sends `left OR right`: a flag about either
// side (--namespace, --port, --pod, --identity…) fills the source field on the left and the
// destination field on the right; a --from-/--to- flag or a side-less one (--verdict, --protocol)
// goes into both. Namespaces are applied last, as a prefix of the pod filters of their side (an
// empty pod filter becomes "<namespace>/", every pod of it). Flags the CLI refuses to combine
// (--namespace with --to-namespace, --to-pod with --namespace…) are refused here with its words.

export type ObserveFlagName =
  | "namespace"
  | "from-namespace"
  | "to-namespace"
  | "pod"
  | "from-pod"
  | "to-pod"
  | "identity"
  | "from-identity"
  | "to-identity"
  | "label"
  | "from-label"
  | "to-label"
  | "ip"
  | "from-ip"
  | "to-ip"
  | "fqdn"
  | "from-fqdn"
  | "to-fqdn"
  | "port"
  | "from-port"
  | "to-port"
  | "protocol"
  | "verdict"
  | "traffic-direction"
  | "node-name"
  | "drop-reason-desc"
  | "http-status"
  | "http-method"
  | "http-path"
  | "type";

/** One `--name value` of a `hubble observe` command line, in the order given. */
export interface ObserveFlag {
  name: ObserveFlagName;
  value: string;
  /** Preceded by `--not`: the flag selects flows to leave out (the blacklist). */
  not?: boolean;
}

/** Every filter flag Sieve translates, in the order `hubble observe --help` lists them. */
export const OBSERVE_FLAG_NAMES: readonly ObserveFlagName[] = [
  "namespace",
  "from-namespace",
  "to-namespace",
  "pod",
  "from-pod",
  "to-pod",
  "label",
  "from-label",
  "to-label",
  "identity",
  "from-identity",
  "to-identity",
  "ip",
  "from-ip",
  "to-ip",
  "fqdn",
  "from-fqdn",
  "to-fqdn",
  "port",
  "from-port",
  "to-port",
  "protocol",
  "verdict",
  "drop-reason-desc",
  "traffic-direction",
  "type",
  "http-status",
  "http-method",
  "http-path",
  "node-name",
];

/** Cilium's reserved numeric identities by the names `--identity` accepts. */
export const CILIUM_RESERVED_IDENTITIES: Readonly<Record<string, number>> = {
  host: 1,
  world: 2,
  unmanaged: 3,
  health: 4,
  init: 5,
  "remote-node": 6,
  "kube-apiserver": 7,
  ingress: 8,
  "world-ipv4": 9,
  "world-ipv6": 10,
};

// Flags that cannot appear together in one command (each group), as the CLI checks them.
const CONFLICTS: readonly (readonly ObserveFlagName[])[] = [
  ["from-fqdn", "from-ip", "ip", "fqdn", "from-namespace", "namespace"],
  ["from-fqdn", "from-ip", "ip", "fqdn", "from-pod", "pod"],
  ["to-fqdn", "to-ip", "ip", "fqdn", "to-namespace", "namespace"],
  ["to-fqdn", "to-ip", "ip", "fqdn", "to-pod", "pod"],
  ["to-pod", "namespace"],
  ["from-pod", "namespace"],
  ["label", "from-label"],
  ["label", "to-label"],
  ["port", "to-port"],
  ["port", "from-port"],
  ["identity", "to-identity"],
  ["identity", "from-identity"],
];

type ListField = {
  [K in keyof FlowFilterJson]-?: NonNullable<FlowFilterJson[K]> extends (
    string | number | EventTypeFilterJson
  )[]
    ? K
    : never;
}[keyof FlowFilterJson];

interface Placement {
  /** Field of the left (source-side) filter, or null for none. */
  left: ListField;
  right: ListField;
  parse?: (value: string) => string | number | EventTypeFilterJson;
}

const either = (source: ListField, destination: ListField, parse?: Placement["parse"]): Placement => ({
  left: source,
  right: destination,
  parse,
});
const both = (field: ListField, parse?: Placement["parse"]): Placement => ({
  left: field,
  right: field,
  parse,
});

function identityNumber(value: string): number {
  const reserved = CILIUM_RESERVED_IDENTITIES[value];
  if (reserved !== undefined) return reserved;
  if (/^\d+$/.test(value) && Number(value) <= 0xffffffff) return Number(value);
  throw new Error(
    `invalid security identity "${value}", expected one of ${Object.keys(CILIUM_RESERVED_IDENTITIES).join(", ")} or a numeric value`,
  );
}

function portText(value: string): string {
  const text = value.trim();
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new Error(`port ${JSON.stringify(value)} is not a number between 1 and 65535`);
  }
  return String(port);
}

function verdictName(value: string): HubbleVerdict {
  const verdict = HUBBLE_VERDICT_NAMES.find((name) => name === value);
  if (verdict === undefined) throw new Error(`invalid --verdict value: ${value}`);
  return verdict;
}

function directionName(value: string): string {
  const direction = value.toLowerCase();
  if (direction !== "ingress" && direction !== "egress") {
    throw new Error(`${direction}: invalid traffic direction, expected ingress or egress`);
  }
  return direction.toUpperCase();
}

function dropReasonName(value: string): string {
  if (value === "") throw new Error("empty --drop-reason-desc value");
  if (!DROP_REASON_NAMES.includes(value)) throw new Error(`invalid --drop-reason-desc value: ${value}`);
  return value;
}

function httpStatus(value: string): string {
  if (!/^[1-5][0-9]{2}$/.test(value) && !/^[1-5][0-9]?\+$/.test(value)) {
    throw new Error(`invalid --http-status value: ${value}, expected a code (404) or a prefix (5+, 40+)`);
  }
  return value;
}

/** `hubble observe --type` names of the monitor message types that carry flows. */
export const FLOW_EVENT_TYPES: Readonly<Record<string, number>> = {
  drop: 1,
  capture: 3,
  trace: 4,
  "policy-verdict": 5,
  "trace-sock": 7,
  l7: 129,
};

function eventType(value: string): EventTypeFilterJson {
  const [typeText = "", subTypeText] = value.split(/:(.*)/s, 2);
  const named = FLOW_EVENT_TYPES[typeText];
  if (named === undefined && !/^\d+$/.test(typeText)) {
    throw new Error(
      `invalid --type value: ${value}, expected one of ${Object.keys(FLOW_EVENT_TYPES).join(", ")} or a number`,
    );
  }
  const filter: EventTypeFilterJson = { type: named ?? Number(typeText) };
  if (subTypeText !== undefined) {
    if (!/^\d+$/.test(subTypeText))
      throw new Error(`invalid --type sub-type: ${subTypeText}, expected a number`);
    filter.match_sub_type = true;
    filter.sub_type = Number(subTypeText);
  }
  return filter;
}

function nonEmpty(flag: string): (value: string) => string {
  return (value) => {
    if (value === "") throw new Error(`empty --${flag} value`);
    return value;
  };
}

const PLACEMENTS: Record<Exclude<ObserveFlagName, `${string}namespace`>, Placement> = {
  pod: either("source_pod", "destination_pod"),
  "from-pod": both("source_pod"),
  "to-pod": both("destination_pod"),
  identity: either("source_identity", "destination_identity", identityNumber),
  "from-identity": both("source_identity", identityNumber),
  "to-identity": both("destination_identity", identityNumber),
  label: either("source_label", "destination_label"),
  "from-label": both("source_label"),
  "to-label": both("destination_label"),
  ip: either("source_ip", "destination_ip"),
  "from-ip": both("source_ip"),
  "to-ip": both("destination_ip"),
  fqdn: either("source_fqdn", "destination_fqdn"),
  "from-fqdn": both("source_fqdn"),
  "to-fqdn": both("destination_fqdn"),
  port: either("source_port", "destination_port", portText),
  "from-port": both("source_port", portText),
  "to-port": both("destination_port", portText),
  protocol: both("protocol"),
  verdict: both("verdict", verdictName),
  "traffic-direction": both("traffic_direction", directionName),
  "node-name": both("node_name"),
  "drop-reason-desc": both("drop_reason_desc", dropReasonName),
  "http-status": both("http_status_code", httpStatus),
  "http-method": both("http_method", nonEmpty("http-method")),
  "http-path": both("http_path", nonEmpty("http-path")),
  type: both("event_type", eventType),
};

function append(
  filter: FlowFilterJson,
  field: ListField,
  value: string | number | EventTypeFilterJson,
): void {
  const list = (filter[field] ?? []) as (string | number | EventTypeFilterJson)[];
  list.push(value);
  (filter as Record<string, unknown>)[field] = list;
}

function checkConflicts(names: ReadonlySet<ObserveFlagName>): void {
  for (const group of CONFLICTS) {
    const used = group.filter((name) => names.has(name));
    if (used.length > 1) throw new Error(`filters --${used[0]} and --${used[1]} cannot be combined`);
  }
}

/** Prefixes the pod filters of one side with the namespaces, "every pod" when it had none. */
function applyNamespaces(
  filter: FlowFilterJson,
  field: "source_pod" | "destination_pod",
  ns: string[],
): void {
  const pods = filter[field] ?? [""];
  for (const pod of pods) {
    const podNamespace = pod.includes("/") ? pod.split("/")[0] : "";
    const conflicting = ns.find((namespace) => podNamespace !== "" && podNamespace !== namespace);
    if (conflicting !== undefined) {
      throw new Error(`namespace conflict: "${conflicting}" does not contain "${pod}"`);
    }
  }
  filter[field] = pods.flatMap((pod) =>
    pod.includes("/") ? [pod] : ns.map((namespace) => `${namespace}/${pod}`),
  );
}

function canonical(filter: FlowFilterJson): string {
  return JSON.stringify(Object.entries(filter).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * The whitelist `hubble observe` sends for these flags (empty: every flow). Throws one line for a
 * combination or a value the CLI refuses.
 */
export function flowFiltersOfObserveFlags(flags: readonly ObserveFlag[]): FlowFilterJson[] {
  if (flags.some((flag) => flag.not)) {
    throw new Error("--not flags select a blacklist: use flowSelectionOfObserveFlags");
  }
  checkConflicts(new Set(flags.map((flag) => flag.name)));
  let left: FlowFilterJson | null = null;
  let right: FlowFilterJson | null = null;
  const namespaces = { namespace: [] as string[], from: [] as string[], to: [] as string[] };
  for (const { name, value } of flags) {
    if (name === "namespace") namespaces.namespace.push(value);
    else if (name === "from-namespace") namespaces.from.push(value);
    else if (name === "to-namespace") namespaces.to.push(value);
    else {
      const placement = PLACEMENTS[name];
      const parsed = placement.parse ? placement.parse(value) : value;
      append((left ??= {}), placement.left, parsed);
      append((right ??= {}), placement.right, parsed);
    }
  }
  const anyNamespace = namespaces.namespace.length + namespaces.from.length + namespaces.to.length > 0;
  if (left === null && right === null && !anyNamespace) return [];
  left ??= {};
  right ??= {};
  if (namespaces.to.length > 0) {
    applyNamespaces(left, "destination_pod", namespaces.to);
    applyNamespaces(right, "destination_pod", namespaces.to);
  }
  if (namespaces.from.length > 0) {
    applyNamespaces(left, "source_pod", namespaces.from);
    applyNamespaces(right, "source_pod", namespaces.from);
  }
  if (namespaces.namespace.length > 0) {
    applyNamespaces(left, "source_pod", namespaces.namespace);
    applyNamespaces(right, "destination_pod", namespaces.namespace);
  }
  return canonical(left) === canonical(right) ? [left] : [left, right];
}

export interface FlowSelection {
  whitelist: FlowFilterJson[];
  blacklist: FlowFilterJson[];
}

/**
 * The whitelist and blacklist `hubble observe` sends: a flag after `--not` goes to the blacklist,
 * which the CLI builds from those flags exactly as it builds the whitelist from the others
 * (its own left OR right, its own conflicts).
 */
export function flowSelectionOfObserveFlags(flags: readonly ObserveFlag[]): FlowSelection {
  const strip = (flag: ObserveFlag): ObserveFlag => ({ name: flag.name, value: flag.value });
  return {
    whitelist: flowFiltersOfObserveFlags(flags.filter((flag) => !flag.not).map(strip)),
    blacklist: flowFiltersOfObserveFlags(flags.filter((flag) => flag.not).map(strip)),
  };
}

// ---- Sieve's own queries, said as the flags a user would type ----

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
  /** `--to-identity` by reserved name, e.g. world (every address family's world identity). */
  toIdentities?: readonly ReservedIdentity[];
}

/** The --to-identity values that stand for a reserved identity Sieve names. */
export function identityFlagValues(name: ReservedIdentity): string[] {
  if (name === "world") return ["world", "world-ipv4", "world-ipv6"];
  if (name === "unknown") return ["0"];
  return [name];
}

/** The flags of `query`, in the CLI's words. */
export function observeFlagsOfQuery(query: FlowQuery): ObserveFlag[] {
  const flags: ObserveFlag[] = [];
  const add = (name: ObserveFlagName, values: readonly (string | number)[] | undefined) => {
    for (const value of values ?? []) flags.push({ name, value: String(value) });
  };
  add("namespace", query.namespaces);
  add("from-namespace", query.fromNamespaces);
  add("to-namespace", query.toNamespaces);
  add("to-identity", [...new Set((query.toIdentities ?? []).flatMap(identityFlagValues))]);
  add(
    "port",
    query.ports?.map((port) => String(port).trim()),
  );
  add(
    "protocol",
    query.protocols?.map((protocol) => protocol.trim().toLowerCase()),
  );
  add("verdict", query.verdicts);
  return flags;
}

/** The whitelist for `query`; an empty list means every flow. Throws one line for contradictory criteria. */
export function flowFiltersFor(query: FlowQuery): FlowFilterJson[] {
  return flowFiltersOfObserveFlags(observeFlagsOfQuery(query));
}
