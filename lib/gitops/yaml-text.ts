// Source-text surgery on YAML files. Sieve never re-serialises a file: it locates nodes with the
// `yaml` parser and splices the original text, so every byte it did not mean to touch stays.

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** The first line of a parsed document's first error (the rest is a source excerpt); null when it parsed. */
export function parseErrorLine(doc: { errors: ReadonlyArray<{ message: string }> }): string | null {
  const first = doc.errors[0];
  return first ? (first.message.split("\n")[0] ?? "") : null;
}

/** Applies non-overlapping edits given in any order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const edit of sorted) {
    if (edit.end > limit) throw new Error("overlapping text edits");
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    limit = edit.start;
  }
  return out;
}

export function lineStartOf(text: string, pos: number): number {
  return text.lastIndexOf("\n", pos - 1) + 1;
}

/** The offset just after the newline that ends the line containing `pos` (or the text's end). */
export function lineEndAfter(text: string, pos: number): number {
  const newline = text.indexOf("\n", pos);
  return newline < 0 ? text.length : newline + 1;
}

export function columnOf(text: string, pos: number): number {
  return pos - lineStartOf(text, pos);
}

/** True when only spaces stand between the start of the line and `pos`. */
export function startsLine(text: string, pos: number): boolean {
  return /^ *$/.test(text.slice(lineStartOf(text, pos), pos));
}

export function eolOf(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

/** Inserts whole lines after the line containing `pos`, keeping a missing final newline missing. */
export function insertLinesAfter(text: string, pos: number, lines: readonly string[]): TextEdit {
  const eol = eolOf(text);
  const at = lineEndAfter(text, pos);
  if (at === text.length && !text.endsWith("\n")) {
    return { start: at, end: at, text: lines.map((line) => eol + line).join("") };
  }
  return { start: at, end: at, text: lines.map((line) => line + eol).join("") };
}
