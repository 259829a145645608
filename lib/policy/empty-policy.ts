import type { NormalizedPolicy, PolicyRef } from "./model";

/**
 * A policy with nothing read yet: it selects nothing and opens nothing, so a spec that turns out
 * malformed leaves it failing closed. The normalizers fill it in from the spec.
 */
export function emptyPolicy(
  id: string,
  ref: PolicyRef,
  section: string,
  problems: string[],
): NormalizedPolicy {
  return {
    id,
    ref,
    section,
    description: null,
    subject: { type: "none" },
    ingress: [],
    egress: [],
    defaultDeny: { ingress: false, egress: false },
    problems,
  };
}
