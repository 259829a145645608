// A unified diff (the `git diff` format) between two versions of a file, for the PR body and the
// fix preview. New files diff against /dev/null; deleted files against it too.

import { diffLines, type DiffOp } from "./line-diff";

export interface UnifiedDiffOptions {
  /** Lines of context around each change; 3 like git. */
  context?: number;
  /**
   * Lines that open a section (like git's function names): the last one before a hunk is shown
   * in its @@ header, so a reader knows which entry the change is in.
   */
  isSectionStart?: (line: string) => boolean;
}

/** In Kubernetes YAML: a list entry's or an object's name, e.g. "- name: paperless". */
export function yamlSectionStart(line: string): boolean {
  return /^\s*(-\s+)?name:\s*\S/.test(line);
}

const NO_NEWLINE = "\\ No newline at end of file";

/** git's quoting of a path that holds control characters, quotes, backslashes or non-ASCII. */
export function quotePath(path: string): string {
  if (/^[\x21-\x7e ]*$/.test(path) && !/["\\]/.test(path)) return path;
  const named: Record<string, string> = { "\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\" };
  let out = "";
  for (const byte of new TextEncoder().encode(path)) {
    const char = String.fromCharCode(byte);
    if (named[char]) out += named[char];
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, "0")}`;
    else out += char;
  }
  return `"${out}"`;
}

/** Lines with their terminators, so "a" at the end of a file differs from "a\n". */
function splitLines(text: string): string[] {
  return text === "" ? [] : text.split(/(?<=\n)/);
}

function range(start: number, count: number): string {
  // GNU/git convention: an empty range names the line before it; a one-line range omits ",1".
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

interface Numbered extends DiffOp {
  oldLine: number;
  newLine: number;
}

/** The section a hunk starting at `start` is in, as " <line>" for the @@ header; "" when none. */
function sectionBefore(
  numbered: readonly Numbered[],
  start: number,
  isSectionStart: ((line: string) => boolean) | undefined,
): string {
  if (!isSectionStart) return "";
  for (let i = start - 1; i >= 0; i -= 1) {
    const op = numbered[i]!;
    if (op.kind === "insert") continue;
    const line = op.line.replace(/\r?\n$/, "");
    if (isSectionStart(line)) return ` ${line.trim().slice(0, 80)}`;
  }
  return "";
}

/**
 * The unified diff turning `oldText` into `newText` at `path`; null stands for "no file". Empty
 * string when nothing changed.
 */
export function unifiedDiff(
  oldText: string | null,
  newText: string | null,
  path: string,
  options: UnifiedDiffOptions = {},
): string {
  if (oldText === newText) return "";
  const context = options.context ?? 3;
  const ops = diffLines(splitLines(oldText ?? ""), splitLines(newText ?? ""));

  const numbered: Numbered[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const op of ops) {
    numbered.push({ ...op, oldLine, newLine });
    if (op.kind !== "insert") oldLine++;
    if (op.kind !== "delete") newLine++;
  }

  const hunks: Array<[number, number]> = [];
  numbered.forEach((op, i) => {
    if (op.kind === "equal") return;
    const start = Math.max(0, i - context);
    const end = Math.min(numbered.length - 1, i + context);
    const last = hunks[hunks.length - 1];
    if (last && start <= last[1] + 1) last[1] = end;
    else hunks.push([start, end]);
  });
  if (hunks.length === 0) return "";

  const out = [
    oldText === null ? "--- /dev/null" : `--- ${quotePath(`a/${path}`)}`,
    newText === null ? "+++ /dev/null" : `+++ ${quotePath(`b/${path}`)}`,
  ];
  for (const [start, end] of hunks) {
    const ops = numbered.slice(start, end + 1);
    const olds = ops.filter((op) => op.kind !== "insert");
    const news = ops.filter((op) => op.kind !== "delete");
    const oldStart = olds[0]?.oldLine ?? ops[0]!.oldLine;
    const newStart = news[0]?.newLine ?? ops[0]!.newLine;
    const heading = sectionBefore(numbered, start, options.isSectionStart);
    out.push(`@@ -${range(oldStart, olds.length)} +${range(newStart, news.length)} @@${heading}`);
    for (const op of ops) {
      const mark = op.kind === "equal" ? " " : op.kind === "delete" ? "-" : "+";
      const terminated = op.line.endsWith("\n");
      out.push(mark + (terminated ? op.line.slice(0, -1) : op.line));
      if (!terminated) out.push(NO_NEWLINE);
    }
  }
  return out.join("\n") + "\n";
}
