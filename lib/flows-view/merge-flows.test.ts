import { describe, expect, it } from "vitest";
import { hubbleFixtures } from "@/lib/hubble/fixtures";
import type { FlowsEntry } from "./flow-row";
import { mergeFlowEntries, resumeTime } from "./merge-flows";

const entries: FlowsEntry[] = hubbleFixtures().map((flow) => ({ flow, node_name: flow.node_name ?? "" }));
const uuids = (list: readonly FlowsEntry[]) => list.map((entry) => entry.flow.uuid);

describe("mergeFlowEntries", () => {
  it("drops the flows a poll from the newest held time sends again", () => {
    const held = entries.slice(0, 4);
    const merged = mergeFlowEntries(held, entries.slice(3), 100);
    expect(uuids(merged)).toEqual(uuids(entries));
  });

  it("keeps the newest `last`, oldest first", () => {
    expect(uuids(mergeFlowEntries(entries.slice(0, 2), entries.slice(2), 3))).toEqual(
      uuids(entries.slice(-3)),
    );
  });

  it("orders a late flow of another node by its time", () => {
    const [a, b, c] = entries;
    expect(uuids(mergeFlowEntries([a!, c!], [b!], 10))).toEqual(uuids([a!, b!, c!]));
  });
});

describe("resumeTime", () => {
  it("is the newest held flow's time", () => {
    expect(resumeTime([])).toBeNull();
    expect(resumeTime(entries)).toBe(entries[entries.length - 1]!.flow.time);
  });
});
