import "server-only";
import http2, { type ClientHttp2Session } from "node:http2";
import net from "node:net";
import type { HubbleSettings } from "@/lib/config/sieve-config";
import { readTlsMaterial } from "./tls-files";

// The HTTP/2 connection GetFlows streams over (grpc-server-stream.ts), set up as the grpc-js
// channel of the other calls is: plaintext or TLS with the configured CA, client certificate and
// server name (which then also is the :authority, as grpc.default_authority makes it), and a
// keepalive ping that notices a silently dead connection.

/** grpc-go servers (the relay) answer pings more often than every 5 minutes with GOAWAY. */
export const KEEPALIVE_INTERVAL_MS = 6 * 60_000;
export const KEEPALIVE_TIMEOUT_MS = 20_000;
/** Room for a few MB of flows in flight, so the relay never waits for a window update on loopback. */
const STREAM_WINDOW_BYTES = 8 * 1024 * 1024;
const SESSION_WINDOW_BYTES = 32 * 1024 * 1024;

export interface RelaySession {
  session: ClientHttp2Session;
  /** The :authority of calls on it. */
  authority: string;
}

interface Target {
  host: string;
  port: number;
  socketPath: string | null;
}

function targetOf(address: string): Target {
  if (address.startsWith("unix:")) return { host: "localhost", port: 0, socketPath: address.slice(5) };
  const colon = address.lastIndexOf(":");
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  return { host, port: Number(address.slice(colon + 1)), socketPath: null };
}

/** Connects to the relay; failures arrive as the session's 'error' (the calls on it report them). */
export function connectRelaySession(settings: HubbleSettings): RelaySession {
  const target = targetOf(settings.address);
  const urlHost = target.host.includes(":") ? `[${target.host}]` : target.host;
  const options: http2.SecureClientSessionOptions = {
    settings: { initialWindowSize: STREAM_WINDOW_BYTES, enablePush: false },
  };
  let authority = target.socketPath === null ? settings.address : "localhost";
  let scheme = "http";
  if (settings.tls) {
    const tls = readTlsMaterial(settings.tls);
    scheme = "https";
    if (tls.ca) options.ca = tls.ca;
    if (tls.cert && tls.key) {
      options.cert = tls.cert;
      options.key = tls.key;
    }
    if (tls.serverName) {
      // The relay's certificate names the service (e.g. *.hubble-relay.cilium.io), not the address dialled.
      options.servername = tls.serverName;
      authority = tls.serverName;
    }
  }
  if (target.socketPath !== null) {
    const socketPath = target.socketPath;
    options.createConnection = () => net.connect(socketPath);
  }
  const session = http2.connect(`${scheme}://${urlHost}:${target.port || 80}`, options);
  // An error with no call listening (between calls) must not become an uncaught exception.
  session.on("error", () => undefined);
  session.once("connect", () => session.setLocalWindowSize(SESSION_WINDOW_BYTES));
  keepAlive(session);
  return { session, authority };
}

function keepAlive(session: ClientHttp2Session): void {
  const interval = setInterval(() => {
    const timeout = setTimeout(() => {
      session.destroy(new Error(`no answer to a keepalive ping within ${KEEPALIVE_TIMEOUT_MS / 1000} s`));
    }, KEEPALIVE_TIMEOUT_MS);
    timeout.unref();
    const sent = session.ping((error) => {
      clearTimeout(timeout);
      if (error && !session.destroyed) session.destroy(error);
    });
    if (!sent) clearTimeout(timeout);
  }, KEEPALIVE_INTERVAL_MS);
  interval.unref();
  session.once("close", () => clearInterval(interval));
}
