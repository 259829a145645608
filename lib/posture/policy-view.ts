// A policy as people read it: its role, whom it applies to, and each rule as a sentence. Built once per
// policy and shared by every namespace it selects.

import type { Direction, NormalizedPolicy, PolicyRef } from "@/lib/policy/model";
import { describeSubject, renderPolicyRules, type RenderedRule } from "@/lib/policy/render-rule";
import { appliesInDirection } from "@/lib/policy/selection";
import type { PolicyRole } from "./policy-roles";
import { roleOf, type PostureContext } from "./posture-context";
import { visibleText } from "@/lib/text/visible-text";

/**
 * What a policy is, in a line: which one, the part it plays and its directions. A posture names
 * each policy once with this and refers to it by id wherever it selects a namespace.
 */
export interface PolicySummary {
  id: string;
  ref: PolicyRef;
  section: string;
  role: PolicyRole;
  /** Profile names or access label names the policy is for. */
  roleDetail: string | null;
  directions: Direction[];
}

export interface PolicyView extends PolicySummary {
  /** "all pods in shop", "pods app=web in any namespace", "all pods in the cluster". */
  subject: string;
  description: string | null;
  defaultDeny: { ingress: boolean; egress: boolean };
  rules: RenderedRule[];
  problems: string[];
}

export function roleDetailOf(context: PostureContext, policy: NormalizedPolicy): string | null {
  const role = roleOf(context, policy);
  const detail = role.role === "profile" ? role.profiles : role.role === "access" ? role.accessLabels : [];
  return detail.length > 0 ? detail.join(", ") : null;
}

export function directionsOf(policy: NormalizedPolicy): Direction[] {
  return (["ingress", "egress"] as const).filter((d) => appliesInDirection(policy, d));
}

export function policySummaryOf(context: PostureContext, policy: NormalizedPolicy): PolicySummary {
  const known = context.summaryMemo.get(policy);
  if (known) return known;
  const summary: PolicySummary = {
    id: policy.id,
    ref: policy.ref,
    section: policy.section,
    role: roleOf(context, policy).role,
    roleDetail: roleDetailOf(context, policy),
    directions: directionsOf(policy),
  };
  context.summaryMemo.set(policy, summary);
  return summary;
}

export function policyViewOf(context: PostureContext, policy: NormalizedPolicy): PolicyView {
  const known = context.viewMemo.get(policy);
  if (known) return known;
  const view: PolicyView = {
    ...policySummaryOf(context, policy),
    subject: describeSubject(policy),
    // The texts quote the policy's own strings (description, selectors, DNS patterns): shown as written.
    description: policy.description === null ? null : visibleText(policy.description),
    defaultDeny: policy.defaultDeny,
    rules: renderPolicyRules(policy, context.renderOptions).map((rule) => ({
      ...rule,
      text: visibleText(rule.text),
      l7: rule.l7.map(visibleText),
      notes: rule.notes.map(visibleText),
    })),
    problems: policy.problems.map(visibleText),
  };
  context.viewMemo.set(policy, view);
  return view;
}
