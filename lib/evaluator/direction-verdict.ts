// One side of a connection: does the source's egress (or the destination's ingress) let it through?
//
// Cilium's rules, as the model normalized them:
// - an endpoint is in default deny for a direction once any policy selecting it asks for it (a
//   policy with rules in that direction, unless enableDefaultDeny turns it off; a NetworkPolicy for
//   the directions in its policyTypes); otherwise the direction is open;
// - allow rules add up, whichever policy they come from;
// - a matching deny rule (ingressDeny/egressDeny) drops the traffic even when allow rules match;
// - the node always reaches its own pods (allow-localhost), unless the context says otherwise.
// Peers that are not pods (world, host, …) have no policy of their own here: Cilium host policies
// (nodeSelector) are out of scope.

import type { FlowProtocol } from "@/lib/flows/flow";
import type { PolicyRole } from "@/lib/posture/policy-roles";
import { rulesIn, type Direction, type PolicyRef } from "@/lib/policy/model";
import type { Remote } from "@/lib/policy/rule-match";
import { appliesInDirection, policySelectsEndpoint } from "@/lib/policy/selection";
import type { AnyEndpoint } from "./connection-query";
import { roleIn, selectionsOf, type EvaluationContext } from "./evaluation-context";
import { podIdentity, remotesOf, ruleAdmitsTraffic, ruleMatchesAny } from "./rule-traffic";

/** One rule of one policy. */
export interface RuleRef {
  policyId: string;
  ref: PolicyRef;
  /** The rule's place in its policy, e.g. "spec.egress[0]" or "specs[1].ingressDeny[0]". */
  rule: string;
  role: PolicyRole;
}

export type DirectionReason =
  /** Nothing puts the endpoint in default deny for this direction, and no deny rule matched. */
  | "no-policy"
  | "allowed"
  | "denied-by-deny-rule"
  /** Default deny, and no allow rule matches. */
  | "no-rule-allows"
  /** Allowed by the conventions' escape-hatch policy (enforcement disabled). */
  | "escape-hatch"
  /** The side is not a pod: world, host, a CIDR, a DNS name. */
  | "not-an-endpoint"
  /** Ingress from the pod's own node, which Cilium always allows (allow-localhost). */
  | "local-host";

export interface DirectionVerdict {
  direction: Direction;
  allowed: boolean;
  /** The endpoint is in default deny for this direction (false for a side that is not a pod). */
  enforced: boolean;
  allowedBy: RuleRef[];
  deniedBy: RuleRef[];
  reason: DirectionReason;
  /** Policies that select the endpoint and take part in this direction. */
  selectedBy: PolicyRef[];
}

export interface Traffic {
  port: number | null;
  protocol: FlowProtocol | null;
}

function notAnEndpoint(direction: Direction): DirectionVerdict {
  return {
    direction,
    allowed: true,
    enforced: false,
    allowedBy: [],
    deniedBy: [],
    reason: "not-an-endpoint",
    selectedBy: [],
  };
}

/**
 * The verdict of `subject`'s policies in `direction` for traffic with `peer` (the destination on
 * egress, the source on ingress).
 */
export function evaluateDirection(
  subject: AnyEndpoint,
  peer: AnyEndpoint,
  direction: Direction,
  traffic: Traffic,
  context: EvaluationContext,
  peerRemotes: readonly Remote[] = remotesOf(peer, context),
): DirectionVerdict {
  if (subject.kind !== "pod") return notAnEndpoint(direction);
  const labels = podIdentity(subject, context);
  const allowedBy: RuleRef[] = [];
  const deniedBy: RuleRef[] = [];
  const selectedBy: PolicyRef[] = [];
  let enforced = false;
  for (const { policy, coverage } of selectionsOf(context, subject.namespace)) {
    if (!appliesInDirection(policy, direction)) continue;
    if (coverage === "some" && !policySelectsEndpoint(policy, labels)) continue;
    selectedBy.push(policy.ref);
    if (policy.defaultDeny[direction]) enforced = true;
    for (const rule of rulesIn(policy, direction)) {
      if (rule.peers.length === 0) continue;
      if (!ruleAdmitsTraffic(rule, traffic.port, traffic.protocol) || !ruleMatchesAny(rule, peerRemotes))
        continue;
      const ref: RuleRef = {
        policyId: policy.id,
        ref: policy.ref,
        rule: rule.id,
        role: roleIn(context, policy).role,
      };
      (rule.deny ? deniedBy : allowedBy).push(ref);
    }
  }
  const verdict = { direction, enforced, allowedBy, deniedBy, selectedBy };
  if (deniedBy.length > 0) return { ...verdict, allowed: false, reason: "denied-by-deny-rule" };
  const localHost =
    direction === "ingress" &&
    context.options.allowLocalhost &&
    peer.kind === "entity" &&
    peer.entity === "host";
  if (localHost) return { ...verdict, allowed: true, reason: "local-host" };
  if (allowedBy.some((r) => r.role === "escape-hatch"))
    return { ...verdict, allowed: true, reason: "escape-hatch" };
  if (allowedBy.length > 0) return { ...verdict, allowed: true, reason: "allowed" };
  if (!enforced) return { ...verdict, allowed: true, reason: "no-policy" };
  return { ...verdict, allowed: false, reason: "no-rule-allows" };
}
