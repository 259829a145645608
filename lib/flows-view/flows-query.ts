import { formatDuration, parseDuration } from "@/lib/config/duration";
import { inWindowText } from "@/lib/flows/verdict-text";
import { compileFlowSelection } from "@/lib/hubble/flow-filter-match";
import {
  flowSelectionOfObserveFlags,
  OBSERVE_FLAG_NAMES,
  type FlowSelection,
  type ObserveFlag,
  type ObserveFlagName,
} from "@/lib/hubble/flow-filters";
import type { ObserveRange } from "@/lib/hubble/observe-command";
import { formatTimestamp, msToTimestamp, parseTimestamp, timestampToMs } from "@/lib/hubble/timestamp";

// The flows view's state in the hubble CLI's words: `/flows?from-namespace=mealie&to-port=5432&
// verdict=DROPPED` is `hubble observe --from-namespace mealie --to-port 5432 --verdict DROPPED`.
// Parameters keep their order, as flags do: a bare `not` negates the filter after it (`--not`).
// The page and the API read the same parameters through this one parser.

/** `--last N` when none is given, and the most one request may ask for. */
export const DEFAULT_FLOWS_LAST = 200;
export const MAX_FLOWS_LAST = 2000;

/** `--since`: a point in time, or a duration before now. */
export type FlowsSince = { at: number } | { ago: number };

export interface FlowsQuery {
  /** The filter flags, in order, each `not` folded into the flag it negates. */
  flags: ObserveFlag[];
  last: number;
  since: FlowsSince | null;
  /** What the flags send to the relay. */
  selection: FlowSelection;
}

const FLAG_NAMES: ReadonlySet<string> = new Set(OBSERVE_FLAG_NAMES);
const NOT = "not";
const LAST = "last";
const SINCE = "since";

export type ParsedFlowsQuery = { ok: true; value: FlowsQuery } | { ok: false; error: string };

function parseLast(text: string): number | string {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_FLOWS_LAST) {
    return `--last: "${text.slice(0, 40)}" must be a whole number from 1 to ${MAX_FLOWS_LAST}`;
  }
  return Number(text);
}

function parseSince(text: string): FlowsSince | string {
  const ago = parseDuration(text);
  if (ago !== null) return { ago };
  const timestamp = parseTimestamp(text);
  if (timestamp) return { at: timestampToMs(timestamp) };
  return `--since: "${text.slice(0, 40)}" must be a duration (5m, 1h) or an RFC 3339 time`;
}

function errorLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}

/** Reads the query from parameters in order; an unknown name or a value the CLI refuses is an error. */
export function parseFlowsQueryEntries(entries: Iterable<readonly [string, string]>): ParsedFlowsQuery {
  const flags: ObserveFlag[] = [];
  let last = DEFAULT_FLOWS_LAST;
  let since: FlowsSince | null = null;
  let negate = false;
  for (const [name, value] of entries) {
    if (name === NOT) {
      if (negate) return { ok: false, error: "consecutive --not statements" };
      negate = true;
      continue;
    }
    if (FLAG_NAMES.has(name)) {
      flags.push(
        negate
          ? { name: name as ObserveFlagName, value, not: true }
          : { name: name as ObserveFlagName, value },
      );
      negate = false;
      continue;
    }
    if (negate)
      return { ok: false, error: `--not must be followed by a filter flag, not --${name.slice(0, 40)}` };
    if (name === LAST) {
      const parsed = parseLast(value);
      if (typeof parsed === "string") return { ok: false, error: parsed };
      last = parsed;
    } else if (name === SINCE) {
      const parsed = parseSince(value);
      if (typeof parsed === "string") return { ok: false, error: parsed };
      since = parsed;
    } else {
      return {
        ok: false,
        error: `unknown flag --${name.slice(0, 40)}; filters are ${OBSERVE_FLAG_NAMES.map((n) => `--${n}`).join(", ")}, with --not before one to negate it`,
      };
    }
  }
  if (negate) return { ok: false, error: "--not must be followed by a filter flag" };
  let selection: FlowSelection;
  try {
    selection = flowSelectionOfObserveFlags(flags);
    // What the relay would refuse (a bad CIDR, label selector or regular expression) is refused here.
    compileFlowSelection(selection.whitelist, selection.blacklist);
  } catch (error) {
    return { ok: false, error: errorLine(error) };
  }
  return { ok: true, value: { flags, last, since, selection } };
}

export function parseFlowsSearchParams(params: URLSearchParams): ParsedFlowsQuery {
  return parseFlowsQueryEntries(params.entries());
}

/** The filter flags as URL parameters, in order: `from-namespace=mealie&not&to-port=5432`. */
export function flowsSearchOfFlags(flags: readonly ObserveFlag[]): string {
  return flags
    .flatMap((flag) => [
      ...(flag.not ? [NOT] : []),
      `${encodeURIComponent(flag.name)}=${encodeURIComponent(flag.value)}`,
    ])
    .join("&");
}

/**
 * `--since` as the hubble CLI reads it: a duration as a Go duration ("5m"), a time in RFC 3339 UTC
 * (to the millisecond asked of the relay).
 */
export function observeSinceOf(since: FlowsSince): string {
  return "ago" in since ? formatDuration(since.ago) : formatTimestamp(msToTimestamp(since.at));
}

/** The first moment `since` asks for, at `now`. */
export function sinceStart(since: FlowsSince, now: number): number {
  return "at" in since ? since.at : now - since.ago;
}

/** How a count names the flows' range: "in the last 5m", "since 2026-01-15T10:00:00Z". */
export function flowsRangeText(since: FlowsSince): string {
  return "at" in since ? `since ${observeSinceOf(since)}` : inWindowText(since.ago);
}

/** `--last` and `--since` of the command that asks the relay for the query's flows. */
export function observeRangeOf(query: Pick<FlowsQuery, "last" | "since">): ObserveRange {
  return query.since === null
    ? { last: query.last }
    : { last: query.last, since: observeSinceOf(query.since) };
}

function sameFlag(a: ObserveFlag, b: ObserveFlag): boolean {
  return a.name === b.name && a.value === b.value && !a.not === !b.not;
}

/**
 * The flags with `flag` added (nothing when it is there already). Throws the CLI's one line when
 * the result is a combination it refuses, e.g. --from-ip beside --from-namespace.
 */
export function withFlag(flags: readonly ObserveFlag[], flag: ObserveFlag): ObserveFlag[] {
  if (flags.some((existing) => sameFlag(existing, flag))) return [...flags];
  const next = [...flags, flag];
  flowSelectionOfObserveFlags(next);
  return next;
}

export function withoutFlag(flags: readonly ObserveFlag[], flag: ObserveFlag): ObserveFlag[] {
  return flags.filter((existing) => !sameFlag(existing, flag));
}
