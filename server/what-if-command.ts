import "server-only";
import { parseSieveConfig } from "@/lib/config/sieve-config";
import type { Flow } from "@/lib/flows/flow";
import type { ClusterObjects } from "@/lib/posture/posture-context";
import { parseWhatIfArgs, WHAT_IF_USAGE } from "@/lib/what-if/command-args";
import { whatIfText } from "@/lib/what-if/report-text";
import { loadConventions } from "./conventions-file";
import { gitOpsSettings } from "./gitops/gitops-settings";
import { fluxRenders } from "./gitops/repository-renders";
import { createGitOpsSource } from "./gitops/repository-source";
import { createObserverClient } from "./hubble/client";
import { cachedClusterObjects, createClusterCache } from "./kube/cluster-cache";
import { loadKubeConfig } from "./kube/kubeconfig";
import { NOT_CONFIGURED, whatIfOfRef } from "./what-if-service";

// `npm run what-if -- --ref <ref> [--json]`: what a branch of the GitOps repository would do to
// the traffic the relay observed, for CI. The repository, cluster and relay come from the same
// SIEVE_* settings as the dashboard. Exit 1 when the branch newly drops observed flows, 0 when it
// does not, 2 on a usage, configuration or connection error.

const MAX_FLOWS = 30_000;
const CONNECT_TIMEOUT_MS = 30_000;

class UsageError extends Error {}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)),
      CONNECT_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function readCluster(
  settings: ReturnType<typeof parseSieveConfig>["config"]["kubernetes"],
): Promise<ClusterObjects> {
  const cache = createClusterCache(loadKubeConfig(settings));
  cache.start();
  try {
    await withTimeout(cache.whenSynced(), "the Kubernetes API");
    const failed = cache.syncStatus().find((status) => status.state === "error");
    if (failed) throw new Error(`the Kubernetes API: ${failed.kind}: ${failed.error ?? "cannot be listed"}`);
    return cachedClusterObjects(cache);
  } finally {
    cache.stop();
  }
}

function readFlows(
  settings: ReturnType<typeof parseSieveConfig>["config"]["hubble"],
  since: number,
): Promise<Flow[]> {
  const client = createObserverClient(settings);
  const flows: Flow[] = [];
  return withTimeout(
    new Promise<Flow[]>((resolve, reject) => {
      client.getFlows(
        { since, number: MAX_FLOWS },
        {
          onSieveFlow: (flow) => flows.push(flow),
          onEnd: () => resolve(flows),
          onError: (error) => reject(new Error(`the Hubble relay: ${error.message}`)),
        },
      );
    }),
    "the Hubble relay",
  ).finally(() => client.close());
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseWhatIfArgs(argv);
  if (!parsed.ok) throw new UsageError(`${parsed.error}\n${WHAT_IF_USAGE}`);
  const { ref, json, windowMs } = parsed.args;
  const { config, problems } = parseSieveConfig(process.env);
  const blocking = problems.filter((p) =>
    ["kubernetes", "hubble", "gitops", "conventions"].includes(p.section),
  );
  if (blocking.length > 0) throw new UsageError(blocking.map((p) => p.message).join("\n"));
  if (!config.gitops) throw new UsageError(NOT_CONFIGURED);
  const settings = gitOpsSettings(config.gitops);
  if (!settings.ok) throw new UsageError(settings.error);
  const conventions = loadConventions(config.conventionsFile);
  if (conventions.problems.length > 0) throw new UsageError(conventions.problems.join("\n"));
  const now = Date.now();
  const gitops = createGitOpsSource(settings.settings);
  try {
    const [cluster, flows] = await Promise.all([
      readCluster(config.kubernetes),
      readFlows(config.hubble, now - windowMs),
    ]);
    const result = await whatIfOfRef(
      {
        gitops,
        renders: fluxRenders(),
        cluster,
        flows,
        windowMs,
        conventionOverrides: conventions.overrides,
        cni: "cluster",
      },
      ref,
      now,
    );
    if (!result.ok) throw new Error(result.error);
    process.stdout.write(json ? `${JSON.stringify(result.value, null, 2)}\n` : whatIfText(result.value));
    return result.value.report.newlyDroppedFlows > 0 ? 1 : 0;
  } finally {
    gitops.dispose();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`what-if: ${message}\n`);
    process.exit(2);
  },
);
