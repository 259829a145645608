import type { DropClassification } from "@/lib/drops/classify-drop";
import type { RuleRef } from "@/lib/evaluator/direction-verdict";
import { evaluateConnection } from "@/lib/evaluator/evaluate-flow";
import type { EvaluationContext } from "@/lib/evaluator/evaluation-context";
import { queryFromFlow } from "@/lib/evaluator/flow-query";
import type { Flow } from "@/lib/flows/flow";
import type { DropSample } from "@/lib/gitops/pr-text";
import { refLabel } from "@/lib/policy/model";
import type { FixProposal } from "./fix-proposal";
import { proposeFixForDrops } from "./drop-answers";
import { proveFix, type FixProof } from "./prove-fix";

// Everything Sieve says about a set of drops: why (the evaluator's sentence for the newest one),
// the smallest fix in the conventions' vocabulary, and the proof of that fix over every flow
// currently observed. Pure: the caller brings the drops, the observed flows and the context.

export interface WhyAnswer {
  sentence: string;
  droppedAt: "egress" | "ingress" | null;
  /** The rules that allow or deny each side, as "CCNP name spec.egress[0]". */
  egressRules: string[];
  ingressRules: string[];
}

export interface FixPlan {
  drops: number;
  /** A few drops, newest first. */
  samples: Flow[];
  why: WhyAnswer | null;
  proposal: FixProposal;
  proof: FixProof | null;
}

const SAMPLES = 5;

function ruleNames(refs: readonly RuleRef[]): string[] {
  return refs.map((r) => `${refLabel(r.ref)} ${r.rule}`);
}

export function whyDropped(flow: Flow, context: EvaluationContext): WhyAnswer {
  const verdict = evaluateConnection(queryFromFlow(flow), context);
  return {
    sentence: verdict.sentence,
    droppedAt: verdict.droppedAt,
    egressRules: ruleNames([...verdict.egress.deniedBy, ...verdict.egress.allowedBy]),
    ingressRules: ruleNames([...verdict.ingress.deniedBy, ...verdict.ingress.allowedBy]),
  };
}

export function fixPlan(
  drops: readonly Flow[],
  observed: readonly Flow[],
  context: EvaluationContext,
  classification?: DropClassification,
): FixPlan {
  const newestFirst = [...drops].sort((a, b) => b.time - a.time);
  const proposal = proposeFixForDrops(drops, context, classification);
  const proof = proposal.kind === "change" ? proveFix(proposal.changes, observed, context) : null;
  return {
    drops: drops.length,
    samples: newestFirst.slice(0, SAMPLES),
    why: newestFirst[0] ? whyDropped(newestFirst[0], context) : null,
    proposal,
    proof,
  };
}

function peerName(peer: Flow["source"]): string {
  if (peer.namespace) return peer.pod ? `${peer.namespace}/${peer.pod}` : peer.namespace;
  return peer.reserved ?? peer.ip ?? "unknown";
}

/** The drops as the pull request lists them: one line per connection, with its count. */
export function dropSamples(drops: readonly Flow[]): DropSample[] {
  const byConnection = new Map<string, DropSample>();
  for (const flow of drops) {
    const sample: DropSample = {
      direction: flow.direction === "ingress" ? "ingress" : "egress",
      source: peerName(flow.source),
      destination: peerName(flow.destination),
      port: flow.destinationPort ?? undefined,
      protocol: flow.protocol ?? undefined,
      count: 1,
    };
    const key = `${sample.direction}|${sample.source}|${sample.destination}|${sample.port}|${sample.protocol}`;
    const known = byConnection.get(key);
    if (known) known.count += 1;
    else byConnection.set(key, sample);
  }
  return [...byConnection.values()].sort((a, b) => b.count - a.count);
}
