import "server-only";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import { isTlsFailure, KubeApiError } from "./api-error";
import { parseWatchEvent, type WatchEvent } from "./watch-event";

export type Query = Record<string, string | undefined>;

export interface WatchHandlers {
  /** The server accepted the watch (HTTP 200); events follow. */
  onOpen(): void;
  /** Throwing ends the watch and rejects `watch()` with the thrown error. */
  onEvent(event: WatchEvent): void;
}

/** Authenticated GETs against the API server of the kubeconfig's current context. */
export interface ApiTransport {
  readonly server: string;
  getJson(path: string, query: Query, signal: AbortSignal): Promise<unknown>;
  /** Resolves when the server ends the stream; rejects on HTTP errors, broken streams and handler errors. */
  watch(path: string, query: Query, signal: AbortSignal, handlers: WatchHandlers): Promise<void>;
}

export interface ApiTransportOptions {
  /** Longest silence on a LIST before giving up. */
  requestTimeoutMs?: number;
  /** Longest silence on a watch; the server's bookmarks and timeoutSeconds keep a live watch under it. */
  watchIdleTimeoutMs?: number;
  /**
   * Reads the kubeconfig (and the CA and token files it names) again. Called when a request fails
   * on TLS or with 401: the API server may have a new CA, the token may have been rotated.
   */
  reload?: () => KubeConfig;
  /** Least time between two reloads; default 2 s. */
  reloadIntervalMs?: number;
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    response.on("error", reject);
    response.on("close", () => {
      if (!response.complete) reject(new Error("connection closed before the response was complete"));
    });
  });
}

function serverOf(kc: KubeConfig): string {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("the kubeconfig has no current cluster");
  return cluster.server.replace(/\/+$/, "");
}

export function createApiTransport(initial: KubeConfig, options: ApiTransportOptions = {}): ApiTransport {
  let kc = initial;
  let server = serverOf(kc);
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  const reloadIntervalMs = options.reloadIntervalMs ?? 2_000;
  let reloadedAt = -Infinity;

  /** After a TLS failure or a 401: read the kubeconfig again, so a new CA or token is used. */
  function reloadAfter(error: unknown): void {
    if (!options.reload) return;
    if (!isTlsFailure(error) && !(error instanceof KubeApiError && error.code === 401)) return;
    if (Date.now() - reloadedAt < reloadIntervalMs) return;
    reloadedAt = Date.now();
    try {
      const next = options.reload();
      server = serverOf(next);
      kc = next;
    } catch (reloadError) {
      console.warn(
        `sieve: could not read the kubeconfig again: ${(reloadError as Error).message.split("\n")[0]}`,
      );
    }
  }

  async function open(path: string, query: Query, signal: AbortSignal, idleMs: number) {
    try {
      return await openOnce(path, query, signal, idleMs);
    } catch (error) {
      reloadAfter(error);
      throw error;
    }
  }

  async function openOnce(path: string, query: Query, signal: AbortSignal, idleMs: number) {
    const url = new URL(server + path);
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(key, value);
    const requestOptions: https.RequestOptions = {
      method: "GET",
      headers: { Accept: "application/json", "User-Agent": "sieve" },
      signal,
    };
    // Per request: exec and OIDC credentials may rotate.
    await kc.applyToHTTPSOptions(requestOptions);
    const request = (url.protocol === "http:" ? http : https).request(url, requestOptions);
    request.setTimeout(idleMs, () =>
      request.destroy(new Error(`no answer from ${url.host} for ${Math.round(idleMs / 1000)}s`)),
    );
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      request.once("response", resolve);
      // Kept for the whole exchange: later errors (abort, idle timeout) also surface on the response.
      request.on("error", reject);
      request.end();
    });
    if (response.statusCode !== 200) {
      const body = await readBody(response).catch(() => "");
      throw KubeApiError.fromResponse(response.statusCode ?? 500, body);
    }
    return { request, response };
  }

  return {
    get server() {
      return server;
    },

    async getJson(path, query, signal) {
      const { response } = await open(path, query, signal, requestTimeoutMs);
      const body = await readBody(response);
      try {
        return JSON.parse(body) as unknown;
      } catch {
        throw new Error(`${path}: the server answered with something that is not JSON`);
      }
    },

    async watch(path, query, signal, handlers) {
      const idleMs = options.watchIdleTimeoutMs ?? (Number(query.timeoutSeconds ?? 0) + 60) * 1000;
      const { request, response } = await open(path, { ...query, watch: "true" }, signal, idleMs);
      handlers.onOpen();
      await new Promise<void>((resolve, reject) => {
        let pending = "";
        let settled = false;
        const settle = (error: unknown) => {
          if (settled) return;
          settled = true;
          if (error === null) resolve();
          else {
            request.destroy();
            reject(error);
          }
        };
        const deliver = (line: string) => {
          if (line.trim() === "") return;
          try {
            handlers.onEvent(parseWatchEvent(line));
          } catch (error) {
            settle(error);
          }
        };
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          pending += chunk;
          let newline: number;
          while (!settled && (newline = pending.indexOf("\n")) >= 0) {
            deliver(pending.slice(0, newline));
            pending = pending.slice(newline + 1);
          }
        });
        response.on("end", () => {
          if (!settled) deliver(pending);
          settle(null);
        });
        response.on("error", (error) => settle(error));
        response.on("close", () => settle(response.complete ? null : new Error("watch stream broken")));
      });
    },
  };
}
