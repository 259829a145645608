// The what-if command's arguments: `--ref <ref> [--json] [--window <duration>]`.

import { parseDuration } from "@/lib/config/duration";
import { parseGitRef } from "@/lib/gitops/git-ref";
import { MAX_GRAPH_WINDOW_MS, MIN_GRAPH_WINDOW_MS } from "@/lib/graph/graph-window";

export interface WhatIfArgs {
  /** A full ref name (lib/gitops/git-ref). */
  ref: string;
  json: boolean;
  windowMs: number;
}

export const WHAT_IF_USAGE =
  "usage: npm run what-if -- --ref <branch | refs/pull/<n>/head> [--json] [--window <1m..1h, default 1h>]";

export function parseWhatIfArgs(
  argv: readonly string[],
): { ok: true; args: WhatIfArgs } | { ok: false; error: string } {
  let ref: string | null = null;
  let json = false;
  let windowMs = MAX_GRAPH_WINDOW_MS;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, null];
    const value = (): string | null => inline ?? (i + 1 < argv.length ? argv[(i += 1)]! : null);
    if (flag === "--json" && inline === null) json = true;
    else if (flag === "--ref") {
      const text = value();
      if (text === null) return { ok: false, error: "--ref needs a value" };
      const parsed = parseGitRef(text);
      if (!parsed.ok) return { ok: false, error: parsed.error };
      ref = parsed.ref;
    } else if (flag === "--window") {
      const text = value();
      const ms = text === null ? null : parseDuration(text);
      if (ms === null || ms < MIN_GRAPH_WINDOW_MS || ms > MAX_GRAPH_WINDOW_MS)
        return { ok: false, error: "--window must be a duration between 1m and 1h, e.g. 30m" };
      windowMs = ms;
    } else return { ok: false, error: `unknown argument ${JSON.stringify(arg.slice(0, 60))}` };
  }
  if (ref === null) return { ok: false, error: "--ref is required" };
  return { ok: true, args: { ref, json, windowMs } };
}
