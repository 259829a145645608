import "server-only";

// A JSON response whose bulk (the posture of a cluster view: megabytes, the same until the view is
// recomputed) is serialized once per object, and only the small per-request fields around it each
// time. (Compression stays Next.js's: it drops a route's own Content-Encoding and compresses anew.)

const serialized = new WeakMap<object, string>();

/** `body` as JSON, its `key` field (an object never edited once answered) serialized once. */
export function jsonAroundCachedPart<T extends object, K extends keyof T>(
  body: T,
  key: K & string,
): Response {
  const bulk = body[key];
  if (typeof bulk !== "object" || bulk === null) return Response.json(body);
  let json = serialized.get(bulk);
  if (json === undefined) {
    json = JSON.stringify(bulk);
    serialized.set(bulk, json);
  }
  const rest: Partial<T> = { ...body };
  delete rest[key];
  const restJson = JSON.stringify(rest);
  const tail = restJson === "{}" ? "}" : `,${restJson.slice(1)}`;
  return new Response(`{${JSON.stringify(key)}:${json}${tail}`, {
    headers: { "content-type": "application/json" },
  });
}
