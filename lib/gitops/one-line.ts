// Untrusted text (namespace, label and pod names, descriptions) kept on one line wherever Sieve
// writes it: a YAML comment, a PR title, Markdown, a commit message.

import { visibleText } from "@/lib/text/visible-text";

/** Line breaks and tabs become a space (runs become one); other controls and bidi marks are shown. */
export function oneLine(text: string): string {
  return visibleText(text.replace(/[\t\n\v\f\r\x85\u2028\u2029]+/g, " "));
}
