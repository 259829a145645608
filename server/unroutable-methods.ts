import "server-only";
import { Server, type IncomingMessage, type ServerResponse } from "node:http";
import { ApiError, apiErrorCodeOf } from "@/lib/api/api-error";
import { isApiPath, screenRequest } from "@/lib/http/request-screen";
import { SECURITY_HEADERS } from "@/lib/http/security-headers";

// TRACE never reaches proxy.ts: Next builds a fetch Request for the proxy and for route handlers,
// and fetch refuses the method, so Next answers a bare 500. It is answered here, at the HTTP
// server, before Next sees it: 405 with the security headers (JSON under /api). (Node's parser
// already refuses TRACK with a 400, and CONNECT is not a request event.)

const FETCH_FORBIDDEN = new Set(["TRACE"]);
const INSTALLED = Symbol.for("sieve.unroutableMethods");

function refuse(request: IncomingMessage, response: ServerResponse): void {
  const pathname = (request.url ?? "/").split("?", 1)[0] ?? "/";
  const refused = screenRequest(request.method ?? "", pathname);
  const status = refused?.status ?? 405;
  const error = refused?.error ?? `method ${request.method} is not allowed`;
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  for (const { key, value } of SECURITY_HEADERS) headers[key] = value;
  if (refused?.status === 405) headers.Allow = refused.allow;
  const api = isApiPath(pathname);
  headers["Content-Type"] = api ? "application/json" : "text/plain; charset=utf-8";
  response.writeHead(status, headers);
  response.end(api ? JSON.stringify(new ApiError(apiErrorCodeOf(status), error).body()) : `${error}\n`);
}

/** Makes every HTTP server of this process answer TRACE itself (idempotent). */
export function answerUnroutableMethods(): void {
  const prototype = Server.prototype as Server & { [INSTALLED]?: boolean };
  if (prototype[INSTALLED]) return;
  prototype[INSTALLED] = true;
  const emit = prototype.emit;
  prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [request, response] = args as [IncomingMessage, ServerResponse];
      if (FETCH_FORBIDDEN.has((request.method ?? "").toUpperCase())) {
        refuse(request, response);
        return true;
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  };
}
