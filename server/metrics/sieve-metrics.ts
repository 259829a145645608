import "server-only";
import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import type { Flow } from "@/lib/flows/flow";
import type { RecentFlows } from "@/lib/flows/recent-flows";
import type { FlowGraph } from "@/lib/graph/graph-model";
import { dropClass, dropNamespace, GapTally, LabelCap } from "@/lib/metrics/drop-labels";
import type { ClusterCache } from "../kube/cluster-cache";
import type { FlowFeed } from "../hubble/flow-feed";

// Sieve's Prometheus metrics. Flows are counted where the runtime ingests them (recordFlow, one
// call per flow, nothing else on that path); everything else is read from the runtime's sources
// when Prometheus scrapes, so no other module knows about metrics.

/** What the scrape reads; the runtime's parts. */
export interface MetricsSources {
  flows: FlowFeed | null;
  cluster: ClusterCache | null;
  recentFlows: RecentFlows;
  recentDrops: RecentFlows;
  graph: FlowGraph;
}

export interface SieveMetrics {
  registry: Registry;
  /** Counts one ingested flow. */
  recordFlow(flow: Flow): void;
}

export interface SieveMetricsOptions {
  now?: () => number;
  /** Node's process metrics (memory, CPU, event loop lag, GC); on in the server. */
  processMetrics?: boolean;
  /** Distinct namespaces labelled on drops before the rest share "(other namespaces)". */
  maxNamespaces?: number;
}

const MAX_REASONS = 200;

export function createSieveMetrics(
  sources: () => MetricsSources | null,
  options: SieveMetricsOptions = {},
): SieveMetrics {
  const now = options.now ?? Date.now;
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const flows = new Counter({
    name: "sieve_flows_ingested_total",
    help: "Flows received from Hubble Relay, by verdict.",
    labelNames: ["verdict"],
    registers: [registry],
  });
  const drops = new Counter({
    name: "sieve_drops_total",
    help: "Dropped flows by the namespace where they were dropped (sender for egress, receiver for ingress), Hubble's drop reason and its class (policy, datapath, unreported).",
    labelNames: ["namespace", "reason", "class"],
    registers: [registry],
  });
  const namespaces = new LabelCap(options.maxNamespaces ?? 1_000);
  const reasons = new LabelCap(MAX_REASONS, "OTHER");

  /** A counter following a running total of the flow feed's status, read when scraped. */
  const feedTotal = (
    name: string,
    help: string,
    total: (status: ReturnType<FlowFeed["status"]>) => number,
  ) => {
    let counted = 0;
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const feed = sources()?.flows;
        if (!feed) return;
        const now = total(feed.status());
        if (now > counted) this.inc(now - counted);
        counted = Math.max(counted, now);
      },
    });
  };
  const gaps = new GapTally();
  feedTotal(
    "sieve_flow_stream_gaps_total",
    "Times the flow stream from Hubble Relay was down, so flows may be missing.",
    (status) => gaps.observe(status.gaps),
  );
  feedTotal(
    "sieve_flow_stream_reconnects_total",
    "Times the flow stream was re-established after it broke.",
    (status) => status.reconnects,
  );

  new Gauge({
    name: "sieve_source_last_event_age_seconds",
    help: "Seconds since each source last delivered: the last flow from Hubble Relay, the last list, watch event or bookmark per Kubernetes kind. Absent until the first.",
    labelNames: ["source", "kind"],
    registers: [registry],
    collect() {
      this.reset();
      const current = sources();
      if (!current) return;
      const at = now();
      const lastFlowAt = current.flows?.status().lastFlowAt ?? null;
      if (lastFlowAt !== null)
        this.set({ source: "hubble", kind: "flows" }, Math.max(0, (at - lastFlowAt) / 1000));
      for (const kind of current.cluster?.syncStatus() ?? []) {
        if (kind.lastSyncedAt === null) continue;
        this.set({ source: "kubernetes", kind: kind.kind }, Math.max(0, (at - kind.lastSyncedAt) / 1000));
      }
    },
  });

  new Gauge({
    name: "sieve_cache_entries",
    help: "Entries in Sieve's in-memory caches: Kubernetes objects per kind, recent flows and drops, graph nodes and edges.",
    labelNames: ["cache"],
    registers: [registry],
    collect() {
      this.reset();
      const current = sources();
      if (!current) return;
      for (const kind of current.cluster?.syncStatus() ?? [])
        this.set({ cache: `kubernetes/${kind.kind}` }, kind.count);
      this.set({ cache: "recent_flows" }, current.recentFlows.size);
      this.set({ cache: "recent_drops" }, current.recentDrops.size);
      const graph = current.graph.size();
      this.set({ cache: "graph_namespace_nodes" }, graph.namespaceNodes);
      this.set({ cache: "graph_edges" }, graph.edges);
    },
  });

  return {
    registry,
    recordFlow(flow) {
      flows.inc({ verdict: flow.verdict });
      if (flow.verdict !== "DROPPED") return;
      drops.inc({
        namespace: namespaces.label(dropNamespace(flow)),
        reason: reasons.label(flow.dropReason ?? "UNREPORTED"),
        class: dropClass(flow.dropReason),
      });
    },
  };
}
