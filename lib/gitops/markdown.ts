// Markdown for PR bodies built from untrusted values (namespace, pod and label names from the
// cluster): nothing in a value may start a link, an image, HTML, a heading or a table cell, and
// no value may span lines.

import { oneLine } from "./one-line";

const PUNCTUATION = /[\\`*_{}[\]()#+\-.!|<>&~@:"'=$%^;,/?]/g;

/** Plain text with every ASCII punctuation character backslash-escaped (CommonMark allows all). */
export function mdText(value: string): string {
  return oneLine(value).replace(PUNCTUATION, (c) => `\\${c}`);
}

/**
 * An inline code span. Backticks inside are fenced by a longer run; `|` is escaped so the span is
 * safe in a table cell (GitHub splits cells before it reads code spans).
 */
export function mdCode(value: string, inTable = false): string {
  const text = oneLine(value);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const body = inTable ? text.replaceAll("|", "\\|") : text;
  const pad = body.startsWith("`") || body.endsWith("`") || body === "" ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A shell word that is safe to paste: bare when it is a plain name, single-quoted otherwise. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9._\/=:-]+$/.test(value) && !value.startsWith("-")
    ? value
    : `'${value.replaceAll("'", "'\\''")}'`;
}
