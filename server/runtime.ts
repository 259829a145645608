import "server-only";
import path from "node:path";
import { parseSieveConfig, type ConfigProblem, type SieveConfig } from "@/lib/config/sieve-config";
import type { Conventions } from "@/lib/conventions/conventions";
import type { Flow } from "@/lib/flows/flow";
import { flowRecorder } from "@/lib/flows/flow-recorder";
import { RecentFlows } from "@/lib/flows/recent-flows";
import { VerdictCounter } from "@/lib/flows/verdict-counts";
import { FlowGraph } from "@/lib/graph/graph-model";
import type { PreviewReport } from "@/lib/render/preview-report";
import type { RepositoryFiles } from "@/lib/render/rendered";
import { loadConventions } from "./conventions-file";
import { loadPreviewReport } from "./render/preview-report-file";
import { isGitOpsRepository, readRepositoryFolder } from "./render/repository-folder";
import type { GitOpsSource } from "./gitops/gitops-source";
import { gitOpsSettings } from "./gitops/gitops-settings";
import { createGitOpsSource } from "./gitops/repository-source";
import { fluxRenders, type RepositoryRenders } from "./gitops/repository-renders";
import { loadKubeConfig } from "./kube/kubeconfig";
import { createClusterCache, type ClusterCache } from "./kube/cluster-cache";
import { validateHubbleConnectionOptions } from "./hubble/client";
import { startFlowFeed, type FlowFeed } from "./hubble/flow-feed";
import { createSieveMetrics, type SieveMetrics } from "./metrics/sieve-metrics";

/** Everything the route handlers read: one instance per server process, started on first use. */
export interface SieveRuntime {
  startedAt: number;
  config: SieveConfig;
  /**
   * The conventions file's fields; they override what is inferred from the policies (the cluster
   * view infers the conventions in force whenever the policies change).
   */
  conventionOverrides: Partial<Conventions>;
  /** Configuration and start-up problems, one line each, shown in the page's banner. */
  problems: ConfigProblem[];
  cluster: ClusterCache | null;
  flows: FlowFeed | null;
  verdicts: VerdictCounter;
  graph: FlowGraph;
  /** The latest dropped flows, for the drops view and fix proposals. */
  recentDrops: RecentFlows;
  /** The latest flows of every verdict, for the proof of a fix. */
  recentFlows: RecentFlows;
  /** The GitOps repository fixes go to; null when not configured. */
  gitops: GitOpsSource | null;
  /** Renders of that repository as its GitOps tool renders it, for the proof of every patch. */
  repositoryRenders: RepositoryRenders;
  /** In repository preview (config.preview): how the repository was rendered, what was not. */
  preview: PreviewReport | null;
  /** Prometheus metrics (/metrics): flows counted at ingest, the rest read from this runtime. */
  metrics: SieveMetrics;
}

const RECENT_DROPS_CAPACITY = 20_000;
const RECENT_FLOWS_CAPACITY = 30_000;

const RUNTIME_KEY = Symbol.for("sieve.runtime");

function errorLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}

function startCluster(config: SieveConfig, problems: ConfigProblem[]): ClusterCache | null {
  if (problems.some((p) => p.section === "kubernetes")) return null;
  try {
    const kubeConfig = loadKubeConfig(config.kubernetes);
    const cache = createClusterCache(kubeConfig, {
      probeIntervalMs: config.watchdog.probeIntervalMs,
      reload: () => loadKubeConfig(config.kubernetes),
    });
    cache.start();
    return cache;
  } catch (error) {
    problems.push({ section: "kubernetes", message: errorLine(error) });
    return null;
  }
}

function startFlows(
  config: SieveConfig,
  problems: ConfigProblem[],
  onFlow: (flow: Flow) => void,
): FlowFeed | null {
  if (problems.some((p) => p.section === "hubble")) return null;
  try {
    validateHubbleConnectionOptions(config.hubble);
    return startFlowFeed({
      connection: config.hubble,
      windowMs: 60 * 60_000,
      onFlow,
      watchdog: config.watchdog,
    });
  } catch (error) {
    problems.push({ section: "hubble", message: errorLine(error) });
    return null;
  }
}

function startGitOps(config: SieveConfig, problems: ConfigProblem[]): GitOpsSource | null {
  if (!config.gitops) return null;
  const settings = gitOpsSettings(config.gitops);
  if (!settings.ok) {
    problems.push({ section: "gitops", message: settings.error });
    return null;
  }
  const source = createGitOpsSource(settings.settings);
  // Read the base branch once now, so the status is known before the first fix is asked for.
  void source.refresh();
  return source;
}

/** The previewed folder's files, when it is a GitOps repository (not plain manifests). */
async function previewedRepository(preview: PreviewReport): Promise<RepositoryFiles> {
  const files = readRepositoryFolder(path.resolve(preview.folder));
  if (!isGitOpsRepository(files)) throw new Error(`${preview.folder} is not a GitOps repository`);
  return files;
}

/** What stops each part a runtime started, for stopRuntime. */
const stoppers = new WeakMap<SieveRuntime, () => void>();

/**
 * A runtime configured by `env`: the Kubernetes cache and the flow feed started, the repository
 * followed; every configuration problem is in `problems` (and printed) instead of thrown.
 */
export function startRuntime(env: Record<string, string | undefined>): SieveRuntime {
  const { config, problems } = parseSieveConfig(env);
  const conventions = loadConventions(config.conventionsFile);
  for (const message of conventions.problems) problems.push({ section: "conventions", message });
  const verdicts = new VerdictCounter();
  const graph = new FlowGraph();
  const recentDrops = new RecentFlows(RECENT_DROPS_CAPACITY);
  const recentFlows = new RecentFlows(RECENT_FLOWS_CAPACITY);
  let runtime: SieveRuntime | null = null;
  const metrics = createSieveMetrics(() => runtime);
  const record = flowRecorder({ verdicts, graph, recentDrops, recentFlows });
  const onFlow = (flow: Flow) => {
    metrics.recordFlow(flow);
    record(flow);
  };
  const gitops = startGitOps(config, problems);
  const repositoryRenders = fluxRenders();
  // What the repository declares (e.g. namespaces a ResourceSet renders without a profile) feeds
  // the conventions; the base render is also what every fix is proven against.
  const preview = config.preview ? loadPreviewReport(config.preview.reportFile, problems) : null;
  const unfollow = gitops
    ? repositoryRenders.follow(() => gitops.readRepository(), 60_000)
    : preview
      ? repositoryRenders.follow(() => previewedRepository(preview), 60_000)
      : () => undefined;
  runtime = {
    startedAt: Date.now(),
    config,
    conventionOverrides: conventions.overrides,
    problems,
    cluster: startCluster(config, problems),
    flows: startFlows(config, problems, onFlow),
    verdicts,
    graph,
    recentDrops,
    recentFlows,
    gitops,
    repositoryRenders,
    preview,
    metrics,
  };
  for (const problem of problems) console.error(`sieve: configuration problem: ${problem.message}`);
  const started = runtime;
  stoppers.set(started, () => {
    started.cluster?.stop();
    started.flows?.stop();
    unfollow();
  });
  return started;
}

/** Stops the runtime's watches, stream and repository refresh; the data it holds stays readable. */
export function stopRuntime(runtime: SieveRuntime): void {
  stoppers.get(runtime)?.();
  stoppers.delete(runtime);
}

export function getRuntime(): SieveRuntime {
  const holder = globalThis as { [RUNTIME_KEY]?: SieveRuntime };
  holder[RUNTIME_KEY] ??= startRuntime(process.env);
  return holder[RUNTIME_KEY];
}
