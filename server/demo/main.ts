import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { KubeObject } from "@/lib/kube/types";
import { startDemoControl, type DemoControl, type DemoFaults } from "./control-server";
import { startFaultProxy, type FaultProxy } from "./fault-proxy";
import { startDemoGitOps, type DemoGitOps } from "./gitops-repo";
import {
  createDemoTlsIdentity,
  startDemoKubeApi,
  storedObjects,
  writeKubeconfig,
  type DemoKubeApi,
} from "./kube-api";
import { describeManifests, loadPreviewFolder } from "./manifest-folder";
import { startDemoRelay } from "./relay";
import { nodeName } from "./scenario/flow-json-parts";
import { CLUSTER_NAME, NODES } from "./scenario/homelab-constants";
import { homelabObjects } from "./scenario/homelab-objects";
import { createTrafficGenerator } from "./scenario/traffic";

// The embedded demo cluster: a Kubernetes API server and a Hubble Relay on loopback, seeded with
// the homelab scenario and its live traffic. scripts/sieve.mjs starts it and waits for the line
// `SIEVE_DEMO_READY {json}`; SIGTERM or SIGINT stops it.
//
// Environment: SIEVE_DEMO_KUBE_PORT, SIEVE_DEMO_RELAY_PORT (default 0, a free port),
// SIEVE_DEMO_KUBECONFIG (default .sieve/demo/kubeconfig), SIEVE_DEMO_CONTROL=1 to open the test hook
// (on SIEVE_DEMO_CONTROL_PORT, default a free port; it also puts fault proxies in front of the API
// server and the relay, driven by POST /faults), SIEVE_DEMO_MANIFESTS=<folder> to serve the
// objects of a folder instead of the scenario: a GitOps repository is rendered as Flux would
// (kustomize builds, postBuild substitution), any other folder read as plain manifests (e.g.
// `kubectl kustomize` output). That is a repository preview: its report (renderer, what could not
// be rendered) is written to SIEVE_DEMO_PREVIEW_REPORT (default .sieve/demo/preview.json) and
// announced, so the dashboard runs in preview mode (no CNI checks) and shows it.
// With the scenario, a GitOps repository mirroring it is created afresh in SIEVE_DEMO_GITOPS_REPO
// (default .sieve/demo/gitops.git) and served by the demo forge on SIEVE_DEMO_FORGE_PORT.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const CONTEXT = "sieve-demo";
const BACKFILL_MS = 15 * 60_000;
const TICK_MS = 1000;
/** Enough for the backfill at the scenario's rate, like a Hubble ring of 2^14 - 1 flows. */
const RELAY_CAPACITY = 16_383;

class SettingError extends Error {}

interface Settings {
  kubePort: number;
  relayPort: number;
  kubeconfig: string;
  control: boolean;
  controlPort: number;
  manifests: string | null;
  previewReport: string;
  gitopsRepo: string;
  forgePort: number;
}

function portSetting(env: NodeJS.ProcessEnv, name: string): number {
  const text = env[name]?.trim();
  if (text === undefined || text === "") return 0;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new SettingError(`${name}: "${env[name]}" is not a port number (0-65535, 0 for any free port)`);
  }
  return Number(text);
}

function flagSetting(env: NodeJS.ProcessEnv, name: string): boolean {
  const text = (env[name] ?? "").trim().toLowerCase();
  if (["", "0", "false", "no"].includes(text)) return false;
  if (["1", "true", "yes"].includes(text)) return true;
  throw new SettingError(`${name}: "${env[name]}" is not a boolean (1 or 0)`);
}

function readSettings(env: NodeJS.ProcessEnv): Settings {
  const kubeconfig = env.SIEVE_DEMO_KUBECONFIG?.trim() || path.join(".sieve", "demo", "kubeconfig");
  return {
    kubePort: portSetting(env, "SIEVE_DEMO_KUBE_PORT"),
    relayPort: portSetting(env, "SIEVE_DEMO_RELAY_PORT"),
    kubeconfig: path.resolve(ROOT, kubeconfig),
    control: flagSetting(env, "SIEVE_DEMO_CONTROL"),
    controlPort: portSetting(env, "SIEVE_DEMO_CONTROL_PORT"),
    manifests: env.SIEVE_DEMO_MANIFESTS?.trim() || null,
    previewReport: path.resolve(
      ROOT,
      env.SIEVE_DEMO_PREVIEW_REPORT?.trim() || path.join(".sieve", "demo", "preview.json"),
    ),
    gitopsRepo: path.resolve(
      ROOT,
      env.SIEVE_DEMO_GITOPS_REPO?.trim() || path.join(".sieve", "demo", "gitops.git"),
    ),
    forgePort: portSetting(env, "SIEVE_DEMO_FORGE_PORT"),
  };
}

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  const startedAt = Date.now();
  const token = randomBytes(32).toString("base64url");
  let objects: KubeObject[];
  if (settings.manifests) {
    const { parsed, report } = await loadPreviewFolder(settings.manifests);
    for (const line of describeManifests(settings.manifests, parsed, report))
      process.stderr.write(`sieve demo: ${line}\n`);
    await mkdir(path.dirname(settings.previewReport), { recursive: true });
    await writeFile(settings.previewReport, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600 });
    objects = parsed.objects;
  } else objects = homelabObjects(startedAt);
  // With the test hook, Sieve reaches both servers through fault proxies; the API server itself
  // then listens on a free port behind its proxy, which keeps the configured port.
  let kubeApi: DemoKubeApi = await startDemoKubeApi({
    token,
    objects,
    port: settings.control ? 0 : settings.kubePort,
  });
  const stops: (() => Promise<void>)[] = [() => kubeApi.stop()];
  let kubeProxy: FaultProxy | undefined;
  if (settings.control) {
    kubeProxy = await startFaultProxy({
      target: { host: "127.0.0.1", port: Number(new URL(kubeApi.url).port) },
      port: settings.kubePort,
    });
    stops.push(() => kubeProxy!.stop());
  }
  const kubeUrl = kubeProxy ? `https://${kubeProxy.address}` : kubeApi.url;
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    await Promise.allSettled(stops.map((stopOne) => stopOne()));
    process.exit(code);
  };
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGINT", () => void stop(0));

  try {
    const kubeconfigOf = (api: DemoKubeApi) =>
      writeKubeconfig(settings.kubeconfig, {
        server: kubeUrl,
        token,
        contextName: CONTEXT,
        certificateAuthority: api.tls.certificate,
      });
    await kubeconfigOf(kubeApi);
    const relay = await startDemoRelay({
      port: settings.control ? 0 : settings.relayPort,
      capacity: RELAY_CAPACITY,
      clusterName: CLUSTER_NAME,
      // Each node's Hubble server, on the port Cilium agents serve it on.
      nodes: NODES.map((node) => ({ name: nodeName(node.name), address: `${node.ip}:4244` })),
    });
    stops.push(() => relay.stop());
    let relayProxy: FaultProxy | undefined;
    if (settings.control) {
      relayProxy = await startFaultProxy({
        target: { host: "127.0.0.1", port: Number(relay.address.split(":").pop()) },
        port: settings.relayPort,
      });
      stops.push(() => relayProxy!.stop());
    }
    let control: DemoControl | undefined;
    if (settings.control) {
      const faults: DemoFaults = {
        setMode: (target, mode) => (target === "kube" ? kubeProxy : relayProxy)?.setMode(mode),
        forbid: (kinds) => kubeApi.faults.forbid(kinds),
        acceptToken: (accept) => kubeApi.faults.acceptToken(accept),
        async rotateCa() {
          const port = Number(new URL(kubeApi.url).port);
          await kubeApi.stop();
          kubeApi = await startDemoKubeApi({
            token,
            store: kubeApi.store,
            port,
            tls: createDemoTlsIdentity(),
          });
          await kubeconfigOf(kubeApi);
          // Rotations change the identity, not the rights.
          kubeApi.faults.forbid([]);
        },
      };
      control = await startDemoControl({
        publish: (flow) => relay.publish(flow),
        faults,
        port: settings.controlPort,
      });
      stops.push(() => control!.stop());
    }

    // The GitOps repository mirrors the scenario; a folder of manifests comes from the user's own.
    let gitops: DemoGitOps | undefined;
    if (!settings.manifests) {
      gitops = await startDemoGitOps({
        repositoryDir: settings.gitopsRepo,
        port: settings.forgePort,
        now: startedAt,
      });
      stops.push(() => gitops!.forge.stop());
    }

    // The scripted traffic belongs to the scenario; a repository's manifests come without flows.
    if (!settings.manifests) {
      const traffic = createTrafficGenerator(() => storedObjects(kubeApi.store), { now: Date.now });
      const now = Date.now();
      for (const flow of traffic.backfill(now - BACKFILL_MS, now)) relay.publish(flow);
      timer = setInterval(() => {
        for (const flow of traffic.tick(Date.now())) relay.publish(flow);
      }, TICK_MS);
    }

    const ready = {
      kubeconfig: settings.kubeconfig,
      context: CONTEXT,
      relay: relayProxy?.address ?? relay.address,
      kubeApi: kubeUrl,
      ...(control ? { control: control.url } : {}),
      ...(settings.manifests ? { preview: { report: settings.previewReport } } : {}),
      ...(gitops
        ? { gitops: { repo: gitops.forge.webUrl, cloneUrl: gitops.forge.cloneUrl, token: gitops.token } }
        : {}),
    };
    process.stdout.write(`SIEVE_DEMO_READY ${JSON.stringify(ready)}\n`);
  } catch (error) {
    process.stderr.write(`sieve demo: ${(error as Error).message}\n`);
    await stop(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`sieve demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
