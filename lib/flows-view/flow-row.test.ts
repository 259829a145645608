import { describe, expect, it } from "vitest";
import { hubbleFixture, hubbleFixtures } from "@/lib/hubble/fixtures";
import { flowSelected } from "@/lib/hubble/flow-filter-match";
import { flowSelectionOfObserveFlags } from "@/lib/hubble/flow-filters";
import { flowJsonFromObserveOutput } from "@/lib/hubble/observe-json";
import { flowFacets } from "./flow-facets";
import { flowJsonLines, flowRow } from "./flow-row";

describe("flowRow", () => {
  it("shows a policy-denied drop as hubble reports it", () => {
    const flow = hubbleFixture("policyDeniedIngress");
    const row = flowRow({ flow, node_name: "relay-node" });
    expect(row).toMatchObject({
      key: `${flow.uuid}@${flow.time}`,
      time: flow.time,
      verdict: "DROPPED",
      dropReason: flow.drop_reason_desc,
      direction: "ingress",
      port: `${flow.l4?.TCP?.destination_port}/TCP`,
      policy: "ingress denied by database/postgres-ingress",
    });
    expect(row.source).toBe(`${flow.source?.namespace}/${flow.source?.pod_name}`);
  });

  it("summarises layer 7 and names reserved peers", () => {
    expect(flowRow({ flow: hubbleFixture("httpRequest"), node_name: "" }).l7).toBe(
      "HTTP GET http://shop.homelab.example/cart",
    );
    expect(flowRow({ flow: hubbleFixture("dnsResponse"), node_name: "" }).l7).toMatch(/^DNS answer \S+/);
    const world = flowRow({ flow: hubbleFixture("worldEgressDropped"), node_name: "" });
    expect(world.destination).toMatch(/world/);
  });

  it("keeps two flows with one uuid apart by their time", () => {
    const flow = hubbleFixture("policyDeniedIngress");
    const later = { ...flow, time: "2030-01-01T00:00:01.000000000Z" };
    expect(flowRow({ flow, node_name: "" }).key).not.toBe(flowRow({ flow: later, node_name: "" }).key);
  });
});

describe("flowFacets", () => {
  it("offers for each value a filter that selects the flow itself", () => {
    for (const flow of hubbleFixtures()) {
      const facets = flowFacets(flow, flow.node_name ?? "");
      const filterable = facets.filter((facet) => facet.flag !== null);
      expect(filterable.length).toBeGreaterThan(5);
      for (const facet of filterable) {
        const { whitelist, blacklist } = flowSelectionOfObserveFlags([facet.flag!]);
        expect(flowSelected(flow, whitelist, blacklist), `${facet.field} ${facet.value}`).toBe(true);
        const negated = flowSelectionOfObserveFlags([{ ...facet.flag!, not: true }]);
        expect(flowSelected(flow, negated.whitelist, negated.blacklist), `not ${facet.field}`).toBe(false);
      }
    }
  });

  it("names the side of each peer value in the CLI's from-/to- flags", () => {
    const flow = hubbleFixture("tcpSynForwarded");
    const flags = flowFacets(flow, "").flatMap((facet) => (facet.flag ? [facet.flag] : []));
    expect(flags).toContainEqual({ name: "from-namespace", value: flow.source!.namespace });
    expect(flags).toContainEqual({ name: "to-port", value: String(flow.l4!.TCP!.destination_port) });
    expect(flags).toContainEqual({ name: "verdict", value: "FORWARDED" });
  });
});

describe("flowJsonLines", () => {
  it("writes `hubble observe -o json` lines that read back as the same flows", () => {
    const entries = hubbleFixtures().map((flow) => ({ flow, node_name: flow.node_name ?? "relay" }));
    const lines = flowJsonLines(entries).trimEnd().split("\n");
    expect(lines).toHaveLength(entries.length);
    const parsed = lines.map(
      (line) => JSON.parse(line) as { flow: unknown; node_name: string; time: string },
    );
    expect(parsed.map((line) => flowJsonFromObserveOutput(line))).toEqual(entries.map((entry) => entry.flow));
    expect(parsed[0]).toMatchObject({ node_name: entries[0]!.node_name, time: entries[0]!.flow.time });
  });
});
