import type { DropClassification } from "@/lib/drops/classify-drop";
import type { Flow, FlowPeer } from "@/lib/flows/flow";
import type { FixProposal } from "./fix-proposal";

// The one plain sentence the Fix panel leads with: which connection, why it is dropped, what to
// change (cause → fix). The evaluator's full trace follows it, folded, for whoever wants proof.

/** "namespace/workload" when the relay names the pod's workload, else "namespace/pod", or the peer's identity. */
export function workloadName(peer: FlowPeer): string {
  if (peer.namespace) {
    const name = peer.workload ?? peer.pod;
    return name ? `${peer.namespace}/${name}` : peer.namespace;
  }
  const names = peer.dnsNames.length > 0 ? ` (${peer.dnsNames[0]})` : "";
  if (peer.reserved) return `${peer.reserved}${names}`;
  return peer.ip ?? "unknown";
}

/** `text` with every "namespace/pod" of the flows' peers written as "namespace/workload" where known. */
export function withWorkloadNames(text: string, flows: readonly Flow[]): string {
  const names = new Map<string, string>();
  for (const flow of flows) {
    for (const peer of [flow.source, flow.destination]) {
      if (peer.namespace && peer.pod && peer.workload && peer.workload !== peer.pod)
        names.set(`${peer.namespace}/${peer.pod}`, `${peer.namespace}/${peer.workload}`);
    }
  }
  // Longest first, so that "app/web-1" is not rewritten inside "app/web-10".
  let result = text;
  for (const [pod, workload] of [...names].sort((a, b) => b[0].length - a[0].length)) {
    result = result.replace(new RegExp(`${escapeRegExp(pod)}(?![\\w.-])`, "g"), workload);
  }
  return result;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function connection(flow: Flow): string {
  const port = flow.destinationPort !== null ? ` ${flow.destinationPort}` : "";
  const protocol = flow.protocol ?? "traffic";
  return `${workloadName(flow.source)} → ${workloadName(flow.destination)} (${protocol}${port})`;
}

function withoutFinalStop(text: string): string {
  return text.trim().replace(/\.$/, "");
}

/** The evaluator's first clause ("dropped on egress of …: nothing allows …"), without its hints. */
function firstClause(sentence: string): string {
  return sentence.split(/[;.](\s|$)/)[0]!.trim();
}

export function fixLeadSentence({
  newestDrop,
  classification,
  proposal,
  whySentence,
}: {
  newestDrop: Flow | null;
  classification: DropClassification | null;
  proposal: FixProposal;
  whySentence: string | null;
}): string {
  const drops = newestDrop ? [newestDrop] : [];
  const cause = classification
    ? classification.cause
    : whySentence
      ? firstClause(whySentence)
      : "the drop could not be explained";
  const fix =
    proposal.kind === "change"
      ? (proposal.steps[0] ?? classification?.fix ?? proposal.explanation)
      : classification && proposal.kind !== "already-allowed"
        ? classification.fix
        : proposal.explanation;
  const lead = newestDrop ? `${connection(newestDrop)}: ` : "";
  return withWorkloadNames(`${lead}${withoutFinalStop(cause)} → ${withoutFinalStop(fix)}.`, drops);
}
