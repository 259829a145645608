// A flow's pod labels become selectors in the rules a fix writes, so a label Kubernetes itself would
// refuse (a value such as "<b>x</b>" from a broken or forged flow) cannot be part of a fix. Such a
// flow is skipped and counted, not allowed to fail the fix of its whole drop group.

import type { Flow, FlowPeer } from "@/lib/flows/flow";
import { isLabelKey, isLabelValue, isNamespaceName } from "@/lib/gitops/k8s-names";

/** Labels Cilium derives itself (namespace, service account, namespace labels): not pod labels. */
const CILIUM_DERIVED_PREFIXES = ["io.cilium.k8s.", "io.kubernetes.pod."];

function peerHasInvalidLabels(peer: FlowPeer): boolean {
  if (peer.namespace === null) return false;
  if (!isNamespaceName(peer.namespace)) return true;
  return Object.entries(peer.labels).some(
    ([key, value]) =>
      !CILIUM_DERIVED_PREFIXES.some((prefix) => key.startsWith(prefix)) &&
      (!isLabelKey(key) || !isLabelValue(value)),
  );
}

/** Does a pod side of the flow carry a namespace or label that Kubernetes would not accept? */
export function hasInvalidLabels(flow: Flow): boolean {
  return peerHasInvalidLabels(flow.source) || peerHasInvalidLabels(flow.destination);
}

/** "3 flows with invalid labels skipped." (empty for none), for the fix's explanation. */
export function skippedFlowsNote(count: number): string {
  if (count === 0) return "";
  return ` ${count} flow${count === 1 ? "" : "s"} with invalid labels skipped.`;
}
