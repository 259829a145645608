import type { Flow } from "@/lib/flows/flow";

// Values most flows hold, shared rather than allocated per flow. Frozen, because every flow that
// holds one would see a change to it.

export const NO_STRINGS: readonly string[] = Object.freeze([]);

/** The policies of a flow the relay named no policy for. */
export const EMPTY_POLICIES: Flow["policies"] = Object.freeze({
  egressAllowedBy: NO_STRINGS as string[],
  ingressAllowedBy: NO_STRINGS as string[],
  egressDeniedBy: NO_STRINGS as string[],
  ingressDeniedBy: NO_STRINGS as string[],
});
