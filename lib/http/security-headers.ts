// The headers every answer of Sieve carries: pages, API JSON, static files and the errors Next
// itself answers. next.config.ts applies them to what Next routes; proxy.ts to what it answers itself.

export const SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "no-referrer" },
];

/**
 * The Content-Security-Policy of a page. Scripts run only from Sieve's origin or with the request's
 * nonce (Next puts it on its own inline scripts); 'strict-dynamic' lets those load their chunks.
 * Styles allow inline attributes: React renders `style` props as attributes, which a nonce cannot
 * cover, and a style cannot run code. In development React needs eval for its error overlay.
 */
export function contentSecurityPolicy(nonce: string, development = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
