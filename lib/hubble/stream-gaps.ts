/** A span of time during which the flow stream was down, so flows may be missing. */
export interface FlowGap {
  from: number;
  to: number;
}

export const MAX_FLOW_GAPS = 20;

/** Adds a gap, merging it into the previous one when they overlap, and keeps the latest `limit`. */
export function recordGap(gaps: readonly FlowGap[], gap: FlowGap, limit = MAX_FLOW_GAPS): FlowGap[] {
  const previous = gaps.at(-1);
  if (previous && gap.from <= previous.to) {
    const merged = { from: Math.min(previous.from, gap.from), to: Math.max(previous.to, gap.to) };
    return [...gaps.slice(0, -1), merged];
  }
  return [...gaps, gap].slice(-limit);
}
