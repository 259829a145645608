import { spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import type { StatusResponse } from "@/lib/api/responses";
import type { KubeObject } from "@/lib/kube/types";
import { startDemoKubeApi, writeKubeconfig } from "@/server/demo/kube-api";
import { nextStartArguments } from "../scripts/next-start.mjs";
import { freePort, onCleanup, ROOT, spawnTracked, tempDir, treeRss } from "./harness";

// Sieve as a user runs it: the production build served by `next start`, pointed at a demo
// Kubernetes API holding the synthetic cluster and at a demo relay.

/** Builds the dashboard when its sources changed (the launcher's own check); output goes to a log. */
export function ensureBuilt(log: (line: string) => void): void {
  const dir = tempDir("build");
  const file = path.join(dir, "build.log");
  const fd = openSync(file, "w");
  log("checking the production build (node scripts/sieve.mjs build)…");
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(ROOT, "scripts", "sieve.mjs"), "build"], {
    cwd: ROOT,
    stdio: ["ignore", fd, fd],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  closeSync(fd);
  const output = readFileSync(file, "utf8");
  if (result.status !== 0) {
    const tail = output.trim().split("\n").slice(-30).join("\n");
    throw new Error(`the build failed (exit ${result.status}):\n${tail}`);
  }
  const seconds = (performance.now() - started) / 1000;
  log(output.includes("building the dashboard") ? `built in ${seconds.toFixed(0)} s` : "build is up to date");
}

export interface DemoKubernetes {
  kubeconfig: string;
  url: string;
}

/** A demo Kubernetes API serving `objects`, and a kubeconfig for it; both go away at cleanup. */
export async function serveCluster(objects: KubeObject[]): Promise<DemoKubernetes> {
  const token = randomBytes(24).toString("base64url");
  const kubeApi = await startDemoKubeApi({ token, objects });
  onCleanup(() => kubeApi.stop());
  const kubeconfig = path.join(tempDir("kube"), "kubeconfig");
  await writeKubeconfig(kubeconfig, {
    server: kubeApi.url,
    token,
    contextName: "sieve-bench",
    certificateAuthority: kubeApi.tls.certificate,
  });
  return { kubeconfig, url: kubeApi.url };
}

export interface SieveServer {
  url: string;
  process: ChildProcess;
  /** Resident memory of the server's process tree, bytes. */
  rss(): number;
}

async function status(url: string): Promise<StatusResponse | null> {
  try {
    const response = await fetch(`${url}/api/status`);
    return response.ok ? ((await response.json()) as StatusResponse) : null;
  } catch {
    return null;
  }
}

/** Starts `next start` and waits until it has synced the cluster (and, if asked, streams flows). */
export async function startSieve(options: {
  kubeconfig: string;
  relayAddress: string;
  waitForFlows?: boolean;
  /** More of Sieve's configuration (SIEVE_*). */
  env?: Record<string, string>;
  log: (line: string) => void;
}): Promise<SieveServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(tempDir("server"), "server.log");
  const fd = openSync(logFile, "w");
  const child = spawnTracked(process.execPath, nextStartArguments(ROOT, port, "127.0.0.1"), {
    stdio: ["ignore", fd, fd],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      SIEVE_KUBECONFIG: options.kubeconfig,
      SIEVE_HUBBLE_ADDRESS: options.relayAddress,
      SIEVE_HUBBLE_TLS: "false",
      ...options.env,
    },
  });
  closeSync(fd);
  const started = performance.now();
  const deadline = started + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `next start exited (code ${child.exitCode}):\n${readFileSync(logFile, "utf8").slice(-2000)}`,
      );
    }
    const current = await status(url);
    const kubernetesOk = current?.kubernetes.health === "ok";
    const hubbleOk = !options.waitForFlows || current?.hubble.health === "ok";
    if (kubernetesOk && hubbleOk) break;
    if (performance.now() > deadline) {
      throw new Error(
        `Sieve did not report a synced cluster within 120 s: ${JSON.stringify(current?.kubernetes ?? "no answer")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  options.log(`Sieve is serving ${url} (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return { url, process: child, rss: () => treeRss(child.pid!) };
}
