import type { FlowPeer } from "@/lib/flows/flow";
import { visibleText } from "@/lib/text/visible-text";

/** "namespace/pod", or the reserved identity with its DNS names or IP for peers outside the cluster. */
function flowPeerName(peer: FlowPeer): string {
  if (peer.namespace) return peer.pod ? `${peer.namespace}/${peer.pod}` : peer.namespace;
  const names = peer.dnsNames.length > 0 ? ` (${peer.dnsNames.slice(0, 2).join(", ")})` : "";
  if (peer.reserved) return `${peer.reserved}${names || (peer.ip ? ` ${peer.ip}` : "")}`;
  return peer.ip ?? "unknown";
}

export function FlowPeerName({ peer }: { peer: FlowPeer }) {
  return <span className="font-mono">{visibleText(flowPeerName(peer))}</span>;
}
