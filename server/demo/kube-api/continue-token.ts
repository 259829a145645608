import "server-only";

/** Where a paginated list stopped: the snapshot's resourceVersion and the last key returned. */
export interface ListPosition {
  resourceVersion: number;
  after: string;
}

export function encodeContinue(position: ListPosition): string {
  return Buffer.from(JSON.stringify({ rv: position.resourceVersion, after: position.after })).toString(
    "base64url",
  );
}

export function decodeContinue(token: string): ListPosition | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    const { rv, after } = value as { rv?: unknown; after?: unknown };
    if (typeof rv === "number" && Number.isInteger(rv) && rv >= 0 && typeof after === "string") {
      return { resourceVersion: rv, after };
    }
  } catch {
    // Falls through: a token the server did not issue.
  }
  return null;
}
