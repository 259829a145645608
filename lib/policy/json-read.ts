// Defensive readers for Kubernetes objects that arrive as untrusted JSON.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A mapping field: the value when it is one, {} otherwise. */
export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** The string entries of a mapping field (labels, annotations); {} when it is not a mapping. */
export function stringEntries(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(asRecord(value))) if (typeof entry === "string") out[key] = entry;
  return out;
}

/** A list field: absent/null → [], not a list → null (with a problem). */
export function listField(value: unknown, where: string, problems: string[]): unknown[] | null {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`${where}: not a list`);
    return null;
  }
  return value;
}

export function stringField(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export interface ObjectIdentity {
  name: string;
  namespace: string | undefined;
}

/** name/namespace of an object, tolerating a missing or malformed metadata block. */
export function objectIdentity(object: unknown, problems: string[]): ObjectIdentity {
  const metadata = isRecord(object) ? object.metadata : undefined;
  if (!isRecord(metadata)) {
    problems.push("metadata: missing");
    return { name: "(unnamed)", namespace: undefined };
  }
  const name = stringField(metadata.name);
  if (!name) problems.push("metadata.name: missing");
  return { name: name ?? "(unnamed)", namespace: stringField(metadata.namespace) };
}
