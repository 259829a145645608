import "server-only";
import { eventTypeOfNumber, verdictOfNumber, type Flow, type FlowL7, type FlowPeer } from "@/lib/flows/flow";
import { BoundedCache } from "@/lib/hubble/bounded-cache";
import { flowDigest } from "@/lib/hubble/flow-digest";
import {
  EMPTY_POLICIES as SHARED_EMPTY_POLICIES,
  NO_STRINGS as SHARED_NO_STRINGS,
} from "@/lib/hubble/flow-shared";
import { PeerInterner, type InternedEndpoint } from "@/lib/hubble/peer-interner";
import { policyName } from "@/lib/hubble/policy-name";
import { formatTimestamp } from "@/lib/hubble/timestamp";
import { BytesCache } from "./bytes-cache";
import { flowEnumNames, type FlowEnumNames } from "./flow-enums";
import {
  BOOL_VALUE,
  checkFlowFieldNumbers,
  ENDPOINT,
  EVENT_TYPE,
  FLOW as FLOW_FIELDS,
  IP,
  POLICY,
  tagOf,
  TIMESTAMP,
  WORKLOAD,
} from "./flow-fields";
import { ABSENT as LAYER_ABSENT, readLayer7, TransportRecord } from "./flow-layers";
import { LENGTH_DELIMITED as LENGTH_DELIMITED_TYPE, VARINT as VARINT_TYPE, WireReader } from "./wire-reader";

// flow.Flow bytes straight into Sieve's Flow, without the generic decoder's message objects, the
// protojson-shaped copy, or the timestamp's round trip through text. It reads only what a Flow
// holds and skips the rest; what it produces equals flowFromHubbleJson(wireToFlowJson(decoded))
// for every message (flow-decoder.test.ts compares both paths), including the generic decoder's
// ways: a repeated message field replaces the earlier one, repeated fields accumulate, an enum
// value Sieve's proto does not name counts as absent. Peers, policies, node names and summaries
// are shared between flows, so the flows kept in memory cost little more than their own fields.

// Module-local copies of the imported constants the per-field loop reads: an imported binding can
// be read through an accessor call (tsx's and webpack's module wrappers), and the field switch
// reads up to twenty of them per field. Profiled, those calls were 5–8 % of the ingest path.
const FLOW = FLOW_FIELDS;
const LENGTH_DELIMITED = LENGTH_DELIMITED_TYPE;
const VARINT = VARINT_TYPE;
const ABSENT = LAYER_ABSENT;
const EMPTY_POLICIES = SHARED_EMPTY_POLICIES;
const NO_STRINGS = SHARED_NO_STRINGS;

const DROPPED = 2;
const UNKNOWN_DROP_REASON = "DROP_REASON_UNKNOWN";
const INGRESS = 1;
const EGRESS = 2;

/** JS dates end at ±8.64e15 ms; a relay bug beyond that must not break the stream. */
const MAX_SECONDS = 8.64e12;
/** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years RFC 3339 writes. */
const MIN_RFC3339_SECONDS = -62_167_219_200;
const MAX_RFC3339_SECONDS = 253_402_300_799;

const SECONDS = tagOf(TIMESTAMP.seconds, VARINT);
const NANOS = tagOf(TIMESTAMP.nanos, VARINT);
const IP_SOURCE = tagOf(IP.source, LENGTH_DELIMITED);
const IP_DESTINATION = tagOf(IP.destination, LENGTH_DELIMITED);
const BOOL = tagOf(BOOL_VALUE.value, VARINT);
const EVENT_TYPE_TYPE = tagOf(EVENT_TYPE.type, VARINT);
const ENDPOINT_IDENTITY = tagOf(ENDPOINT.identity, VARINT);
const ENDPOINT_NAMESPACE = tagOf(ENDPOINT.namespace, LENGTH_DELIMITED);
const ENDPOINT_LABEL = tagOf(ENDPOINT.labels, LENGTH_DELIMITED);
const ENDPOINT_POD = tagOf(ENDPOINT.pod_name, LENGTH_DELIMITED);
const ENDPOINT_WORKLOAD = tagOf(ENDPOINT.workloads, LENGTH_DELIMITED);
const WORKLOAD_NAME = tagOf(WORKLOAD.name, LENGTH_DELIMITED);
const POLICY_NAME = tagOf(POLICY.name, LENGTH_DELIMITED);
const POLICY_NAMESPACE = tagOf(POLICY.namespace, LENGTH_DELIMITED);
const POLICY_LABEL = tagOf(POLICY.labels, LENGTH_DELIMITED);

export interface FlowDecoderOptions {
  peers?: PeerInterner;
  /** Distinct endpoints remembered. */
  endpoints?: number;
  /** Distinct strings (node names, summaries), policies and policy lists remembered. */
  strings?: number;
}

/** Decodes flows one at a time (not reentrant); its caches are bounded. */
export class FlowDecoder {
  private readonly reader = new WireReader();
  private readonly transport = new TransportRecord();
  private readonly enums: FlowEnumNames;
  private readonly peers: PeerInterner;
  private readonly endpoints: BytesCache<InternedEndpoint>;
  private emptyEndpoint: InternedEndpoint | null = null;
  private readonly strings: BytesCache<string>;
  private readonly policyNames: BytesCache<string | null>;
  private readonly policyLists: BoundedCache<string, Flow["policies"]>;

  constructor(options: FlowDecoderOptions = {}) {
    checkFlowFieldNumbers();
    this.enums = flowEnumNames();
    this.peers = options.peers ?? new PeerInterner();
    this.endpoints = new BytesCache(options.endpoints ?? 8_192);
    this.strings = new BytesCache(options.strings ?? 4_096);
    this.policyNames = new BytesCache(options.strings ?? 4_096);
    this.policyLists = new BoundedCache(options.strings ?? 4_096);
  }

  /**
   * The Flow in bytes [start, end) of `buf` (a flow.Flow message), or null when its time lies
   * beyond what RFC 3339 can write (years outside 0000–9999): such a flow cannot be placed.
   */
  decode(buf: Buffer, start = 0, end = buf.length): Flow | null {
    const r = this.reader;
    r.reset(buf, start, end);
    const transport = this.transport;
    transport.clear();
    let seconds = 0;
    let nanos = 0;
    let uuid = "";
    let verdict = 0;
    let sourceIp = "";
    let destinationIp = "";
    let source: InternedEndpoint | null = null;
    let destination: InternedEndpoint | null = null;
    let node = "";
    let sourceNames: string[] | null = null;
    let destinationNames: string[] | null = null;
    let l7: FlowL7 | null = null;
    let l7TypeNumber = ABSENT;
    let direction = ABSENT;
    let dropReason = ABSENT;
    let isReply = ABSENT;
    let eventType = ABSENT;
    let observationPoint = ABSENT;
    let summary = "";
    let egressAllowedBy: string[] | null = null;
    let ingressAllowedBy: string[] | null = null;
    let egressDeniedBy: string[] | null = null;
    let ingressDeniedBy: string[] | null = null;
    let policyLog: string[] | null = null;

    while (r.pos < end) {
      const tag = r.uint32();
      const field = tag >>> 3;
      const wireType = tag & 7;
      if (wireType === LENGTH_DELIMITED) {
        switch (field) {
          case FLOW.time: {
            const to = r.delimitedEnd();
            seconds = 0;
            nanos = 0;
            while (r.pos < to) {
              const t = r.uint32();
              if (t === SECONDS) seconds = r.int64();
              else if (t === NANOS) nanos = r.int32();
              else r.skip(t & 7);
            }
            r.expectEnd(to);
            continue;
          }
          case FLOW.uuid:
            uuid = r.string();
            continue;
          case FLOW.IP: {
            const to = r.delimitedEnd();
            sourceIp = "";
            destinationIp = "";
            while (r.pos < to) {
              const t = r.uint32();
              if (t === IP_SOURCE) sourceIp = r.string();
              else if (t === IP_DESTINATION) destinationIp = r.string();
              else r.skip(t & 7);
            }
            r.expectEnd(to);
            continue;
          }
          case FLOW.l4:
            transport.read(r);
            continue;
          case FLOW.source:
            source = this.endpoint();
            continue;
          case FLOW.destination:
            destination = this.endpoint();
            continue;
          case FLOW.node_name:
            node = this.sharedString();
            continue;
          case FLOW.source_names:
            (sourceNames ??= []).push(r.string());
            continue;
          case FLOW.destination_names:
            (destinationNames ??= []).push(r.string());
            continue;
          case FLOW.l7:
            ({ l7, typeNumber: l7TypeNumber } = readLayer7(r, this.enums.l7Type));
            continue;
          case FLOW.is_reply: {
            // A BoolValue holding false arrives as an empty message: presence is what says "known".
            const to = r.delimitedEnd();
            isReply = 0;
            while (r.pos < to) {
              const t = r.uint32();
              if (t === BOOL) isReply = r.bool() ? 1 : 0;
              else r.skip(t & 7);
            }
            r.expectEnd(to);
            continue;
          }
          case FLOW.event_type: {
            const to = r.delimitedEnd();
            eventType = 0;
            while (r.pos < to) {
              const t = r.uint32();
              if (t === EVENT_TYPE_TYPE) eventType = r.int32();
              else r.skip(t & 7);
            }
            r.expectEnd(to);
            continue;
          }
          case FLOW.Summary:
            summary = this.sharedString();
            continue;
          case FLOW.egress_allowed_by:
            egressAllowedBy = this.policy(egressAllowedBy);
            continue;
          case FLOW.ingress_allowed_by:
            ingressAllowedBy = this.policy(ingressAllowedBy);
            continue;
          case FLOW.egress_denied_by:
            egressDeniedBy = this.policy(egressDeniedBy);
            continue;
          case FLOW.ingress_denied_by:
            ingressDeniedBy = this.policy(ingressDeniedBy);
            continue;
          case FLOW.policy_log:
            (policyLog ??= []).push(this.sharedString());
            continue;
        }
      } else if (wireType === VARINT) {
        switch (field) {
          case FLOW.verdict:
            verdict = r.int32();
            continue;
          case FLOW.traffic_direction:
            direction = r.int32();
            continue;
          case FLOW.drop_reason_desc:
            dropReason = r.int32();
            continue;
          case FLOW.trace_observation_point:
            observationPoint = r.int32();
            continue;
        }
      }
      r.skip(wireType);
    }
    r.expectEnd(end);

    // As the JSON path does: a time a date cannot hold reads as the epoch, and one RFC 3339
    // cannot write (a year past 9999) makes the flow unplaceable.
    if (!Number.isInteger(seconds) || Math.abs(seconds) > MAX_SECONDS || nanos < 0 || nanos >= 1e9) {
      seconds = 0;
      nanos = 0;
    } else if (seconds < MIN_RFC3339_SECONDS || seconds > MAX_RFC3339_SECONDS) {
      return null;
    }

    const protocol = transport.protocol;
    const sourcePort = transport.sourcePort;
    const destinationPort = transport.destinationPort;
    const verdictName = this.enums.verdict[verdict];
    const knownVerdict = verdictName === undefined ? 0 : verdict;
    const dropReasonName = dropReason === ABSENT ? undefined : this.enums.dropReason[dropReason];
    const directionName = direction === ABSENT ? undefined : this.enums.trafficDirection[direction];
    const knownDirection = directionName === undefined ? ABSENT : direction;
    const reply = isReply === ABSENT ? null : isReply === 1;
    const pointName =
      observationPoint === ABSENT ? undefined : this.enums.traceObservationPoint[observationPoint];

    return {
      id:
        uuid ||
        flowDigest({
          time: formatTimestamp({ seconds, nanos }),
          node,
          sourceIp,
          destinationIp,
          protocol: protocol ?? "",
          sourcePort,
          destinationPort,
          verdict: verdictName ?? this.enums.verdict[0]!,
          dropReason: dropReasonName ?? "",
          direction: directionName ?? "",
          isReply: reply,
          l7Type: l7 === null || l7TypeNumber === ABSENT ? "" : (this.enums.l7Type[l7TypeNumber] ?? ""),
        }),
      time: seconds * 1000 + Math.floor(nanos / 1_000_000),
      verdict: verdictOfNumber(knownVerdict),
      dropReason:
        knownVerdict === DROPPED && dropReasonName !== undefined && dropReasonName !== UNKNOWN_DROP_REASON
          ? dropReasonName
          : null,
      direction: knownDirection === INGRESS ? "ingress" : knownDirection === EGRESS ? "egress" : "unknown",
      isReply: reply,
      source: this.peer(source, sourceIp, sourceNames),
      destination: this.peer(destination, destinationIp, destinationNames),
      protocol,
      sourcePort,
      destinationPort,
      tcpFlags: transport.tcpFlags,
      eventType: eventTypeOfNumber(eventType === ABSENT ? undefined : eventType),
      observationPoint: pointName === undefined || pointName === "UNKNOWN_POINT" ? null : pointName,
      l7,
      node,
      policies:
        egressAllowedBy === null &&
        ingressAllowedBy === null &&
        egressDeniedBy === null &&
        ingressDeniedBy === null
          ? EMPTY_POLICIES
          : this.sharedPolicies([egressAllowedBy, ingressAllowedBy, egressDeniedBy, ingressDeniedBy]),
      policyLog: policyLog ?? NO_STRINGS,
      summary,
    };
  }

  private peer(endpoint: InternedEndpoint | null, ip: string, names: string[] | null): FlowPeer {
    // An absent endpoint reads like an empty one, as in the JSON path.
    endpoint ??= this.emptyEndpoint ??= this.peers.endpoint(null, null, null, NO_STRINGS, 0);
    return this.peers.peer(endpoint, ip || null, names ?? NO_STRINGS);
  }

  /** An Endpoint, recognised by its bytes: only an endpoint not seen recently is decoded. */
  private endpoint(): InternedEndpoint {
    const r = this.reader;
    const to = r.delimitedEnd();
    const from = r.pos;
    const known = this.endpoints.get(r.buffer, from, to);
    if (known) {
      r.pos = to;
      return known;
    }
    let identity = 0;
    let namespace = "";
    let pod = "";
    let workload: string | null = null;
    const labels: string[] = [];
    while (r.pos < to) {
      const tag = r.uint32();
      switch (tag) {
        case ENDPOINT_IDENTITY:
          identity = r.uint32();
          break;
        case ENDPOINT_NAMESPACE:
          namespace = r.string();
          break;
        case ENDPOINT_LABEL:
          labels.push(r.string());
          break;
        case ENDPOINT_POD:
          pod = r.string();
          break;
        case ENDPOINT_WORKLOAD: {
          // Only the first workload names the peer's owner.
          const name = this.workloadName();
          workload ??= name;
          break;
        }
        default:
          r.skip(tag & 7);
      }
    }
    r.expectEnd(to);
    const endpoint = this.peers.endpoint(namespace || null, pod || null, workload || null, labels, identity);
    this.endpoints.set(r.buffer, from, to, endpoint);
    return endpoint;
  }

  private workloadName(): string {
    const r = this.reader;
    const to = r.delimitedEnd();
    let name = "";
    while (r.pos < to) {
      const tag = r.uint32();
      if (tag === WORKLOAD_NAME) name = r.string();
      else r.skip(tag & 7);
    }
    r.expectEnd(to);
    return name;
  }

  /** Adds the name of the Policy that starts here to `names`; policies are recognised by their bytes. */
  private policy(names: string[] | null): string[] {
    const r = this.reader;
    const to = r.delimitedEnd();
    const from = r.pos;
    let name = this.policyNames.get(r.buffer, from, to);
    if (name !== undefined) r.pos = to;
    else {
      let policy = "";
      let namespace = "";
      const labels: string[] = [];
      while (r.pos < to) {
        const tag = r.uint32();
        if (tag === POLICY_NAME) policy = r.string();
        else if (tag === POLICY_NAMESPACE) namespace = r.string();
        else if (tag === POLICY_LABEL) labels.push(r.string());
        else r.skip(tag & 7);
      }
      r.expectEnd(to);
      name = policyName(policy, namespace, labels);
      this.policyNames.set(r.buffer, from, to, name);
    }
    if (name === null) return names ?? [];
    if (names === null) return [name];
    names.push(name);
    return names;
  }

  /** The policies object of flows that the same policies allowed or denied, shared. */
  private sharedPolicies(lists: (string[] | null)[]): Flow["policies"] {
    const key = JSON.stringify(lists);
    let policies = this.policyLists.get(key);
    if (policies === undefined) {
      const [egressAllowedBy, ingressAllowedBy, egressDeniedBy, ingressDeniedBy] = lists.map((list) =>
        list === null || list.length === 0
          ? (NO_STRINGS as string[])
          : (Object.freeze(list.slice()) as string[]),
      );
      policies = Object.freeze({
        egressAllowedBy: egressAllowedBy!,
        ingressAllowedBy: ingressAllowedBy!,
        egressDeniedBy: egressDeniedBy!,
        ingressDeniedBy: ingressDeniedBy!,
      });
      this.policyLists.set(key, policies);
    }
    return policies;
  }

  /** A short string that repeats across flows (node name, summary), shared; recognised by its bytes. */
  private sharedString(): string {
    const r = this.reader;
    const to = r.delimitedEnd();
    const from = r.pos;
    const known = this.strings.get(r.buffer, from, to);
    if (known !== undefined) {
      r.pos = to;
      return known;
    }
    r.pos = from;
    const text = r.stringTo(to);
    this.strings.set(r.buffer, from, to, text);
    return text;
  }
}
