// Safe to re-enable? The virtual audit's answer, always with how much traffic it rests on: an empty
// window or one shorter than MIN_WINDOW_MS is said as such, never presented as safe. Flows the
// policies deny with the escape hatch open too, yet seen forwarded (WouldBeDrops.deniedToday), are
// neither drops nor proof of safety: they are said apart, as unknown.

import type { WouldBeDrops } from "@/lib/evaluator/would-be-drops";

export type ReenableVerdictKind = "safe" | "would-drop" | "unknown" | "no-traffic" | "short-window";

export interface ReenableVerdict {
  kind: ReenableVerdictKind;
  /** One line, e.g. "safe: every flow observed over the last 12 min would still pass (12 min, 4,812 flows)". */
  text: string;
  /** For the posture table: "re-enable would drop 14 flows of 3 kinds", "re-enable: safe", … */
  short: string;
  /** Span of traffic the verdict rests on, and the flows in it. */
  observedMs: number;
  flows: number;
  drops: number;
  kinds: number;
  /** Flows the policies deny with the escape hatch open too, yet seen forwarded (not in drops). */
  unknown: number;
}

/** How far back the audit looks, at most (the bounded flow ring usually holds less). */
export const REENABLE_WINDOW_MS = 60 * 60_000;

/** Less traffic history than this cannot show that re-enabling is safe. */
export const MIN_WINDOW_MS = 5 * 60_000;

const MAX_LISTED = 3;

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function plural(n: number, word: string): string {
  return `${count(n)} ${word}${n === 1 ? "" : "s"}`;
}

/** "12 min", "45 s", "2 h 5 min". */
export function describeSpan(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/**
 * The verdict for `audit`, computed over the flows observed from `observedSince` (the start of the
 * window, or later when the flow history does not reach back that far) to `now`.
 */
export function reenableVerdict(audit: WouldBeDrops, observedSince: number, now: number): ReenableVerdict {
  const observedMs = Math.max(0, now - observedSince);
  const basis = `${describeSpan(observedMs)}, ${plural(audit.evaluated, "flow")}`;
  const kinds = audit.causes.length;
  const unknown = audit.deniedToday.reduce((n, c) => n + c.flows, 0);
  const unknownWhat = `${plural(unknown, "flow")} of ${plural(audit.deniedToday.length, "kind")}`;
  const unknownText = `${unknownWhat} ${unknown === 1 ? "is" : "are"} denied by Sieve's reading of the policies today too, yet seen forwarded: what re-enabling would do to ${unknown === 1 ? "it" : "them"} is unknown`;
  const base = { observedMs, flows: audit.evaluated, drops: audit.drops, kinds, unknown };
  if (audit.drops > 0) {
    const listed = audit.causes
      .slice(0, MAX_LISTED)
      .map((c) => `${c.connection}: ${plural(c.flows, "flow")}`)
      .join("; ");
    const more = kinds > MAX_LISTED ? `; and ${plural(kinds - MAX_LISTED, "more kind")}` : "";
    const what = `${plural(audit.drops, "flow")} of ${plural(kinds, "kind")}`;
    return {
      ...base,
      kind: "would-drop",
      text: `re-enabling now would drop ${what}: ${listed}${more}${unknown > 0 ? `; ${unknownText}` : ""} (${basis})`,
      short: `re-enable would drop ${what}`,
    };
  }
  if (audit.evaluated === 0) {
    return {
      ...base,
      kind: "no-traffic",
      text: `no traffic observed: cannot judge (${basis})`,
      short: "re-enable: no traffic observed, cannot judge",
    };
  }
  if (unknown > 0) {
    return {
      ...base,
      kind: "unknown",
      text: `cannot tell: no other observed flow would be dropped, but ${unknownText} (${basis})`,
      short: `re-enable: ${unknownWhat} Sieve cannot judge`,
    };
  }
  if (observedMs < MIN_WINDOW_MS) {
    return {
      ...base,
      kind: "short-window",
      text: `too little traffic history to judge: every flow of the last ${describeSpan(observedMs)} would still pass, but at least ${describeSpan(MIN_WINDOW_MS)} are needed (${basis})`,
      short: `re-enable: only ${describeSpan(observedMs)} observed, cannot judge`,
    };
  }
  return {
    ...base,
    kind: "safe",
    text: `safe: every flow observed over the last ${describeSpan(observedMs)} would still pass (${basis})`,
    short: "re-enable: safe on observed traffic",
  };
}
