import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { flowJsonFromObserveOutput } from "@/lib/hubble/observe-json";
import { startTestObserver, type TestObserver } from "./hubble/testing/test-observer";
import { startDemoCluster, type DemoCluster } from "./kube/testing/demo-cluster";
import { smallCluster } from "./kube/testing/small-cluster";
import { waitUntil } from "./kube/testing/wait-until";
import { startRuntime, stopRuntime, type SieveRuntime } from "./runtime";

// The runtime as the server starts it from its environment: against the demo API server and an
// observer.Observer serving the real Hubble captures (the demo's wiring), and against a broken
// configuration, where every problem is reported instead of thrown; then stopped.

const CAPTURE = path.resolve(process.cwd(), "../shared/fixtures/hubble/real-flows.jsonl");
const START = Date.now();
/** The captures re-timed into the last minutes, so the feed's one-hour window reaches them. */
const captures: HubbleFlowJson[] = readFileSync(CAPTURE, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line, i) => ({
    ...flowJsonFromObserveOutput(JSON.parse(line)),
    time: new Date(START - 60_000 + i).toISOString(),
  }));
const dropped = captures.filter((flow) => flow.verdict === "DROPPED").length;
const audited = captures.filter((flow) => flow.verdict === "AUDIT").length;

let demo: DemoCluster;
let relay: TestObserver;
const started: SieveRuntime[] = [];

function start(env: Record<string, string>): SieveRuntime {
  const runtime = startRuntime(env);
  started.push(runtime);
  return runtime;
}

beforeAll(async () => {
  demo = await startDemoCluster();
  relay = await startTestObserver();
  for (const flow of captures) relay.publish(flow);
});

afterEach(() => {
  for (const runtime of started.splice(0)) stopRuntime(runtime);
  vi.restoreAllMocks();
});

afterAll(async () => {
  await relay.stop();
  await demo.close();
});

describe("startRuntime", () => {
  it("with the demo's configuration, syncs the cluster and takes in the relay's flows", async () => {
    const runtime = start({ SIEVE_KUBECONFIG: demo.kubeconfigPath, SIEVE_HUBBLE_ADDRESS: relay.address });
    expect(runtime.problems).toEqual([]);
    expect(runtime.config.hubble.address).toBe(relay.address);
    expect(runtime.startedAt).toBeGreaterThanOrEqual(START);
    expect(runtime).toMatchObject({ gitops: null, preview: null, conventionOverrides: {} });

    await runtime.cluster!.whenSynced();
    const expected = smallCluster()
      .filter((o) => o.kind === "Namespace")
      .map((o) => o.metadata.name)
      .sort();
    expect(
      runtime
        .cluster!.list("namespaces")
        .map((ns) => ns.metadata.name)
        .sort(),
    ).toEqual(expected);

    await vi.waitFor(() => expect(runtime.recentFlows.since(0).length).toBe(captures.length));
    expect(runtime.recentDrops.since(0).length).toBe(dropped + audited);
    expect(runtime.flows!.status().state).toBe("streaming");
    // The flows reach the graph and the metrics too.
    expect(runtime.graph.snapshot(Date.now(), 3_600_000).edges.length).toBeGreaterThan(0);
    const scrape = await runtime.metrics.registry.metrics();
    expect(scrape).toMatch(new RegExp(`sieve_flows_ingested_total\\{verdict="DROPPED"\\} ${dropped}`));
  });

  it("reports every configuration problem and starts what it can", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const runtime = start({
      SIEVE_KUBECONFIG: path.join(demo.kubeconfigPath, "..", "absent"),
      SIEVE_HUBBLE_ADDRESS: "relay:not-a-port",
      SIEVE_GITOPS_REPO: "ftp://forge.test/me/homelab",
      SIEVE_CONVENTIONS_FILE: "/nonexistent/conventions.yaml",
    });
    expect(runtime.cluster).toBeNull();
    expect(runtime.flows).toBeNull();
    expect(runtime.gitops).toBeNull();
    expect(runtime.problems.map((p) => p.section).sort()).toEqual([
      "conventions",
      "gitops",
      "hubble",
      "kubernetes",
    ]);
    expect(runtime.problems.find((p) => p.section === "kubernetes")!.message).toContain("absent");
    for (const problem of runtime.problems)
      expect(log).toHaveBeenCalledWith(`sieve: configuration problem: ${problem.message}`);
  });
});

const streams = (count: number) =>
  waitUntil(relay.subscribe, () => relay.openStreams() === count, `${count} open streams`);

describe("stopRuntime", () => {
  it("stops the cluster cache: a sync still awaited is abandoned", async () => {
    const runtime = start({ SIEVE_KUBECONFIG: demo.kubeconfigPath, SIEVE_HUBBLE_ADDRESS: relay.address });
    const synced = runtime.cluster!.whenSynced();
    stopRuntime(runtime);
    await expect(synced).rejects.toThrow("the cluster cache was stopped before it synced");
  });

  it("closes the relay stream; what was received stays readable", async () => {
    await streams(0);
    const runtime = start({ SIEVE_KUBECONFIG: demo.kubeconfigPath, SIEVE_HUBBLE_ADDRESS: relay.address });
    await streams(1);
    await vi.waitFor(() => expect(runtime.recentFlows.since(0).length).toBe(captures.length));
    stopRuntime(runtime);
    await streams(0);
    expect(runtime.recentFlows.since(0).length).toBe(captures.length);
    expect(runtime.cluster!.list("namespaces").length).toBeGreaterThan(0);
  });
});
