import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

// Next.js does not hand route handlers (or the proxy) the connection's peer address, and fills
// X-Forwarded-For with it only when the client sent none, so a client can forge it. Node publishes
// every request on the "http.server.request.start" channel before the server's 'request' event, in
// the same process: a subscriber writes the socket's address into PEER_HEADER there, replacing
// whatever the client sent under that name. Until the subscriber is installed (instrumentation.ts
// at start-up), peerAddressOf answers null, so no header is believed.

export const PEER_HEADER = "x-sieve-peer-address";

const INSTALLED = Symbol.for("sieve.peer-address-stamp");

interface RequestStart {
  request: IncomingMessage;
  socket: Socket;
}

function stamp(message: unknown): void {
  const { request, socket } = message as RequestStart;
  request.headers[PEER_HEADER] = socket.remoteAddress ?? "";
}

/** Installs the stamp once per process. */
export function installPeerAddressStamp(): void {
  const holder = globalThis as { [INSTALLED]?: boolean };
  if (holder[INSTALLED]) return;
  subscribe("http.server.request.start", stamp);
  holder[INSTALLED] = true;
}

/** The address of the connection `request` came in on; null when Sieve's server did not stamp it. */
export function peerAddressOf(request: Pick<Request, "headers">): string | null {
  if (!(globalThis as { [INSTALLED]?: boolean })[INSTALLED]) return null;
  const value = request.headers.get(PEER_HEADER);
  return value ? value : null;
}
