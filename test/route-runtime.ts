// A SieveRuntime for route tests: the real in-memory stores fed with real Hubble captures
// (../shared/fixtures/hubble), a cluster cache that answers a fixed list of namespaces, and an
// optional GitOps source; nothing connects anywhere.
import { readFileSync } from "node:fs";
import path from "node:path";
import { createSieveMetrics } from "@/server/metrics/sieve-metrics";
import { parseAuthSettings } from "@/lib/config/auth-settings";
import { parseSieveConfig } from "@/lib/config/sieve-config";
import type { Flow } from "@/lib/flows/flow";
import { flowRecorder } from "@/lib/flows/flow-recorder";
import { RecentFlows } from "@/lib/flows/recent-flows";
import { VerdictCounter } from "@/lib/flows/verdict-counts";
import { FlowGraph } from "@/lib/graph/graph-model";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { WATCHED_KINDS } from "@/lib/kube/kinds";
import type { KindObjectMap, KubeObject, Namespace, WatchedKind } from "@/lib/kube/types";
import type { RouteDeps } from "@/server/api-route";
import { DEFAULT_GITOPS_PATHS, type GitOpsPaths } from "@/lib/gitops/repo-paths";
import type { RepositoryFiles } from "@/lib/render/rendered";
import type { GitOpsSource } from "@/server/gitops/gitops-source";
import { fluxRenders } from "@/server/gitops/repository-renders";
import type { ClusterCache } from "@/server/kube/cluster-cache";
import { homelabGitOpsFiles } from "@/server/demo/gitops-repo/homelab-repo-files";
import { homelabObjects } from "@/server/demo/scenario/homelab-objects";
import { createTrafficGenerator } from "@/server/demo/scenario/traffic";
import type { SieveRuntime } from "@/server/runtime";

const REPO_ROOT = path.resolve(import.meta.dirname, "..");
const CAPTURE = path.resolve(REPO_ROOT, "../shared/fixtures/hubble/real-flows.jsonl");

/**
 * The real flows of the shared capture in their order, re-timed one second apart to end at `endAt`
 * (the capture spans longer than the views' one-hour window).
 */
export function capturedFlows(endAt: number): Flow[] {
  const flows = readFileSync(CAPTURE, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    // Most lines are `hubble observe -o json` ({flow: …}); a few are bare flows.
    .map((line) => {
      const json = JSON.parse(line) as { flow?: HubbleFlowJson } & HubbleFlowJson;
      return flowFromHubbleJson(json.flow ?? json);
    })
    .sort((a, b) => a.time - b.time);
  return flows.map((flow, i) => ({ ...flow, time: endAt - (flows.length - 1 - i) * 1_000 }));
}

export function bareNamespace(name: string, labels: Record<string, string> = {}): Namespace {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, uid: `uid-${name}`, resourceVersion: "1", labels },
  };
}

function clusterOf(all: readonly KubeObject[]): ClusterCache {
  const objects: { [K in WatchedKind]: KindObjectMap[K][] } = {
    namespaces: [],
    pods: [],
    networkpolicies: [],
    ciliumnetworkpolicies: [],
    ciliumclusterwidenetworkpolicies: [],
  };
  for (const object of all) {
    const info = WATCHED_KINDS.find((k) => k.objectKind === object.kind);
    if (info) (objects[info.kind] as KubeObject[]).push(object);
  }
  return {
    start: () => {},
    stop: () => {},
    list: (kind) => objects[kind],
    syncStatus: () => [],
    subscribe: () => () => {},
    whenSynced: () => Promise.resolve(),
  };
}

export interface TestRuntimeOptions {
  /** Namespaces without labels, added to `objects`. */
  namespaces?: string[];
  /** The cluster's objects of the watched kinds (others are left out). */
  objects?: readonly KubeObject[];
  flows?: Flow[];
  gitops?: GitOpsSource | null;
  env?: Record<string, string>;
}

export function testRuntime(options: TestRuntimeOptions = {}): SieveRuntime {
  const { config, problems } = parseSieveConfig(options.env ?? {});
  const runtime: SieveRuntime = {
    startedAt: 0,
    config,
    conventionOverrides: {},
    problems,
    cluster: clusterOf([
      ...(options.namespaces ?? []).map((name) => bareNamespace(name)),
      ...(options.objects ?? []),
    ]),
    flows: null,
    verdicts: new VerdictCounter(),
    graph: new FlowGraph(),
    recentDrops: new RecentFlows(1_000),
    recentFlows: new RecentFlows(1_000),
    gitops: options.gitops ?? null,
    repositoryRenders: fluxRenders(),
    preview: null,
    metrics: createSieveMetrics(() => null, { processMetrics: false }),
  };
  // The flows reach the views as the relay's stream does in server/runtime.ts.
  const record = flowRecorder(runtime);
  for (const flow of options.flows ?? []) record(flow);
  return runtime;
}

/** Route dependencies around `runtime`: loopback names only, a fixed clock. */
export function testDeps(runtime: SieveRuntime, now: number, env: Record<string, string> = {}): RouteDeps {
  const { config } = parseSieveConfig(env);
  const auth = parseAuthSettings(env, config.web).settings;
  return {
    runtime: () => runtime,
    access: () => config.web,
    auth: () => auth,
    now: () => now,
    viewDefaults: () => ({ windowMs: config.flowWindowMs }),
  };
}

export interface TestGitOpsOptions {
  /** The branches listBranches answers, or the error it fails with. */
  branches?: string[] | Error;
  /** The ref readRepositoryAt knows (answered with the same files); others are absent. */
  knownRef?: string;
  /** Whether a token is configured; pushBranch is then asked. */
  canPush?: boolean;
  /** What a read of the base branch fails with, instead of answering `files`. */
  readError?: Error;
  pushBranch?: GitOpsSource["pushBranch"];
  paths?: GitOpsPaths;
}

/** A GitOps source over `files` held in memory (no git, no network), on forge.test/me/homelab. */
export function testGitOpsSource(files: RepositoryFiles, options: TestGitOpsOptions = {}): GitOpsSource {
  const { branches = ["main"], knownRef = "refs/heads/fix", readError } = options;
  const read = () => (readError ? Promise.reject(readError) : Promise.resolve(files));
  return {
    repository: {
      provider: "gitea",
      origin: "https://forge.test",
      segments: ["me", "homelab"],
      webUrl: "https://forge.test/me/homelab",
      cloneUrl: "https://forge.test/me/homelab.git",
    },
    baseBranch: "main",
    paths: options.paths ?? DEFAULT_GITOPS_PATHS,
    canPush: options.canPush ?? false,
    readFiles: (paths) => read().then((all) => new Map(paths.map((p) => [p, all.get(p) ?? null] as const))),
    readRepository: read,
    readRepositoryAt: (ref) => Promise.resolve(ref === knownRef ? { commit: "c0ffee", files } : null),
    listBranches: () => (branches instanceof Error ? Promise.reject(branches) : Promise.resolve(branches)),
    pushBranch: options.pushBranch ?? (() => Promise.resolve({ ok: false, error: "no token" })),
    status: () => ({ state: "ok", message: "read", readAt: 0, commit: "c0ffee" }),
  };
}

/**
 * The demo's homelab at `now`: its cluster objects, `windowMs` of its traffic before `now`, and the
 * files of its GitOps repository (the scenario's drops have fixes the repository can take).
 */
export function homelabScenario(now: number, windowMs: number) {
  const objects = homelabObjects(now);
  const flows = createTrafficGenerator(objects, { now: () => now })
    .backfill(now - windowMs, now)
    .map(flowFromHubbleJson);
  return { objects, flows, files: homelabGitOpsFiles(now) };
}
