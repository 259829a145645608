import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowsEntry } from "@/lib/flows-view/flow-row";
import { parseFlowsSearchParams, type FlowsQuery } from "@/lib/flows-view/flows-query";
import type { FlowFilterJson } from "@/lib/hubble/flow-filter";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { startDemoRelay, type DemoRelay } from "@/server/demo/relay";
import { homelabObjects } from "@/server/demo/scenario/homelab-objects";
import { createTrafficGenerator } from "@/server/demo/scenario/traffic";
import { createObserverClient, type ObserverClient } from "./hubble/client";
import { BUFFER_START_TTL_MS, MAX_CONCURRENT_FLOW_QUERIES, queryFlows } from "./flows-service";

// The flows view's endpoint against the demo relay, seeded with ten minutes of the demo's traffic:
// it returns what the relay answers to the same filters, and the relay sends only those flows.

const NOW = Date.UTC(2025, 8, 20, 12, 0, 0);
let relay: DemoRelay;
let client: ObserverClient;
let published: HubbleFlowJson[];

beforeAll(async () => {
  relay = await startDemoRelay({ clock: () => NOW, capacity: 16_384 });
  published = createTrafficGenerator(homelabObjects(NOW), { now: () => NOW }).backfill(
    NOW - 10 * 60_000,
    NOW,
  );
  for (const flow of published) relay.publish(flow);
  client = createObserverClient({ address: relay.address, tls: null });
});

afterAll(async () => {
  client.close();
  await relay.stop();
});

function query(search: string): FlowsQuery {
  const parsed = parseFlowsSearchParams(new URLSearchParams(search));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/** Every flow the relay sends for these filters, asked directly (`hubble observe --all` with them). */
function relayAnswer(whitelist: FlowFilterJson[], blacklist: FlowFilterJson[]): Promise<HubbleFlowJson[]> {
  return new Promise((resolve, reject) => {
    const flows: HubbleFlowJson[] = [];
    client.getFlows(
      { number: Number.MAX_SAFE_INTEGER, whitelist, blacklist },
      { onFlow: (flow) => flows.push(flow), onEnd: () => resolve(flows), onError: reject },
    );
  });
}

const uuids = (entries: readonly FlowsEntry[]) => entries.map((entry) => entry.flow.uuid);

describe("queryFlows against the demo relay", () => {
  it("returns the relay's answer to the same filters, the newest --last of them", async () => {
    const q = query("from-namespace=mealie&to-port=5432&verdict=DROPPED&last=2000");
    const result = await queryFlows(client, q, NOW);
    if (!result.ok) throw new Error(result.error);
    const expected = await relayAnswer(q.selection.whitelist, q.selection.blacklist);
    expect(expected.length).toBeGreaterThan(0);
    expect(uuids(result.value.flows)).toEqual(expected.map((flow) => flow.uuid));
    expect(result.value.flows.every(({ flow }) => flow.source?.namespace === "mealie")).toBe(true);
    expect(result.value.command).toBe(
      "hubble observe --from-namespace mealie --to-port 5432 --verdict DROPPED --last 2000",
    );
    expect(result.value.truncated).toBe(false);

    const newest = await queryFlows(client, query("from-namespace=mealie&last=3"), NOW);
    const all = await relayAnswer(query("from-namespace=mealie").selection.whitelist, []);
    expect(newest.ok && uuids(newest.value.flows)).toEqual(all.slice(-3).map((flow) => flow.uuid));
    expect(newest.ok && newest.value.truncated).toBe(true);
  });

  it("leaves out what `not` names, as the relay's blacklist does", async () => {
    const q = query("verdict=DROPPED&not&to-namespace=kube-system&last=2000");
    const result = await queryFlows(client, q, NOW);
    if (!result.ok) throw new Error(result.error);
    const expected = await relayAnswer(q.selection.whitelist, q.selection.blacklist);
    expect(uuids(result.value.flows)).toEqual(expected.map((flow) => flow.uuid));
    expect(result.value.flows.some(({ flow }) => flow.destination?.namespace === "kube-system")).toBe(false);
    expect(result.value.flows.length).toBeGreaterThan(0);
  });

  it("sends --drop-reason-desc to the relay as FlowFilter field 33, which it applies", async () => {
    const q = query("drop-reason-desc=POLICY_DENIED&last=2000");
    const result = await queryFlows(client, q, NOW);
    if (!result.ok) throw new Error(result.error);
    const denied = published.filter((flow) => flow.drop_reason_desc === "POLICY_DENIED").slice(-2000);
    expect(denied.length).toBeGreaterThan(0);
    expect(uuids(result.value.flows)).toEqual(denied.map((flow) => flow.uuid));
    expect(result.value.relayFlows).toBe(denied.length);
  });

  it("resumes from a time: only flows since then", async () => {
    const since = new Date(NOW - 60_000).toISOString();
    const result = await queryFlows(client, query(`since=${since}&last=2000`), NOW);
    if (!result.ok) throw new Error(result.error);
    expect(result.value.flows.length).toBeGreaterThan(0);
    expect(result.value.flows.every(({ flow }) => Date.parse(flow.time) >= NOW - 60_000)).toBe(true);
    // The command asks for the same flows: --since the same time, in RFC 3339 as the CLI reads it.
    expect(result.value.command).toBe(`hubble observe --last 2000 --since ${since.replace(".000Z", "Z")}`);
    const windowed = await queryFlows(client, query("from-namespace=mealie&since=15m"), NOW);
    expect(windowed.ok && windowed.value.command).toBe(
      "hubble observe --from-namespace mealie --last 200 --since 15m",
    );
    const expected = published.filter((flow) => Date.parse(flow.time) >= NOW - 60_000).slice(-2000);
    expect(uuids(result.value.flows)).toEqual(expected.map((flow) => flow.uuid));
  });

  it("says from when the relay's ring still holds flows when asked since an earlier time", async () => {
    const small = await startDemoRelay({ clock: () => NOW, capacity: 100 });
    const smallClient = createObserverClient({ address: small.address, tls: null });
    try {
      for (const flow of published) small.publish(flow);
      const held = published.slice(-100);
      const asked = new Date(NOW - 10 * 60_000).toISOString();
      const result = await queryFlows(smallClient, query(`since=${asked}&last=2000`), NOW);
      if (!result.ok) throw new Error(result.error);
      expect(uuids(result.value.flows)).toEqual(held.map((flow) => flow.uuid));
      expect(Date.parse(result.value.bufferFrom ?? "")).toBe(Math.floor(Date.parse(held[0]!.time)));
      // Asked from within what the ring holds: nothing to say.
      const within = await queryFlows(smallClient, query(`since=${held[50]!.time}&last=2000`), NOW);
      expect(within.ok && within.value.bufferFrom).toBeNull();
    } finally {
      smallClient.close();
      await small.stop();
    }
  });

  it("asks the relay for its buffer start at most once per client within BUFFER_START_TTL_MS", async () => {
    const small = await startDemoRelay({ clock: () => NOW, capacity: 100 });
    const smallClient = createObserverClient({ address: small.address, tls: null });
    try {
      for (const flow of published) small.publish(flow);
      const oldest = Math.floor(Date.parse(published.at(-100)!.time));
      const asked = query(`since=${new Date(NOW - 10 * 60_000).toISOString()}&last=10`);
      const calls = () => small.stats().getFlowsCalls;
      const first = await queryFlows(smallClient, asked, NOW);
      expect(calls()).toBe(2);
      const second = await queryFlows(smallClient, asked, NOW + BUFFER_START_TTL_MS - 1);
      expect(calls()).toBe(3);
      for (const answer of [first, second]) {
        expect(answer.ok && answer.value.truncated).toBe(true);
        expect(answer.ok && Date.parse(answer.value.bufferFrom ?? "")).toBe(oldest);
      }
      await queryFlows(smallClient, asked, NOW + BUFFER_START_TTL_MS);
      expect(calls()).toBe(5);
    } finally {
      smallClient.close();
      await small.stop();
    }
  });

  it("has the relay send only the flows shown: the filtered view costs a fraction of the unfiltered", async () => {
    const filtered = await queryFlows(
      client,
      query("from-namespace=mealie&to-port=5432&verdict=DROPPED&last=2000"),
      NOW,
    );
    const unfiltered = await queryFlows(client, query("last=2000"), NOW);
    if (!filtered.ok || !unfiltered.ok) throw new Error("query failed");
    // Every flow the relay sent for the filtered view is one the view shows.
    expect(filtered.value.relayFlows).toBe(filtered.value.flows.length);
    expect(unfiltered.value.relayFlows).toBe(2001);
    const reduction = unfiltered.value.relayFlows / filtered.value.relayFlows;
    console.info(
      `flows view: relay sent ${filtered.value.relayFlows} flows for the filtered view, ` +
        `${unfiltered.value.relayFlows} unfiltered (${reduction.toFixed(0)}× fewer; ${published.length} flows in the ring)`,
    );
    expect(reduction).toBeGreaterThan(10);
  });

  it("refuses more concurrent streams than its cap, then serves again", async () => {
    const q = query("last=2000");
    const results = await Promise.all(
      Array.from({ length: MAX_CONCURRENT_FLOW_QUERIES + 2 }, () => queryFlows(client, q, NOW)),
    );
    const refused = results.filter((result) => !result.ok);
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatchObject({ status: 503, error: expect.stringMatching(/too many flow queries/) });
    expect((await queryFlows(client, q, NOW)).ok).toBe(true);
  });

  it("reports a relay that cannot be reached as a 502 naming it", async () => {
    const unreachable = createObserverClient({ address: "127.0.0.1:1", tls: null });
    try {
      const result = await queryFlows(unreachable, query(""), NOW);
      expect(result).toMatchObject({ ok: false, status: 502, error: expect.stringContaining("127.0.0.1:1") });
    } finally {
      unreachable.close();
    }
  });
});
