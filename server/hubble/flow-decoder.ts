import "server-only";
import { eventTypeOfNumber, verdictOfNumber, type Flow, type FlowL7 } from "@/lib/flows/flow";
import { flowDigest } from "@/lib/hubble/flow-digest";
import {
  EMPTY_POLICIES as SHARED_EMPTY_POLICIES,
  NO_STRINGS as SHARED_NO_STRINGS,
} from "@/lib/hubble/flow-shared";
import { PeerInterner, type InternedEndpoint } from "@/lib/hubble/peer-interner";
import { formatTimestamp } from "@/lib/hubble/timestamp";
import { BytesCache } from "./bytes-cache";
import { EndpointReader } from "./endpoint-reader";
import { flowEnumNames, type FlowEnumNames } from "./flow-enums";
import {
  BOOL_VALUE,
  checkFlowFieldNumbers,
  EVENT_TYPE,
  FLOW as FLOW_FIELDS,
  IP,
  tagOf,
  TIMESTAMP,
} from "./flow-fields";
import { ABSENT as LAYER_ABSENT, readLayer7, TransportRecord } from "./flow-layers";
import { PolicyReader } from "./policy-reader";
import { LENGTH_DELIMITED as LENGTH_DELIMITED_TYPE, VARINT as VARINT_TYPE, WireReader } from "./wire-reader";

// flow.Flow bytes straight into Sieve's Flow, without the generic decoder's message objects, the
// protojson-shaped copy, or the timestamp's round trip through text. It reads only what a Flow
// holds and skips the rest; what it produces equals flowFromHubbleJson(wireToFlowJson(decoded))
// for every message (flow-decoder.test.ts compares both paths), including the generic decoder's
// ways: a repeated message field replaces the earlier one, repeated fields accumulate, an enum
// value Sieve's proto does not name counts as absent. Peers, policies, node names and summaries
// are shared between flows, so the flows kept in memory cost little more than their own fields.
// One reader per message: Timestamp, IP, BoolValue and CiliumEventType here, Endpoint in
// endpoint-reader.ts, Policy in policy-reader.ts, Layer4 and Layer7 in flow-layers.ts.

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

export interface FlowDecoderOptions {
  peers?: PeerInterner;
  /** Distinct endpoints remembered, and as many addresses. */
  endpoints?: number;
  /** Distinct strings (node names, summaries), policies and policy lists remembered. */
  strings?: number;
}

/** What the fields of one flow.Flow message said, as they are read; reused from flow to flow. */
class FlowFields {
  seconds = 0;
  nanos = 0;
  uuid = "";
  verdict = 0;
  sourceIp = "";
  destinationIp = "";
  source: InternedEndpoint | null = null;
  destination: InternedEndpoint | null = null;
  node = "";
  sourceNames: string[] | null = null;
  destinationNames: string[] | null = null;
  l7: FlowL7 | null = null;
  l7TypeNumber = ABSENT;
  direction = ABSENT;
  dropReason = ABSENT;
  isReply = ABSENT;
  eventType = ABSENT;
  observationPoint = ABSENT;
  summary = "";
  egressAllowedBy: string[] | null = null;
  ingressAllowedBy: string[] | null = null;
  egressDeniedBy: string[] | null = null;
  ingressDeniedBy: string[] | null = null;
  policyLog: string[] | null = null;

  clear(): void {
    this.seconds = 0;
    this.nanos = 0;
    this.uuid = "";
    this.verdict = 0;
    this.sourceIp = "";
    this.destinationIp = "";
    this.source = null;
    this.destination = null;
    this.node = "";
    this.sourceNames = null;
    this.destinationNames = null;
    this.l7 = null;
    this.l7TypeNumber = ABSENT;
    this.direction = ABSENT;
    this.dropReason = ABSENT;
    this.isReply = ABSENT;
    this.eventType = ABSENT;
    this.observationPoint = ABSENT;
    this.summary = "";
    this.egressAllowedBy = null;
    this.ingressAllowedBy = null;
    this.egressDeniedBy = null;
    this.ingressDeniedBy = null;
    this.policyLog = null;
  }
}

/** google.protobuf.Timestamp; a repeated one replaces the earlier one. */
function readTimestamp(r: WireReader, f: FlowFields): void {
  const to = r.delimitedEnd();
  f.seconds = 0;
  f.nanos = 0;
  while (r.pos < to) {
    const tag = r.uint32();
    if (tag === SECONDS) f.seconds = r.int64();
    else if (tag === NANOS) f.nanos = r.int32();
    else r.skip(tag & 7);
  }
  r.expectEnd(to);
}

/** flow.IP: the addresses, shared (the version and encryption flag are not kept). */
function readIp(r: WireReader, f: FlowFields, addresses: BytesCache<string>): void {
  const to = r.delimitedEnd();
  f.sourceIp = "";
  f.destinationIp = "";
  while (r.pos < to) {
    const tag = r.uint32();
    if (tag === IP_SOURCE) f.sourceIp = sharedString(r, addresses);
    else if (tag === IP_DESTINATION) f.destinationIp = sharedString(r, addresses);
    else r.skip(tag & 7);
  }
  r.expectEnd(to);
}

/** A string that repeats across flows (address, node name, summary), shared; recognised by its bytes. */
function sharedString(r: WireReader, strings: BytesCache<string>): string {
  return strings.read(r, readString);
}

/** google.protobuf.BoolValue as 1/0: false arrives as an empty message, presence says "known". */
function readBoolValue(r: WireReader): number {
  const to = r.delimitedEnd();
  let value = 0;
  while (r.pos < to) {
    const tag = r.uint32();
    if (tag === BOOL) value = r.bool() ? 1 : 0;
    else r.skip(tag & 7);
  }
  r.expectEnd(to);
  return value;
}

/** flow.CiliumEventType's type (the sub type is not kept). */
function readEventType(r: WireReader): number {
  const to = r.delimitedEnd();
  let type = 0;
  while (r.pos < to) {
    const tag = r.uint32();
    if (tag === EVENT_TYPE_TYPE) type = r.int32();
    else r.skip(tag & 7);
  }
  r.expectEnd(to);
  return type;
}

/** Decodes flows one at a time (not reentrant); its caches are bounded. */
export class FlowDecoder {
  private readonly reader = new WireReader();
  private readonly fields = new FlowFields();
  private readonly transport = new TransportRecord();
  private readonly enums: FlowEnumNames;
  private readonly endpoints: EndpointReader;
  private readonly policies: PolicyReader;
  private readonly strings: BytesCache<string>;
  private readonly addresses: BytesCache<string>;

  constructor(options: FlowDecoderOptions = {}) {
    checkFlowFieldNumbers();
    this.enums = flowEnumNames();
    this.endpoints = new EndpointReader(options.peers ?? new PeerInterner(), options.endpoints ?? 8_192);
    this.strings = new BytesCache(options.strings ?? 4_096);
    this.addresses = new BytesCache(options.endpoints ?? 8_192);
    this.policies = new PolicyReader(options.strings ?? 4_096);
  }

  /**
   * The Flow in bytes [start, end) of `buf` (a flow.Flow message), or null when its time lies
   * beyond what RFC 3339 can write (years outside 0000–9999): such a flow cannot be placed.
   */
  decode(buf: Buffer, start = 0, end = buf.length): Flow | null {
    const r = this.reader;
    r.reset(buf, start, end);
    this.fields.clear();
    this.transport.clear();
    while (r.pos < end) {
      const tag = r.uint32();
      const wireType = tag & 7;
      // Fields Sieve does not read are skipped by their wire type, without being looked at.
      if (wireType === LENGTH_DELIMITED) {
        if (this.readMessageField(tag >>> 3)) continue;
      } else if (wireType === VARINT) {
        if (this.readVarintField(tag >>> 3)) continue;
      }
      r.skip(wireType);
    }
    r.expectEnd(end);
    return this.flowOf(this.fields);
  }

  /** A length-delimited field of flow.Flow; false when Sieve does not read it. */
  private readMessageField(field: number): boolean {
    const r = this.reader;
    const f = this.fields;
    switch (field) {
      case FLOW.time:
        readTimestamp(r, f);
        return true;
      case FLOW.uuid:
        f.uuid = r.string();
        return true;
      case FLOW.IP:
        readIp(r, f, this.addresses);
        return true;
      case FLOW.l4:
        this.transport.read(r);
        return true;
      case FLOW.source:
        f.source = this.endpoints.read(r);
        return true;
      case FLOW.destination:
        f.destination = this.endpoints.read(r);
        return true;
      case FLOW.node_name:
        f.node = sharedString(r, this.strings);
        return true;
      case FLOW.source_names:
        (f.sourceNames ??= []).push(r.string());
        return true;
      case FLOW.destination_names:
        (f.destinationNames ??= []).push(r.string());
        return true;
      case FLOW.l7: {
        const { l7, typeNumber } = readLayer7(r, this.enums.l7Type);
        f.l7 = l7;
        f.l7TypeNumber = typeNumber;
        return true;
      }
      case FLOW.is_reply:
        f.isReply = readBoolValue(r);
        return true;
      case FLOW.event_type:
        f.eventType = readEventType(r);
        return true;
      case FLOW.Summary:
        f.summary = sharedString(r, this.strings);
        return true;
      case FLOW.egress_allowed_by:
        f.egressAllowedBy = this.policies.read(r, f.egressAllowedBy);
        return true;
      case FLOW.ingress_allowed_by:
        f.ingressAllowedBy = this.policies.read(r, f.ingressAllowedBy);
        return true;
      case FLOW.egress_denied_by:
        f.egressDeniedBy = this.policies.read(r, f.egressDeniedBy);
        return true;
      case FLOW.ingress_denied_by:
        f.ingressDeniedBy = this.policies.read(r, f.ingressDeniedBy);
        return true;
      case FLOW.policy_log:
        (f.policyLog ??= []).push(sharedString(r, this.strings));
        return true;
      default:
        return false;
    }
  }

  /** A varint field of flow.Flow (its enums); false when Sieve does not read it. */
  private readVarintField(field: number): boolean {
    const r = this.reader;
    const f = this.fields;
    switch (field) {
      case FLOW.verdict:
        f.verdict = r.int32();
        return true;
      case FLOW.traffic_direction:
        f.direction = r.int32();
        return true;
      case FLOW.drop_reason_desc:
        f.dropReason = r.int32();
        return true;
      case FLOW.trace_observation_point:
        f.observationPoint = r.int32();
        return true;
      default:
        return false;
    }
  }

  /** Sieve's Flow of the fields read, or null when its time cannot be placed. */
  private flowOf(f: FlowFields): Flow | null {
    let { seconds, nanos } = f;
    // As the JSON path does: a time a date cannot hold reads as the epoch, and one RFC 3339
    // cannot write (a year past 9999) makes the flow unplaceable.
    if (!Number.isInteger(seconds) || Math.abs(seconds) > MAX_SECONDS || nanos < 0 || nanos >= 1e9) {
      seconds = 0;
      nanos = 0;
    } else if (seconds < MIN_RFC3339_SECONDS || seconds > MAX_RFC3339_SECONDS) {
      return null;
    }

    const transport = this.transport;
    const enums = this.enums;
    const protocol = transport.protocol;
    const sourcePort = transport.sourcePort;
    const destinationPort = transport.destinationPort;
    const verdictName = enums.verdict[f.verdict];
    const knownVerdict = verdictName === undefined ? 0 : f.verdict;
    const dropReasonName = f.dropReason === ABSENT ? undefined : enums.dropReason[f.dropReason];
    const directionName = f.direction === ABSENT ? undefined : enums.trafficDirection[f.direction];
    const knownDirection = directionName === undefined ? ABSENT : f.direction;
    const reply = f.isReply === ABSENT ? null : f.isReply === 1;
    const pointName =
      f.observationPoint === ABSENT ? undefined : enums.traceObservationPoint[f.observationPoint];
    const l7 = f.l7;

    return {
      id:
        f.uuid ||
        flowDigest({
          time: formatTimestamp({ seconds, nanos }),
          node: f.node,
          sourceIp: f.sourceIp,
          destinationIp: f.destinationIp,
          protocol: protocol ?? "",
          sourcePort,
          destinationPort,
          verdict: verdictName ?? enums.verdict[0]!,
          dropReason: dropReasonName ?? "",
          direction: directionName ?? "",
          isReply: reply,
          l7Type: l7 === null || f.l7TypeNumber === ABSENT ? "" : (enums.l7Type[f.l7TypeNumber] ?? ""),
        }),
      time: seconds * 1000 + Math.floor(nanos / 1_000_000),
      verdict: verdictOfNumber(knownVerdict),
      dropReason:
        knownVerdict === DROPPED && dropReasonName !== undefined && dropReasonName !== UNKNOWN_DROP_REASON
          ? dropReasonName
          : null,
      direction: knownDirection === INGRESS ? "ingress" : knownDirection === EGRESS ? "egress" : "unknown",
      isReply: reply,
      source: this.endpoints.peer(f.source, f.sourceIp, f.sourceNames),
      destination: this.endpoints.peer(f.destination, f.destinationIp, f.destinationNames),
      protocol,
      sourcePort,
      destinationPort,
      tcpFlags: transport.tcpFlags,
      eventType: eventTypeOfNumber(f.eventType === ABSENT ? undefined : f.eventType),
      observationPoint: pointName === undefined || pointName === "UNKNOWN_POINT" ? null : pointName,
      l7,
      node: f.node,
      policies:
        f.egressAllowedBy === null &&
        f.ingressAllowedBy === null &&
        f.egressDeniedBy === null &&
        f.ingressDeniedBy === null
          ? EMPTY_POLICIES
          : this.policies.shared(f.egressAllowedBy, f.ingressAllowedBy, f.egressDeniedBy, f.ingressDeniedBy),
      policyLog: f.policyLog ?? NO_STRINGS,
      summary: f.summary,
    };
  }
}

function readString(r: WireReader, end: number): string {
  return r.stringTo(end);
}
