import "server-only";
import { mkdtempSync, rmSync } from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import type { KubeConfig } from "@kubernetes/client-node";
import type { WatchedKind } from "@/lib/kube/types";
import {
  createDemoObjectStore,
  startDemoKubeApi,
  writeKubeconfig,
  type DemoKubeApi,
  type DemoObjectStore,
  type DemoRequestRecord,
} from "@/server/demo/kube-api";
import { loadKubeConfig } from "../kubeconfig";
import { smallCluster } from "./small-cluster";

export const DEMO_TOKEN = "sieve-test-token";

export interface DemoClusterOptions {
  forbidden?: WatchedKind[];
  ciliumCrds?: boolean;
  historyLimit?: number;
  /** Runs before the server handles each request (after it is recorded). */
  onRequest?: (request: DemoRequestRecord) => void;
}

/** A demo API server over the small cluster, its kubeconfig on disk, and the log of requests it saw. */
export interface DemoCluster {
  api: DemoKubeApi;
  store: DemoObjectStore;
  kubeconfigPath: string;
  kubeConfig: KubeConfig;
  requests: DemoRequestRecord[];
  /** Called after each request is recorded. */
  onRequests(listener: () => void): () => void;
  /** Stops the server; the store lives on for `restart`. */
  stop(): Promise<void>;
  /** Serves the same store on the same port with the same certificate. */
  restart(): Promise<void>;
  /** An HTTP request to the demo API with the token, as kubectl would send it; the JSON answer. */
  call(
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<{ code: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startDemoCluster(options: DemoClusterOptions = {}): Promise<DemoCluster> {
  const directory = mkdtempSync(path.join(os.tmpdir(), "sieve-kube-"));
  const kubeconfigPath = path.join(directory, "kubeconfig");
  const requests: DemoRequestRecord[] = [];
  const requestListeners = new Set<() => void>();
  const store = createDemoObjectStore(smallCluster(), { historyLimit: options.historyLimit });
  const serve = (port: number | undefined, tls: DemoKubeApi["tls"] | undefined) =>
    startDemoKubeApi({
      token: DEMO_TOKEN,
      store,
      port,
      tls,
      forbidden: options.forbidden,
      ciliumCrds: options.ciliumCrds,
      onRequest: (request) => {
        requests.push(request);
        options.onRequest?.(request);
        for (const listener of [...requestListeners]) listener();
      },
    });

  let api = await serve(undefined, undefined);
  await writeKubeconfig(kubeconfigPath, {
    server: api.url,
    token: DEMO_TOKEN,
    contextName: "sieve-test",
    certificateAuthority: api.tls.certificate,
  });
  let running = true;

  const cluster: DemoCluster = {
    get api() {
      return api;
    },
    store,
    kubeconfigPath,
    kubeConfig: loadKubeConfig({ kubeconfigPath }),
    requests,
    onRequests(listener) {
      requestListeners.add(listener);
      return () => requestListeners.delete(listener);
    },
    async stop() {
      if (running) await api.stop();
      running = false;
    },
    async restart() {
      api = await serve(Number(new URL(api.url).port), api.tls);
      running = true;
    },
    call(method, requestPath, body, contentType = "application/json") {
      return new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const request = https.request(new URL(api.url + requestPath), {
          method,
          ca: api.tls.certificate,
          headers: {
            Authorization: `Bearer ${DEMO_TOKEN}`,
            Accept: "application/json",
            ...(payload ? { "Content-Type": contentType } : {}),
          },
        });
        request.on("response", (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({ code: response.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : null });
          });
        });
        request.on("error", reject);
        request.end(payload);
      });
    },
    async close() {
      await cluster.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  return cluster;
}
