import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { isDropVerdict, type Flow } from "@/lib/flows/flow";
import { FlowIngest } from "@/lib/flows/flow-ingest";
import { testFlow, testPeer } from "@/lib/flows/testing/test-flow";
import { hubbleFixtures } from "@/lib/hubble/fixtures";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import { flowJsonFromObserveOutput } from "@/lib/hubble/observe-json";
import { classifyDrop } from "./classify-drop";
import type { ClusterFacts } from "./cluster-facts";
import { DropClassifier } from "./drop-classifier";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const CAPTURES = [
  path.resolve(repoRoot, "../shared/fixtures/hubble/real-flows.jsonl"),
  path.resolve(repoRoot, "lib/hubble/fixtures/uncaptured-cases.jsonl"),
];
const C = DEFAULT_CONVENTIONS;

const FACTS: ClusterFacts[] = [
  {
    namespaceLabels: {
      paperless: { [C.profileLabel]: "internal" },
      app: { [C.profileLabel]: "internal-egress", [`${C.accessLabelPrefix}postgres`]: "yes" },
      kube_system: {},
    },
    dnsBaselinePresent: true,
    scrapeBaselinePresent: false,
    healthBaselinePresent: true,
  },
  {
    namespaceLabels: {},
    dnsBaselinePresent: false,
    scrapeBaselinePresent: true,
    healthBaselinePresent: false,
    unknown: "the Kubernetes API is unreachable",
  },
];

/** Every drop of the real captures, our own uncaptured cases and the fixtures, roles inferred as at ingest. */
function capturedDrops(): Flow[] {
  const jsons = [
    ...CAPTURES.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map(flowJsonFromObserveOutput),
    ),
    ...hubbleFixtures(),
  ];
  const ingest = new FlowIngest();
  return jsons.map(flowFromHubbleJson).filter((flow) => {
    ingest.accept(flow);
    return isDropVerdict(flow.verdict);
  });
}

describe("DropClassifier", () => {
  it("answers what classifyDrop answers for every captured drop, first and from its cache", () => {
    const drops = capturedDrops();
    expect(drops.length).toBeGreaterThan(10);
    for (const facts of FACTS) {
      const classifier = new DropClassifier(facts, C);
      for (let pass = 0; pass < 2; pass++) {
        for (const flow of drops) {
          expect(classifier.classify(flow), flow.id).toEqual(classifyDrop(flow, facts, C));
        }
      }
    }
  });

  it("classifies a conversation once: other times and ephemeral ports share the answer", () => {
    const source = testPeer({ namespace: "app", pod: "web-0" });
    const destination = testPeer({ namespace: "database", pod: "postgres-0", ip: "10.244.1.5" });
    const drop = (overrides: Partial<Flow>) =>
      testFlow({ verdict: "DROPPED", dropReason: "POLICY_DENIED", source, destination, ...overrides });
    const classifier = new DropClassifier(FACTS[0]!, C);
    const first = classifier.classify(drop({ sourcePort: 40_001, time: 1 }));
    expect(classifier.classify(drop({ sourcePort: 51_234, time: 2 }))).toBe(first);

    const others: Partial<Flow>[] = [
      { destinationPort: 6379 },
      { dropReason: "AUTH_REQUIRED" },
      { verdict: "AUDIT" },
      { direction: "ingress" },
      { protocol: "UDP" },
      {
        policies: {
          egressAllowedBy: [],
          ingressAllowedBy: [],
          egressDeniedBy: ["app/deny-db"],
          ingressDeniedBy: [],
        },
      },
      { isReply: true, source: destination, destination: source, sourcePort: 5432, destinationPort: 40_001 },
    ];
    for (const overrides of others) {
      const flow = drop(overrides);
      const answer = classifier.classify(flow);
      expect(answer, JSON.stringify(overrides)).not.toBe(first);
      expect(answer).toEqual(classifyDrop(flow, FACTS[0]!, C));
    }
  });

  it("keeps a reply's conversation by its service port, its source port", () => {
    const server = testPeer({ namespace: "database", pod: "postgres-0", ip: "10.244.1.5" });
    const client = testPeer({ namespace: "app", pod: "web-0" });
    const reply = (clientPort: number, serverPort: number) =>
      testFlow({
        verdict: "DROPPED",
        dropReason: "POLICY_DENIED",
        isReply: true,
        source: server,
        destination: client,
        sourcePort: serverPort,
        destinationPort: clientPort,
      });
    const classifier = new DropClassifier(FACTS[0]!, C);
    const answer = classifier.classify(reply(40_000, 5432));
    expect(classifier.classify(reply(45_000, 5432))).toBe(answer);
    expect(classifier.classify(reply(40_000, 6379))).toEqual(classifyDrop(reply(40_000, 6379), FACTS[0]!, C));
    expect(classifier.classify(reply(40_000, 6379))).not.toBe(answer);
  });
});
