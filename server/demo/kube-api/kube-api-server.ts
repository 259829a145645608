import "server-only";
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { WATCHED_KINDS } from "@/lib/kube/kinds";
import type { KubeObject, WatchedKind } from "@/lib/kube/types";
import { BodyTooLarge, readRequestBody } from "../request-body";
import { routeOf } from "./api-route";
import {
  apiGroup,
  coreVersions,
  groupList,
  resourceList,
  servedVersion,
  type ServedKinds,
} from "./discovery";
import { createDemoObjectStore, type DemoObjectStore } from "./object-store";
import { handleResource, StatusReply, verbOf, type Reply, type ResourceContext } from "./resource-handlers";
import { failure, statuses } from "./status";
import { createDemoTlsIdentity, type DemoTlsIdentity } from "./tls-identity";

/** One request as the demo server saw it; tests read these to check what a client asked for. */
export interface DemoRequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  accept: string | undefined;
  contentType: string | undefined;
  userAgent: string | undefined;
}

export interface DemoKubeApiOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /**
   * The bearer token clients must send; a function is asked on every request, so a test can
   * rotate it (as kubelet rotates a pod's service-account token) and refuse the old one.
   */
  token: string | (() => string);
  /** The starting objects, when no `store` is given. */
  objects?: KubeObject[];
  /** An existing store, e.g. to restart the server over the same cluster state. */
  store?: DemoObjectStore;
  /** Kinds every request on which gets 403 Forbidden, as with missing RBAC. */
  forbidden?: WatchedKind[];
  /** Serve the cilium.io group; false plays a cluster without the Cilium CRDs. Default true. */
  ciliumCrds?: boolean;
  /** The certificate and key to serve; default a fresh self-signed pair. Pass the previous one to restart. */
  tls?: DemoTlsIdentity;
  /** Bookmark period of watches that allow bookmarks; kube-apiserver's is about a minute. */
  bookmarkIntervalMs?: number;
  onRequest?: (request: DemoRequestRecord) => void;
}

export interface DemoKubeApi {
  /** https://host:port */
  url: string;
  store: DemoObjectStore;
  /** What the server presents; `tls.certificate` is the CA a kubeconfig must trust. */
  tls: DemoTlsIdentity;
  /** Fault injection for tests: refuse kinds (403) or every token (401) from now on. */
  faults: DemoKubeFaults;
  stop(): Promise<void>;
}

export interface DemoKubeFaults {
  /** Kinds every request on which gets 403 Forbidden from now on; [] lifts it. */
  forbid(kinds: readonly WatchedKind[]): void;
  /** false: every request gets 401 Unauthorized, as after a revoked or rotated token. */
  acceptToken(accept: boolean): void;
}

const MAX_BODY_BYTES = 3 * 1024 * 1024;

function sendJson(response: ServerResponse, reply: Reply): void {
  const body = JSON.stringify(reply.body);
  response.writeHead(reply.code, {
    "Content-Type": reply.contentType ?? "application/json",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-cache, private",
  });
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return readRequestBody(request, MAX_BODY_BYTES).catch((error: unknown) => {
    throw error instanceof BodyTooLarge ? new StatusReply(statuses.tooLarge()) : error;
  });
}

function authorized(request: IncomingMessage, token: string): boolean {
  const header = request.headers.authorization ?? "";
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A Kubernetes API server for the five kinds Sieve reads, over HTTPS on loopback. */
export async function startDemoKubeApi(options: DemoKubeApiOptions): Promise<DemoKubeApi> {
  const host = options.host ?? "127.0.0.1";
  const store = options.store ?? createDemoObjectStore(options.objects ?? []);
  const tls = options.tls ?? createDemoTlsIdentity([...new Set(["127.0.0.1", "::1", "localhost", host])]);
  const served: ServedKinds = {
    kinds: WATCHED_KINDS.filter((info) => options.ciliumCrds !== false || info.group !== "cilium.io"),
  };
  let forbidden = new Set(options.forbidden ?? []);
  let tokenAccepted = true;
  const context: ResourceContext = {
    store,
    now: Date.now,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    watches: new Set(),
  };
  let serverAddress = "";

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<Reply | null> {
    const url = new URL(request.url ?? "/", "http://demo");
    const method = request.method ?? "GET";
    options.onRequest?.({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      accept: request.headers.accept,
      contentType: request.headers["content-type"],
      userAgent: request.headers["user-agent"],
    });
    const route = routeOf(url.pathname, served);
    if (route.type === "health") return { code: 200, body: "ok", contentType: "text/plain" };
    const token = typeof options.token === "function" ? options.token() : options.token;
    if (!tokenAccepted || !authorized(request, token)) return { code: 401, body: statuses.unauthorized() };

    const discovery = (body: unknown): Reply => {
      if (method !== "GET") throw new StatusReply(statuses.methodNotAllowed(method));
      if (body === undefined) throw new StatusReply(statuses.noSuchPath());
      return { code: 200, body };
    };
    switch (route.type) {
      case "version":
        return discovery(servedVersion());
      case "coreVersions":
        return discovery(coreVersions(serverAddress));
      case "groups":
        return discovery(groupList(served));
      case "group":
        return discovery(apiGroup(served, route.group));
      case "resources":
        return discovery(resourceList(served, route.group, route.version));
      case "unknown":
        return { code: 404, body: statuses.noSuchPath() };
    }

    const name = route.type === "item" ? route.name : undefined;
    if (forbidden.has(route.info.kind)) {
      const verb = verbOf(method, name, url.searchParams);
      return { code: 403, body: statuses.forbidden(route.info, verb, route.namespace, name) };
    }
    return handleResource(
      context,
      {
        method,
        info: route.info,
        namespace: route.namespace,
        name,
        params: url.searchParams,
        accept: request.headers.accept,
        contentType: request.headers["content-type"],
        userAgent: request.headers["user-agent"],
        readBody: () => readBody(request),
      },
      response,
    );
  }

  const server = https.createServer({ cert: tls.certificate, key: tls.privateKey }, (request, response) => {
    answer(request, response).then(
      (reply) => {
        if (!reply) return;
        if (typeof reply.body === "string") {
          response.writeHead(reply.code, { "Content-Type": reply.contentType ?? "text/plain" });
          response.end(reply.body);
        } else sendJson(response, reply);
      },
      (error: unknown) => {
        if (response.headersSent) return response.destroy();
        const status =
          error instanceof StatusReply
            ? error.status
            : failure(
                500,
                "InternalError",
                `the demo API server failed: ${error instanceof Error ? error.message : error}`,
              );
        sendJson(response, { code: status.code, body: status });
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(":") ? `[${host}]` : host;
  serverAddress = `${hostInUrl}:${port}`;

  return {
    url: `https://${serverAddress}`,
    store,
    tls,
    faults: {
      forbid(kinds) {
        forbidden = new Set(kinds);
        // Open watches of a kind now refused end, as RBAC changes reach running watches on reconnect.
        if (kinds.length > 0) for (const end of [...context.watches]) end();
      },
      acceptToken(accept) {
        tokenAccepted = accept;
        if (!accept) for (const end of [...context.watches]) end();
      },
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const end of [...context.watches]) end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
