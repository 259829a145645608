// Requests Next itself would answer with a bare 500 (no JSON, no security headers): a path segment
// whose percent-encoding does not decode (Next throws while reading the `[name]` parameter), and
// methods no route serves (TRACE, CONNECT, …). proxy.ts answers them first, in Sieve's own shape.

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export type ScreenedRequest = { status: 400; error: string } | { status: 405; error: string; allow: string };

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** Null for a request Next can route; otherwise the status and one-line error to answer. */
export function screenRequest(method: string, pathname: string): ScreenedRequest | null {
  if (!METHODS.has(method.toUpperCase())) {
    return { status: 405, error: `method ${method} is not allowed`, allow: [...METHODS].join(", ") };
  }
  if (!pathname.split("/").every(decodes)) {
    return { status: 400, error: "the path has malformed percent-encoding" };
  }
  return null;
}

/** API paths answer JSON; pages and files plain text. */
export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}
