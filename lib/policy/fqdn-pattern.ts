// Cilium's toFQDNs / DNS `matchPattern`, matched without a regular expression. A pattern comes from a
// policy in the cluster, so its author controls it: a backtracking regex built from it took seconds
// per name with a dozen stars. Here the pattern runs as a set of states over the name in one pass:
// each character of the name costs one visit of each state (pattern length + 1), whatever the pattern.
//
// Semantics (Cilium's CRD documentation of matchPattern), case-insensitive, one trailing dot ignored:
// - "*" alone matches every name;
// - "*" elsewhere matches zero or more DNS characters [-a-z0-9_] and never a dot, so "*.cilium.io"
//   matches "www.cilium.io" but not "cilium.io" nor "a.b.cilium.io";
// - a leading "**." matches one or more whole labels: "**.cilium.io" matches "app.cilium.io" and
//   "test.app.cilium.io", not "cilium.io".

/** Counts the matcher's steps, so a test can prove the bound. */
export type MatchMeter = { steps: number };

const STAR = -1;
const DOT = 0x2e;
const SUBDOMAINS_PREFIX = "**.";

function isDnsChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x2d || // -
    code === 0x5f // _
  );
}

function canonical(text: string): string {
  const lower = text.trim().toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

/** The pattern as tokens: a character code each, or STAR for a run of stars. */
function tokens(pattern: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const code = pattern.charCodeAt(i);
    if (code === 0x2a) {
      if (out[out.length - 1] !== STAR) out.push(STAR);
    } else out.push(code);
  }
  return out;
}

/** Adds the states reachable without reading a character (past any star); false when none is set. */
function close(states: Uint8Array, pattern: readonly number[]): boolean {
  let any = false;
  for (let i = 0; i < pattern.length; i++) {
    if (!states[i]) continue;
    any = true;
    if (pattern[i] === STAR) states[i + 1] = 1;
  }
  return any || states[pattern.length] === 1;
}

export function fqdnPatternMatches(rawPattern: string, rawName: string, meter?: MatchMeter): boolean {
  const patternText = canonical(rawPattern);
  if (patternText === "*") return true;
  const name = canonical(rawName);
  const subdomains = patternText.startsWith(SUBDOMAINS_PREFIX);
  const pattern = tokens(subdomains ? patternText.slice(SUBDOMAINS_PREFIX.length) : patternText);
  const end = pattern.length;

  // states[i]: the first i tokens have matched the name read so far.
  let states = new Uint8Array(end + 1);
  let next = new Uint8Array(end + 1);
  // The "**." prefix's own two states: at the start of a label, inside a label of ≥ 1 character.
  let atLabelStart = subdomains;
  let inLabel = false;
  if (!subdomains) {
    states[0] = 1;
    close(states, pattern);
  }

  for (let at = 0; at < name.length; at++) {
    const code = name.charCodeAt(at);
    const dnsChar = isDnsChar(code);
    next.fill(0);
    for (let i = 0; i < end; i++) {
      if (!states[i]) continue;
      const token = pattern[i];
      if (token === STAR) {
        if (dnsChar) next[i] = 1;
      } else if (token === code) next[i + 1] = 1;
    }
    const nextInLabel: boolean = (atLabelStart || inLabel) && dnsChar;
    const labelEnded: boolean = inLabel && code === DOT;
    atLabelStart = labelEnded;
    inLabel = nextInLabel;
    if (labelEnded) next[0] = 1;
    const alive = close(next, pattern);
    if (meter) meter.steps += end + 1;
    if (!alive && !atLabelStart && !inLabel) return false;
    [states, next] = [next, states];
  }
  return states[end] === 1;
}
