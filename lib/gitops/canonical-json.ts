// JSON text with object keys sorted, so two values that differ only in key order read the same:
// for hashing a change into a branch name and for telling whether two policy rules are one.

/** `leaf` may map each scalar first (e.g. a port number to its string). */
export function canonicalJson(
  value: unknown,
  leaf: (scalar: unknown) => unknown = (scalar) => scalar,
): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item, leaf)).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, leaf)}`).join(",")}}`;
  }
  return JSON.stringify(leaf(value)) ?? "null";
}
