import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { classifyDrop } from "@/lib/drops/classify-drop";
import { connectivityChecklist } from "@/lib/drops/connectivity-checklist";
import type { ClusterFacts } from "@/lib/drops/cluster-facts";
import type { Flow } from "@/lib/flows/flow";
import { flowEdgeId } from "@/lib/graph/graph-ids";
import { FlowGraph } from "@/lib/graph/graph-model";
import { flowFiltersOfObserveFlags, type ObserveFlag, type ObserveFlagName } from "@/lib/hubble/flow-filters";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import { observeCommand, observeFlags, observeSelectionOfFlow } from "@/lib/hubble/observe-command";
import type { KubeObject } from "@/lib/kube/types";
import { wireToFlowJson } from "@/server/hubble/wire-json";
import { homelabObjects } from "../scenario/homelab-objects";
import { createTrafficGenerator } from "../scenario/traffic";
import { startDemoRelay, type DemoRelay } from "./relay-server";
import { collect, observerTestClient, type ObserverTestClient } from "./testing/relay-test-client";

// Every hubble command Sieve prints for the demo's edges, read as the hubble CLI reads it (its
// flags turned into FlowFilters by the CLI's rules) and sent to the demo relay, which applies
// Hubble's filter semantics: it must return flows of its edge, and only of its edge.

const NOW = Date.UTC(2025, 8, 20, 12, 0, 0);
const WINDOW_MS = 5 * 60_000;

let relay: DemoRelay;
let client: ObserverTestClient;
const edges = new Map<string, Flow[]>();
const graph = new FlowGraph();

/** The words of a command line, single quotes undone as a POSIX shell does. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/(?:[^\s']+|'[^']*')+/g)) {
    words.push(match[0].replace(/'([^']*)'/g, "$1"));
  }
  return words;
}

/** The filter flags of a printed `hubble observe` command (its --since and output flags aside). */
function flagsOfCommand(line: string): ObserveFlag[] {
  const words = shellWords(line.split(" | ")[0]!);
  expect(words.slice(0, 2)).toEqual(["hubble", "observe"]);
  const flags: ObserveFlag[] = [];
  for (let i = 2; i < words.length; i += 2) {
    const name = words[i]!.replace(/^--/, "");
    if (name === "since" || name === "o") continue;
    flags.push({ name: name as ObserveFlagName, value: words[i + 1]! });
  }
  return flags;
}

async function flowsReturnedFor(flags: readonly ObserveFlag[]): Promise<Flow[]> {
  const responses = await collect(
    client.getFlows({ number: 1_000_000, whitelist: flowFiltersOfObserveFlags(flags) }),
  );
  return responses.flatMap((response) =>
    response.flow ? [flowFromHubbleJson(wireToFlowJson(response.flow))] : [],
  );
}

function factsOf(objects: readonly KubeObject[]): ClusterFacts {
  const namespaceLabels: Record<string, Record<string, string>> = {};
  for (const object of objects) {
    if (object.kind === "Namespace" && object.metadata?.name) {
      namespaceLabels[object.metadata.name] = { ...(object.metadata.labels ?? {}) };
    }
  }
  return {
    namespaceLabels,
    dnsBaselinePresent: true,
    scrapeBaselinePresent: true,
    healthBaselinePresent: true,
  };
}

const objects = homelabObjects(NOW);

beforeAll(async () => {
  const flows = createTrafficGenerator(objects, { now: () => NOW }).backfill(NOW - WINDOW_MS, NOW);
  relay = await startDemoRelay({ capacity: flows.length, clock: () => NOW });
  client = observerTestClient(relay.address);
  for (const json of flows) {
    relay.publish(json);
    const flow = flowFromHubbleJson(json);
    graph.add(flow);
    const id = flowEdgeId(flow);
    edges.set(id, [...(edges.get(id) ?? []), flow]);
  }
});

afterAll(async () => {
  client.close();
  await relay.stop();
});

describe("the commands Sieve prints, run through the demo relay", () => {
  it("returns the drops of every red edge with the command of its drop classification", async () => {
    const red = [...edges].filter(([, flows]) => flows.some((flow) => flow.verdict === "DROPPED"));
    expect(red.length).toBeGreaterThanOrEqual(10);
    const kinds = new Set<string>();
    for (const [edge, flows] of red) {
      const drop = flows.filter((flow) => flow.verdict === "DROPPED").at(-1)!;
      const command = classifyDrop(drop, factsOf(objects), DEFAULT_CONVENTIONS).commands[0];
      expect(command, edge).toMatch(/^hubble observe /);
      const returned = await flowsReturnedFor(flagsOfCommand(command!));
      expect(returned.length, `${edge}: ${command}`).toBeGreaterThanOrEqual(1);
      expect(new Set(returned.map(flowEdgeId)), command).toEqual(new Set([edge]));
      expect(
        returned.every((flow) => flow.verdict === "DROPPED"),
        command,
      ).toBe(true);
      if (drop.direction === "ingress") kinds.add("ingress drop");
      if (drop.destination.reserved === "world") kinds.add("drop to world");
    }
    expect(kinds).toEqual(new Set(["ingress drop", "drop to world"]));
  });

  it("returns the flows of every edge, whatever its peers, with the command for one of its flows", async () => {
    const kinds = new Set<string>();
    for (const [edge, flows] of edges) {
      const sample = flows.at(-1)!;
      const command = observeCommand(observeFlags(observeSelectionOfFlow(sample)), { since: "5m" });
      const returned = await flowsReturnedFor(flagsOfCommand(command));
      expect(returned.length, `${edge}: ${command}`).toBeGreaterThanOrEqual(1);
      expect(new Set(returned.map(flowEdgeId)), command).toEqual(new Set([edge]));
      const { source, destination } = sample;
      if (source.namespace && destination.namespace && source.namespace !== destination.namespace)
        kinds.add("pod to pod across namespaces");
      if (destination.reserved === "world") kinds.add("to world");
      if (source.reserved === "host" || source.reserved === "remote-node") kinds.add("from a node");
      if (command.includes("--to-fqdn")) kinds.add("to a name");
    }
    expect(kinds).toEqual(new Set(["pod to pod across namespaces", "to world", "from a node", "to a name"]));
  });

  it("returns the flows of each connectivity check that saw traffic, and only of its edges", async () => {
    const snapshot = graph.snapshot(NOW, WINDOW_MS);
    const namespaces = ["mealie", "paperless", "jellyfin", "batch-jobs", "stirling-pdf"];
    let checked = 0;
    for (const namespace of namespaces) {
      for (const check of connectivityChecklist(namespace, snapshot, DEFAULT_CONVENTIONS, () => true)
        .checks) {
        if (check.edgeIds.length === 0) continue;
        const returned = await flowsReturnedFor(flagsOfCommand(check.command));
        expect(returned.length, check.command).toBeGreaterThanOrEqual(1);
        for (const flow of returned) expect(check.edgeIds, check.command).toContain(flowEdgeId(flow));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});
