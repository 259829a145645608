import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";

// Gitea takes an access token over git-over-HTTPS as either half of a Basic credential
// (`<token>:x-oauth-basic`, `<user>:<token>`); the demo forge does the same with its one token.

export type Authentication = "anonymous" | "authenticated" | "refused";

function same(a: string, b: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function authenticate(authorization: string | undefined, token: string): Authentication {
  if (authorization === undefined) return "anonymous";
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  if (!match) return "refused";
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return "refused";
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  // Both comparisons always run, so the time taken does not say which half matched.
  const userMatches = same(user, token);
  const passwordMatches = same(password, token);
  return userMatches || passwordMatches ? "authenticated" : "refused";
}
