// The wildcard patterns of Hubble's FQDN and node-name filters, and its RE2 regular expressions
// (dns_query, http_path). The filters are user input: they run on RE2JS, a port of RE2 (the engine of
// Go's regexp, which Hubble uses), whose matching time is linear in the input whatever the pattern.
// JavaScript's backtracking RegExp would let "(a+)+$" or a long "*a*a*a…" pattern stall the server.

import { RE2JS } from "re2js";

/** A compiled pattern: `test` searches the text (the FQDN and node-name patterns are anchored). */
export type TextPattern = { test(text: string): boolean };

const FQDN_ELEMENT = "(?:[-0-9_a-z]+(?:\\.[-0-9_a-z]+)*)";

/** Regexp source for one FQDN pattern: lower-cased, one trailing dot dropped, "*" any run of name characters. */
function fqdnPatternSource(pattern: string): string {
  let canonical = pattern.trim().toLowerCase();
  if (canonical.endsWith(".")) canonical = canonical.slice(0, -1);
  if (canonical === "") throw new Error("empty pattern");
  if (canonical.endsWith(".")) throw new Error(`multiple trailing dots in pattern "${pattern}"`);
  let source = "";
  for (const char of canonical) {
    if (char === ".") source += "\\.";
    else if (char === "*") source += "[-.0-9a-z]*";
    else if (/[-0-9_a-z]/.test(char)) source += char;
    else throw new Error(`invalid character "${char}" in pattern "${pattern}"`);
  }
  return source;
}

function anchoredAlternatives(sources: string[]): TextPattern {
  return RE2JS.compile(`^(?:${sources.join("|")})$`);
}

/** Matches DNS names against FQDN patterns such as "*.cilium.io" or "api.github.com". */
export function compileFqdnPatterns(patterns: readonly string[]): TextPattern {
  return anchoredAlternatives(patterns.map(fqdnPatternSource));
}

/**
 * Matches "cluster/node" names against node-name patterns: "k8s*" (any cluster) or "prod/*.example.com".
 * Callers prefix a bare node name with the default cluster name, as Hubble does.
 */
export function compileNodeNamePatterns(patterns: readonly string[]): TextPattern {
  return anchoredAlternatives(
    patterns.map((pattern) => {
      if (pattern === "") throw new Error("empty pattern");
      const parts = pattern.split("/");
      if (parts.length > 2) throw new Error(`too many slashes in pattern "${pattern}"`);
      const [cluster, node] = parts.length === 2 ? parts : ["", parts[0]];
      const element = (part: string | undefined) => (part ? fqdnPatternSource(part) : FQDN_ELEMENT);
      return `${element(cluster)}/${element(node)}`;
    }),
  );
}

/** Compiles an RE2 expression (Go's syntax, flag groups such as "(?i)" included) as an unanchored search. */
export function compileRe2(expression: string): TextPattern {
  try {
    return RE2JS.compile(expression);
  } catch (error) {
    throw new Error(`invalid regular expression "${expression}": ${(error as Error).message}`);
  }
}
