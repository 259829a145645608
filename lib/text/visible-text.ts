// Untrusted text (annotations, policy descriptions, names from flows) shown as what it is. A bidi
// control such as U+202E (right-to-left override) would reorder the text around it, so a warning
// reads backwards or a name looks like another; a control character could hide or break a line.
// Each becomes a visible mark naming its code point, e.g. "⟨U+202E⟩".

/** Bidi embeddings, overrides, isolates and marks (U+061C, U+200E/F, U+202A–E, U+2066–9). */
const BIDI = "\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069";
/** C0 and C1 controls, DEL and the Unicode line and paragraph separators; tab and newline apart. */
const CONTROLS = "\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029";

const HIDDEN = new RegExp(`[${BIDI}${CONTROLS}]`, "g");

function mark(char: string): string {
  return `⟨U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}⟩`;
}

/** The text with every bidi and control character (except tab and newline) shown as ⟨U+XXXX⟩. */
export function visibleText(text: string): string {
  return text.replace(HIDDEN, mark);
}
