import { describe, expect, it } from "vitest";
import { hubbleFixtures } from "./fixtures";
import { flowSelected } from "./flow-filter-match";
import { flowFiltersFor, flowFiltersOfObserveFlags, type FlowQuery } from "./flow-filters";

function selectedUuids(query: FlowQuery): string[] {
  const whitelist = flowFiltersFor(query);
  return hubbleFixtures()
    .filter((flow) => flowSelected(flow, whitelist, []))
    .map((flow) => flow.uuid!.slice(0, 8));
}

describe("flowFiltersFor", () => {
  it("selects every flow when nothing is asked", () => {
    expect(flowFiltersFor({})).toEqual([]);
    expect(flowFiltersFor({ namespaces: [], verdicts: [] })).toEqual([]);
  });

  it("turns --namespace into a source filter OR a destination filter", () => {
    expect(flowFiltersFor({ namespaces: ["shop"] })).toEqual([
      { source_pod: ["shop/"] },
      { destination_pod: ["shop/"] },
    ]);
  });

  it("puts the other criteria into both sides", () => {
    expect(
      flowFiltersFor({ namespaces: ["shop", "blog"], verdicts: ["DROPPED"], protocols: ["TCP"] }),
    ).toEqual([
      { source_pod: ["shop/", "blog/"], verdict: ["DROPPED"], protocol: ["tcp"] },
      { destination_pod: ["shop/", "blog/"], verdict: ["DROPPED"], protocol: ["tcp"] },
    ]);
  });

  it("matches --port on either side, like the CLI", () => {
    expect(flowFiltersFor({ ports: [5432, "6379"] })).toEqual([
      { source_port: ["5432", "6379"] },
      { destination_port: ["5432", "6379"] },
    ]);
    // With --namespace the CLI pairs source pod with source port and destination with destination.
    expect(flowFiltersFor({ namespaces: ["db"], ports: [5432] })).toEqual([
      { source_pod: ["db/"], source_port: ["5432"] },
      { destination_pod: ["db/"], destination_port: ["5432"] },
    ]);
  });

  it("sends a single filter when both sides come out the same", () => {
    expect(
      flowFiltersFor({ fromNamespaces: ["shop"], toNamespaces: ["database"], verdicts: ["DROPPED"] }),
    ).toEqual([{ source_pod: ["shop/"], destination_pod: ["database/"], verdict: ["DROPPED"] }]);
  });

  it("selects world destinations by the identities --to-identity names, every address family's", () => {
    expect(flowFiltersFor({ toIdentities: ["world"], ports: [443] })).toEqual([
      { source_port: ["443"], destination_identity: [2, 9, 10] },
      { destination_port: ["443"], destination_identity: [2, 9, 10] },
    ]);
    expect(flowFiltersFor({ toIdentities: ["kube-apiserver"] })).toEqual([{ destination_identity: [7] }]);
  });

  it("does not share arrays between the two filters", () => {
    const [left, right] = flowFiltersFor({ namespaces: ["a"], verdicts: ["DROPPED"] });
    left!.verdict!.push("FORWARDED");
    expect(right!.verdict).toEqual(["DROPPED"]);
  });

  it("rejects contradictory or malformed criteria with one line", () => {
    expect(() => flowFiltersFor({ namespaces: ["a"], fromNamespaces: ["b"] })).toThrow(
      "filters --from-namespace and --namespace cannot be combined",
    );
    expect(() => flowFiltersFor({ ports: [0] })).toThrow('port "0" is not a number between 1 and 65535');
    expect(() => flowFiltersFor({ ports: ["http"] })).toThrow(/"http" is not a number/);
  });

  it("selects the fixture flows Hubble would deliver", () => {
    // tcpSynForwarded 5f0c1a7e, tcpReply c71e4d09, dnsResponse e3a9f6d1, httpRequest 1c84b2e9,
    // policyDeniedIngress b0d6e0c2, worldEgressDropped 8a2f5c7d, kubeApiserverDropped f49d0b3a.
    expect(selectedUuids({ namespaces: ["database"] })).toEqual(["5f0c1a7e", "c71e4d09", "b0d6e0c2"]);
    expect(selectedUuids({ namespaces: ["database"], verdicts: ["DROPPED"] })).toEqual(["b0d6e0c2"]);
    expect(selectedUuids({ ports: [5432] })).toEqual(["5f0c1a7e", "c71e4d09", "b0d6e0c2"]);
    expect(selectedUuids({ toIdentities: ["world"] })).toEqual(["8a2f5c7d"]);
    expect(selectedUuids({ fromNamespaces: ["kube-system"], protocols: ["udp"] })).toEqual(["e3a9f6d1"]);
  });
});

describe("flowFiltersOfObserveFlags", () => {
  it("sends one filter for the from/to forms and a source-or-destination pair for --namespace and --port", () => {
    expect(
      flowFiltersOfObserveFlags([
        { name: "from-namespace", value: "shop" },
        { name: "to-identity", value: "world" },
        { name: "to-port", value: "443" },
      ]),
    ).toEqual([{ source_pod: ["shop/"], destination_identity: [2], destination_port: ["443"] }]);
    expect(
      flowFiltersOfObserveFlags([
        { name: "namespace", value: "shop" },
        { name: "to-identity", value: "world" },
        { name: "port", value: "443" },
      ]),
    ).toEqual([
      { source_pod: ["shop/"], destination_identity: [2], source_port: ["443"] },
      { destination_pod: ["shop/"], destination_identity: [2], destination_port: ["443"] },
    ]);
  });

  it("puts the namespace in front of a pod name of its side", () => {
    expect(
      flowFiltersOfObserveFlags([
        { name: "from-pod", value: "web-" },
        { name: "from-namespace", value: "shop" },
        { name: "to-pod", value: "database/postgres-0" },
      ]),
    ).toEqual([{ source_pod: ["shop/web-"], destination_pod: ["database/postgres-0"] }]);
  });

  it("refuses what the CLI refuses, in its words", () => {
    expect(() =>
      flowFiltersOfObserveFlags([
        { name: "namespace", value: "shop" },
        { name: "to-namespace", value: "database" },
      ]),
    ).toThrow("filters --to-namespace and --namespace cannot be combined");
    expect(() =>
      flowFiltersOfObserveFlags([
        { name: "from-pod", value: "other/web-0" },
        { name: "from-namespace", value: "shop" },
      ]),
    ).toThrow('namespace conflict: "shop" does not contain "other/web-0"');
    expect(() => flowFiltersOfObserveFlags([{ name: "to-identity", value: "planet" }])).toThrow(
      /invalid security identity "planet"/,
    );
    expect(() => flowFiltersOfObserveFlags([{ name: "verdict", value: "dropped" }])).toThrow(
      "invalid --verdict value: dropped",
    );
  });
});
