// What a repository preview says about itself: which folder, which renderer, and everything that
// could not be rendered or loaded. Written by the demo launcher (server/demo) as JSON, read by the
// dashboard's runtime and shown beside the connection status.

import { isRecord } from "@/lib/policy/json-read";
import type { RenderProblem, RenderProblemKind } from "./rendered";

export interface PreviewReport {
  folder: string;
  /** Which tool rendered, e.g. "kubectl kustomize (kustomize v5.5.0)", or "plain YAML files". */
  renderer: string;
  problems: RenderProblem[];
  /** Kinds Sieve loaded but does not use, with how many objects of each. */
  skipped: Record<string, number>;
}

const KINDS: readonly RenderProblemKind[] = ["kustomize", "substitution", "template", "yaml", "not-rendered"];

/** The report in `text`, or an error line. */
export function parsePreviewReport(
  text: string,
): { ok: true; report: PreviewReport } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: "is not JSON" };
  }
  if (!isRecord(value) || typeof value.folder !== "string" || typeof value.renderer !== "string")
    return { ok: false, error: "has no folder or renderer" };
  const problems: RenderProblem[] = [];
  for (const entry of Array.isArray(value.problems) ? value.problems : []) {
    if (
      isRecord(entry) &&
      KINDS.includes(entry.kind as RenderProblemKind) &&
      typeof entry.file === "string" &&
      typeof entry.message === "string"
    )
      problems.push({ kind: entry.kind as RenderProblemKind, file: entry.file, message: entry.message });
  }
  const skipped: Record<string, number> = {};
  if (isRecord(value.skipped))
    for (const [kind, count] of Object.entries(value.skipped))
      if (typeof count === "number" && Number.isFinite(count)) skipped[kind] = count;
  return { ok: true, report: { folder: value.folder, renderer: value.renderer, problems, skipped } };
}
