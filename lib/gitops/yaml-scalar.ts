// How Sieve writes one scalar into someone else's YAML file. Values are untrusted (namespace names,
// descriptions typed in a browser), so anything that is not obviously a plain string is written
// double-quoted with every character that could end the scalar or the line escaped.

const PLAIN_SAFE = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const PLAIN_KEY_SAFE = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
/** Words YAML 1.1 or 1.2 resolvers read as booleans or null. */
const RESERVED = /^(y|yes|n|no|true|false|on|off|null)$/i;

const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  '"': '\\"',
  "\0": "\\0",
  "\t": "\\t",
  "\n": "\\n",
  "\r": "\\r",
};
const NEEDS_ESCAPE =
  /[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A double-quoted YAML scalar that reads back as exactly `value`, on one line. */
export function yamlDoubleQuoted(value: string): string {
  const body = value.replace(
    NEEDS_ESCAPE,
    (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `"${body}"`;
}

/** True when `value` can be written without quotes and still read back as the same string. */
export function isPlainSafe(value: string): boolean {
  return PLAIN_SAFE.test(value) && !RESERVED.test(value);
}

/** A string value: plain when that is unambiguous, double-quoted otherwise ("true", "5432", ": x"). */
export function yamlString(value: string): string {
  return isPlainSafe(value) ? value : yamlDoubleQuoted(value);
}

/** A mapping key, plain for label-like keys (`access.network-policy.homelab/postgres`). */
export function yamlKey(key: string): string {
  return PLAIN_KEY_SAFE.test(key) && !RESERVED.test(key) && !/^[0-9.+-]/.test(key)
    ? key
    : yamlDoubleQuoted(key);
}
