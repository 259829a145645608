import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

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
  server: Server;
}

/** Why a server listening on `host` must not serve, or null. */
export type ListenGuard = (host: string) => string | null;

/**
 * Installs the stamp once per process. `guard` sees the address each server really listens on at
 * its first request (whatever the command line said) and stops the process before that request is
 * served when it answers a problem.
 */
export function installPeerAddressStamp(
  guard: ListenGuard = () => null,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  const holder = globalThis as { [INSTALLED]?: boolean };
  if (holder[INSTALLED]) return;
  const checked = new WeakSet<Server>();
  subscribe("http.server.request.start", (message) => {
    const { request, socket, server } = message as RequestStart;
    request.headers[PEER_HEADER] = socket.remoteAddress ?? "";
    if (checked.has(server)) return;
    checked.add(server);
    const address = server.address() as AddressInfo | string | null;
    const problem = address && typeof address === "object" ? guard(address.address) : null;
    if (problem) {
      console.error(`sieve: refusing to serve: ${problem}`);
      exit(1);
    }
  });
  holder[INSTALLED] = true;
}

/** The address of the connection `request` came in on; null when Sieve's server did not stamp it. */
export function peerAddressOf(request: Pick<Request, "headers">): string | null {
  if (!(globalThis as { [INSTALLED]?: boolean })[INSTALLED]) return null;
  const value = request.headers.get(PEER_HEADER);
  return value ? value : null;
}
