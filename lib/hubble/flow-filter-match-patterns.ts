// The wildcard patterns of Hubble's FQDN and node-name filters, and its RE2 regular expressions
// (dns_query, http_path) approximated by JavaScript RegExp.

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

function anchoredAlternatives(sources: string[]): RegExp {
  return new RegExp(`^(?:${sources.join("|")})$`);
}

/** Matches DNS names against FQDN patterns such as "*.cilium.io" or "api.github.com". */
export function compileFqdnPatterns(patterns: readonly string[]): RegExp {
  return anchoredAlternatives(patterns.map(fqdnPatternSource));
}

/**
 * Matches "cluster/node" names against node-name patterns: "k8s*" (any cluster) or "prod/*.example.com".
 * Callers prefix a bare node name with the default cluster name, as Hubble does.
 */
export function compileNodeNamePatterns(patterns: readonly string[]): RegExp {
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

/**
 * Compiles an RE2 expression as an unanchored JavaScript RegExp. A leading RE2 flag group such as
 * "(?i)" becomes RegExp flags; anything JavaScript cannot compile is an error.
 */
export function compileRe2(expression: string): RegExp {
  const flagGroup = /^\(\?([imsU]+)\)/.exec(expression);
  let flags = "";
  let body = expression;
  if (flagGroup) {
    const requested = flagGroup[1] ?? "";
    if (requested.includes("U")) throw new Error(`unsupported flag U in "${expression}"`);
    flags = [...new Set(requested)].join("");
    body = expression.slice(flagGroup[0].length);
  }
  // RE2 has no lookaround and no backreferences; refuse them rather than match differently.
  if (/\(\?(?:[=!]|<[=!])/.test(body) || /(?<!\\)\\[1-9]/.test(body)) {
    throw new Error(`invalid or unsupported Perl syntax in "${expression}"`);
  }
  body = body.replace(/\(\?P</g, "(?<");
  // RE2's absolute anchors; JavaScript's ^ and $ mean the same without the m flag.
  if (!flags.includes("m")) body = body.replace(/(?<!\\)\\A/g, "^").replace(/(?<!\\)\\z/g, "$");
  try {
    return new RegExp(body, flags);
  } catch (error) {
    throw new Error(`invalid regular expression "${expression}": ${(error as Error).message}`);
  }
}
