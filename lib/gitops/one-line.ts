// Untrusted text (namespace, label and pod names, descriptions) kept on one line wherever Sieve
// writes it: a YAML comment, a PR title, Markdown.

/** Control characters and Unicode line separators each become a space (runs become one). */
export function oneLine(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]+/g, " ");
}
