import "server-only";

/**
 * Refuses a state-changing request that a page on another site could have made for the user
 * (CSRF): browsers send Origin on POST, and Sec-Fetch-Site tells cross-site requests apart.
 */
export function sameOriginProblem(request: Request): string | null {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return "cross-site requests are refused";
  const origin = request.headers.get("origin");
  if (!origin) return "the request has no Origin header";
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    if (new URL(origin).host !== host) return "the request comes from another origin";
  } catch {
    return "the Origin header is malformed";
  }
  return null;
}
