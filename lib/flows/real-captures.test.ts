import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { classifyDrop } from "@/lib/drops/classify-drop";
import type { ClusterFacts } from "@/lib/drops/cluster-facts";
import { groupDrops } from "@/lib/drops/drop-groups";
import { drawingEdge } from "@/lib/graph/graph-drawing";
import { isEphemeralPort } from "@/lib/flows/reply-inference";
import { FlowGraph } from "@/lib/graph/graph-model";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import { flowJsonFromObserveOutput } from "@/lib/hubble/observe-json";
import { formatTimestamp } from "@/lib/hubble/timestamp";
import type { Flow } from "./flow";
import { FlowIngest } from "./flow-ingest";
import { flowRecorder } from "./flow-recorder";
import { RecentFlows } from "./recent-flows";
import { dropCountText, l7FailuresText } from "./verdict-text";
import { VerdictCounter } from "./verdict-counts";

// Replays published `hubble observe -o json` lines (../shared/fixtures/hubble/real-flows.jsonl,
// read in place, see SOURCES.md there) and our own uncaptured cases through the product's path:
// the JSON reader, the ingest the relay feed uses, the graph, the verdict counts and /drops.

const repoRoot = path.resolve(import.meta.dirname, "../..");
const REAL = path.resolve(repoRoot, "../shared/fixtures/hubble/real-flows.jsonl");
const OURS = path.resolve(repoRoot, "lib/hubble/fixtures/uncaptured-cases.jsonl");
const NOW = Date.UTC(2026, 2, 2, 12, 0, 0);
const WINDOW = 15 * 60_000;

function lines(file: string): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
}

/**
 * The captures span 2021-2025; the views keep the last hour. Each line keeps its order and its
 * fields, and is moved to NOW minus 10 ms per line still to come (times are the only edit).
 */
function replay(file: string) {
  const views = {
    verdicts: new VerdictCounter(),
    graph: new FlowGraph(),
    recentDrops: new RecentFlows(1_000),
    recentFlows: new RecentFlows(1_000),
  };
  const ingest = new FlowIngest();
  const record = flowRecorder(views, ingest);
  const read = lines(file);
  const flows: Flow[] = read.map((line, index) => {
    const json = flowJsonFromObserveOutput(line);
    const ms = NOW - (read.length - index) * 10;
    json.time = formatTimestamp({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });
    return flowFromHubbleJson(json);
  });
  for (const flow of flows) record(flow);
  const snapshot = views.graph.snapshot(NOW, WINDOW);
  return { views, ingest, flows, snapshot };
}

const facts: ClusterFacts = {
  namespaceLabels: {
    "flux-system": {},
    default: {},
    bookinfo: {},
    "cilium-test-5": {},
    shop: { [DEFAULT_CONVENTIONS.profileLabel]: "internal" },
  },
  dnsBaselinePresent: true,
  scrapeBaselinePresent: true,
  healthBaselinePresent: true,
};
const classify = (flow: Flow) => classifyDrop(flow, facts, DEFAULT_CONVENTIONS);

describe("the real captures, replayed through the product's ingest", () => {
  const { ingest, flows, snapshot, views } = replay(REAL);

  it("reads all 39 lines", () => {
    expect(flows).toHaveLength(39);
    expect(ingest.stats().accepted + ingest.stats().repeats).toBe(39);
  });

  it("draws no edge to an ephemeral port: replies without is_reply are recognised", () => {
    const ephemeral = snapshot.edges.filter((e) => typeof e.port === "number" && isEphemeralPort(e.port));
    expect(ephemeral.map((e) => e.id)).toEqual([]);
    // The SYN-ACK from kube-dns (line 15) is the reply to host → kube-system 10054, not a new edge.
    expect(snapshot.edges.map((e) => e.id)).not.toContain("ns:kube-system>host:tcp:50908:ingress");
    expect(snapshot.edges.map((e) => e.id)).toContain("host>ns:kube-system:tcp:10054:ingress");
    expect(flows[14]).toMatchObject({ isReply: true, replyInferred: true });
    expect(ingest.stats().rolesInferred).toBeGreaterThanOrEqual(10);
  });

  it("counts the AUDIT verdict the same on the graph, /drops and the namespace counts", () => {
    const edge = snapshot.edges.find((e) => e.id === "ns:flux-system>kube-apiserver:tcp:6443:ingress");
    expect(edge?.counts).toEqual({ AUDIT: 1 });
    expect(drawingEdge(edge!, snapshot.now, () => true)).toMatchObject({ dropped: 0, audited: 1 });
    const groups = groupDrops(views.recentDrops.since(0), classify);
    const flux = groups.filter((g) => g.namespace === "flux-system");
    expect(flux.map((g) => dropCountText(g.counts))).toEqual(["1 audit (would be dropped)"]);
    expect(views.verdicts.countsSince(NOW, WINDOW).get("flux-system")).toEqual({ AUDIT: 1 });
    // Namespace counts leave out forwarded replies as the graph does: kube-dns's SYN-ACK is not a flow.
    const kubeSystemOnGraph = snapshot.nodes.find((n) => n.id === "ns:kube-system")?.counts.FORWARDED;
    expect(views.verdicts.countsSince(NOW, WINDOW).get("kube-system")?.FORWARDED).toBe(kubeSystemOnGraph);
  });

  it("says a remote-node drop into a namespace Sieve has no labels for is in an unknown namespace", () => {
    const drop = flows[2]!;
    expect(drop.source.reserved).toBe("remote-node");
    const result = classify(drop);
    expect(result.classId).toBe("unknown-namespace");
    expect(result.title).not.toContain("without a profile");
    expect(result.cause).toContain("no labels for namespace namespace-name");
    const edge = snapshot.edges.find((e) => e.id === "remote-node>ns:namespace-name:tcp:8182:ingress");
    expect(edge?.counts).toEqual({ DROPPED: 1 });
    expect(snapshot.nodes.find((n) => n.id === "remote-node")?.label).toBe("Remote node");
  });

  it("does not blame egress for a drop Hubble gave no direction", () => {
    const result = classify(flows[1]!);
    expect(result.classId).toBe("policy-denied-side-unknown");
    expect(`${result.title} ${result.cause}`).not.toMatch(/no rule allows egress/i);
    expect(result.cause).toContain("default/xwing → default/deathstar-7848d6c4d5-th9v2 on TCP 80");
    expect(result.details).toContain("Hubble did not say at which side it was dropped.");
  });

  it("keeps the pod of a world-identity flow that carries a namespace (node-local DNS) and its 503s", () => {
    const ids = snapshot.edges.map((e) => e.id);
    expect(ids).toContain("ns:istio-system>ns:kube-system:tcp:10054:egress");
    expect(ids).not.toContain("ns:istio-system>world:tcp:10054:egress");
    const metrics = snapshot.edges.find((e) => e.id === "ns:istio-system>ns:kube-system:tcp:9253:egress");
    expect(metrics?.counts).toEqual({ FORWARDED: 1 });
    expect(l7FailuresText(metrics?.l7Failures)).toBe("2 HTTP 5xx");
    // A world peer without a namespace stays World.
    expect(ids).toContain("ns:istio-system>world:tcp:9990:egress");
  });

  it("names reserved identities: host, health, remote-node, world-ipv4", () => {
    const kinds = new Set(snapshot.nodes.map((n) => n.kind));
    for (const kind of ["host", "health", "remote-node", "world"]) expect(kinds).toContain(kind);
    expect(flows[3]!.destination.reserved).toBe("world");
    expect(snapshot.edges.map((e) => e.id)).toContain("ns:cilium-test-5>world:tcp:80:egress");
  });
});

describe("our uncaptured cases, replayed the same way", () => {
  const { flows, snapshot, ingest, views } = replay(OURS);
  const edge = (id: string) => snapshot.edges.find((e) => e.id === id);

  it("counts TRACED, TRANSLATED and ERROR on their edges", () => {
    expect(flows.map((f) => f.verdict).slice(0, 3)).toEqual(["TRACED", "TRANSLATED", "ERROR"]);
    expect(edge("ns:shop>ns:shop:tcp:8080:egress")?.counts).toMatchObject({ TRACED: 1, ERROR: 1 });
    expect(edge("ns:shop>ns:database:tcp:5432:unknown")?.counts).toEqual({ TRANSLATED: 1 });
  });

  it("counts a packet reported by a policy verdict and a drop notification once", () => {
    expect(ingest.stats().repeats).toBe(1);
    expect(edge("ns:shop>ns:database:tcp:5432:egress")?.counts).toEqual({ DROPPED: 1 });
  });

  it("classifies explicit deny rules from egress_denied_by and ingress_denied_by", () => {
    expect(flows[5]!.policies.egressDeniedBy).toEqual(["shop/deny-smtp"]);
    expect(flows[5]!.policyLog).toEqual(["shop-deny-smtp"]);
    expect(classify(flows[5]!).classId).toBe("denied-by-deny-rule");
    expect(classify(flows[6]!).cause).toContain("database/no-shop");
  });

  it("lists L7 drops and the AUDIT among the drops, worded alike", () => {
    const groups = groupDrops(views.recentDrops.since(0), classify);
    const total = groups.reduce((n, g) => n + (g.counts.DROPPED ?? 0), 0);
    expect(total).toBe(5);
    expect(groups.map((g) => dropCountText(g.counts))).toContain("1 audit (would be dropped)");
    expect(edge("ns:shop>ns:shop:tcp:8080:ingress")?.counts).toEqual({ DROPPED: 1 });
  });

  it("shows a DNS NXDOMAIN answer on the request's edge", () => {
    const dns = edge("ns:shop>ns:kube-system:udp:53:egress");
    expect(dns?.counts).toEqual({ DROPPED: 1 });
    expect(l7FailuresText(dns?.l7Failures)).toBe("1 DNS error");
  });

  it("reads an ACK back between two ephemeral ports as the reply the conversation says it is", () => {
    expect(flows[12]).toMatchObject({ isReply: true, replyInferred: true });
    expect(snapshot.edges.map((e) => e.id)).not.toContain("ns:shop>ns:shop:tcp:45000:egress");
  });
});
