import { digest64 } from "./digest";

/** The fields that tell flows apart, as `hubble observe -o json` names them ("" when absent). */
export interface FlowDigestFields {
  /** RFC 3339, as protojson prints the flow's time. */
  time: string;
  node: string;
  sourceIp: string;
  destinationIp: string;
  protocol: string;
  sourcePort: number | null;
  destinationPort: number | null;
  /** The flow.Verdict name. */
  verdict: string;
  /** The flow.DropReason name. */
  dropReason: string;
  /** The flow.TrafficDirection name. */
  direction: string;
  isReply: boolean | null;
  /** The flow.L7FlowType name. */
  l7Type: string;
}

/** A flow's identity when the relay gave no uuid: the same flow always digests the same way. */
export function flowDigest(f: FlowDigestFields): string {
  const parts = [
    f.time,
    f.node,
    f.sourceIp,
    f.destinationIp,
    f.protocol,
    f.sourcePort ?? "",
    f.destinationPort ?? "",
    f.verdict,
    f.dropReason,
    f.direction,
    f.isReply ?? "",
    f.l7Type,
  ];
  return `digest-${digest64(parts.join("|"))}`;
}
