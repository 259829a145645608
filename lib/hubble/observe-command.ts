import { formatDuration } from "@/lib/config/duration";
import {
  VERDICTS,
  type Flow,
  type FlowPeer,
  type FlowProtocol,
  type ReservedIdentity,
  type Verdict,
} from "@/lib/flows/flow";
import { shellWord } from "@/lib/gitops/markdown";
import {
  CILIUM_RESERVED_IDENTITIES,
  identityFlagValues,
  type ObserveFlag,
  type ObserveFlagName,
} from "./flow-filters";

// The `hubble observe` commands Sieve prints, in the CLI's own direction-aware forms, so that a
// command returns the flows Sieve shows. `--namespace X --port N` would not: the CLI pairs them as
// (source in X and source port N) OR (destination in X and destination port N), and refuses
// `--namespace X --to-namespace Y`. Each side is named the way the graph draws it: a pod by its
// namespace, a reserved peer by its identity (or its reserved label when the identity number says
// something else, e.g. a control-plane host that also serves the API), a peer known only by its
// address by that address.

/** One side of the flows to select; null selects any peer. */
export type ObservePeer =
  | { namespace: string; pod?: string }
  | { identities: readonly string[] }
  | { label: string }
  | { ip: string }
  | null;

export interface ObserveSelection {
  from: ObservePeer;
  to: ObservePeer;
  /** The service port, on the responder's side: `to` for requests, `from` for replies. */
  ports?: { side: "from" | "to"; ports: readonly number[] };
  protocol?: FlowProtocol | null;
  /** `--to-fqdn`: narrows a world destination to a name Hubble associated with it. */
  toFqdn?: string;
  verdict?: Verdict | null;
  direction?: "ingress" | "egress" | "unknown" | null;
}

// Which Sieve reserved name each Cilium identity number stands for (world-ipv4/6 are world).
const SIEVE_NAME_OF_NUMBER = new Map<number, ReservedIdentity>(
  Object.entries(CILIUM_RESERVED_IDENTITIES).map(([name, number]) => [
    number,
    (name.startsWith("world") ? "world" : name) as ReservedIdentity,
  ]),
);
const CILIUM_NAME_OF_NUMBER = new Map<number, string>(
  Object.entries(CILIUM_RESERVED_IDENTITIES).map(([name, number]) => [number, name]),
);

/** Verdicts the CLI's --verdict accepts (Sieve's UNKNOWN has no flag). */
const FLAG_VERDICTS: ReadonlySet<Verdict> = new Set(VERDICTS.filter((verdict) => verdict !== "UNKNOWN"));

/** A side the way the graph draws it: reserved peers by identity, pods by namespace. */
export function observePeerOf(peer: FlowPeer): ObservePeer {
  if (peer.reserved !== null && peer.reserved !== "unknown") {
    if (SIEVE_NAME_OF_NUMBER.get(peer.identity) === peer.reserved) {
      return { identities: [CILIUM_NAME_OF_NUMBER.get(peer.identity)!] };
    }
    // A CIDR or FQDN identity of the world: its own number is what Hubble matches.
    if (peer.reserved === "world") {
      return peer.identity > 0
        ? { identities: [String(peer.identity)] }
        : { identities: identityFlagValues("world") };
    }
    return { label: `reserved:${peer.reserved}` };
  }
  if (peer.namespace) return { namespace: peer.namespace };
  if (peer.ip) return { ip: peer.ip };
  return null;
}

/** The flows of one flow's connection in the direction it travelled: its request or its reply. */
export function observeSelectionOfFlow(flow: Flow): ObserveSelection {
  const reply = flow.isReply === true;
  const servicePort = reply ? flow.sourcePort : flow.destinationPort;
  const toWorld = flow.destination.reserved === "world" && flow.destination.dnsNames.length === 1;
  return {
    from: observePeerOf(flow.source),
    to: observePeerOf(flow.destination),
    ports: servicePort === null ? undefined : { side: reply ? "from" : "to", ports: [servicePort] },
    protocol: flow.protocol,
    toFqdn: toWorld ? flow.destination.dnsNames[0] : undefined,
    verdict: flow.verdict,
    direction: flow.direction,
  };
}

function sideFlags(side: "from" | "to", peer: ObservePeer): ObserveFlag[] {
  if (peer === null) return [];
  const flag = (suffix: string, value: string): ObserveFlag => ({
    name: `${side}-${suffix}` as ObserveFlagName,
    value,
  });
  if ("namespace" in peer) {
    return peer.pod === undefined
      ? [flag("namespace", peer.namespace)]
      : [flag("pod", `${peer.namespace}/${peer.pod}`)];
  }
  if ("identities" in peer) return peer.identities.map((identity) => flag("identity", identity));
  if ("label" in peer) return [flag("label", peer.label)];
  return [flag("ip", peer.ip)];
}

/** The flags selecting `selection`, in the order a person would write them. */
export function observeFlags(selection: ObserveSelection): ObserveFlag[] {
  const flags = [...sideFlags("from", selection.from), ...sideFlags("to", selection.to)];
  // --to-fqdn cannot be combined with --to-namespace or --to-ip; it narrows an identity.
  if (
    selection.toFqdn &&
    selection.to !== null &&
    !("namespace" in selection.to) &&
    !("ip" in selection.to)
  ) {
    flags.push({ name: "to-fqdn", value: selection.toFqdn });
  }
  for (const port of selection.ports?.ports ?? []) {
    flags.push({ name: `${selection.ports!.side}-port`, value: String(port) });
  }
  if (selection.protocol) flags.push({ name: "protocol", value: selection.protocol.toLowerCase() });
  if (selection.direction === "ingress" || selection.direction === "egress") {
    flags.push({ name: "traffic-direction", value: selection.direction });
  }
  if (selection.verdict && FLAG_VERDICTS.has(selection.verdict)) {
    flags.push({ name: "verdict", value: selection.verdict });
  }
  return flags;
}

/**
 * What `hubble observe` reads besides its filters: `--last N` and `--since`, a Go duration before
 * now (5m, 1h30m) or an RFC 3339 time. The CLI takes both together (the newest N since then); it
 * refuses only --first beside --last, --all or --follow, and --last beside --all, none printed here.
 */
export interface ObserveRange {
  last?: number;
  since?: string;
}

/** `--since` for a view's window: a Go duration ("5m", "90s", "1h"), as time.ParseDuration reads it. */
export function observeSinceOfWindow(windowMs: number): string {
  return formatDuration(windowMs);
}

/**
 * `hubble observe <flags> [--last N] [--since …]`, every value a safe shell word and each negated
 * flag after `--not`: the one place a hubble command is written.
 */
export function observeCommand(flags: readonly ObserveFlag[], range: ObserveRange): string {
  const words = flags.map((flag) => `${flag.not ? "--not " : ""}--${flag.name} ${shellWord(flag.value)}`);
  return [
    "hubble observe",
    ...words,
    ...(range.last === undefined ? [] : [`--last ${range.last}`]),
    ...(range.since === undefined ? [] : [`--since ${shellWord(range.since)}`]),
  ].join(" ");
}

/**
 * A jq program over `hubble observe -o json`: each line is a GetFlowsResponse, the flow under
 * `.flow` (other lines carry node status or lost events and are skipped).
 */
export const OBSERVE_JQ =
  `.flow | select(. != null) | {time, verdict, drop: .drop_reason_desc, ` +
  `src: "\\(.source.namespace // "")/\\(.source.pod_name // (.source.labels // [] | join(",")))", ` +
  `dst: "\\(.destination.namespace // "")/\\(.destination.pod_name // (.destination.labels // [] | join(",")))", ` +
  `port: (.l4.TCP.destination_port // .l4.UDP.destination_port // .l4.SCTP.destination_port), ` +
  `direction: .traffic_direction, reply: .is_reply}`;

/** The same command printing one compact JSON object per flow through jq. */
export function observeJsonCommand(flags: readonly ObserveFlag[], range: ObserveRange): string {
  return `${observeCommand(flags, range)} -o json | jq -c ${shellWord(OBSERVE_JQ)}`;
}
