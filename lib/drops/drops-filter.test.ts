import { describe, expect, it } from "vitest";
import { testFlow, testPeer } from "@/lib/flows/testing/test-flow";
import { dropsFilterSearch, dropsFilterSelects, dropsFilterText, NO_DROPS_FILTER } from "./drops-filter";

const egress = testFlow({
  verdict: "DROPPED",
  source: testPeer({ namespace: "mealie" }),
  destination: testPeer({ namespace: "database" }),
  sourcePort: 40312,
  destinationPort: 5432,
});
const reply = testFlow({
  verdict: "DROPPED",
  isReply: true,
  source: testPeer({ namespace: "database" }),
  destination: testPeer({ namespace: "mealie" }),
  sourcePort: 5432,
  destinationPort: 40312,
});
const elsewhere = testFlow({
  verdict: "DROPPED",
  source: testPeer({ namespace: "batch-jobs" }),
  destination: testPeer({ namespace: "cache" }),
  sourcePort: 40000,
  destinationPort: 6379,
});

const shown = (filter: Parameters<typeof dropsFilterSelects>[0]) =>
  [egress, reply, elsewhere].filter((flow) => dropsFilterSelects(filter, flow));

describe("dropsFilterSelects", () => {
  it("shows every drop without a filter", () => {
    expect(shown(NO_DROPS_FILTER)).toEqual([egress, reply, elsewhere]);
  });

  it("takes a namespace on either side and a port on either side, as --namespace and --port do", () => {
    expect(shown({ namespace: "database", port: null })).toEqual([egress, reply]);
    expect(shown({ namespace: null, port: 6379 })).toEqual([elsewhere]);
    expect(shown({ namespace: null, port: 5432 })).toEqual([egress, reply]);
  });

  it("keeps an egress drop whose port is on the other side, which the CLI's pairing would miss", () => {
    expect(shown({ namespace: "mealie", port: 5432 })).toEqual([egress, reply]);
    expect(shown({ namespace: "mealie", port: 6379 })).toEqual([]);
  });
});

describe("the filter in words and in the address", () => {
  it("names what is shown and writes the parameters the page reads", () => {
    expect(dropsFilterText({ namespace: "mealie", port: 5432 })).toBe("from or to mealie on port 5432");
    expect(dropsFilterText({ namespace: null, port: 53 })).toBe("on port 53");
    expect(dropsFilterSearch({ namespace: "a&b", port: null })).toBe("namespace=a%26b");
    expect(dropsFilterSearch(NO_DROPS_FILTER)).toBe("");
  });
});
