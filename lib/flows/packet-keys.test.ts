import { describe, expect, it } from "vitest";
import type { Flow } from "./flow";
import {
  AddressNumbers,
  conversationKey as writeConversationKey,
  MAX_NUMBERED_ADDRESSES,
  packetKey as writePacketKey,
} from "./packet-keys";
import { keyWords } from "./recent-keys";
import { RepeatedEvents } from "./repeated-events";
import { testFlow, testPeer } from "./testing/test-flow";

/** The words a key function wrote, as text to compare; null when it wrote none. */
function packetKey(flow: Flow, addresses: AddressNumbers): string | null {
  const key = keyWords();
  return writePacketKey(flow, addresses, key) ? key.join(",") : null;
}

function conversationKey(flow: Flow, addresses: AddressNumbers, reversed: boolean): string | null {
  const key = keyWords();
  return writeConversationKey(flow, addresses, reversed, key) ? key.join(",") : null;
}

const base = testFlow({ sourcePort: 40_000, destinationPort: 5432, tcpFlags: ["SYN"] });

describe("packet and connection keys", () => {
  it("differ in every field a packet is told apart by, and only in those", () => {
    const addresses = new AddressNumbers();
    const key = (flow: Flow) => packetKey(flow, addresses);
    const variants: Partial<Flow>[] = [
      { protocol: "UDP" },
      { protocol: null },
      { sourcePort: 40_001 },
      { destinationPort: null },
      { destinationPort: 65_535 },
      { tcpFlags: ["SYN", "ACK"] },
      { verdict: "DROPPED" },
      { l7: { type: "REQUEST", dns: null, http: null } },
      { source: testPeer({ ip: "10.244.0.11" }) },
      { destination: testPeer({ ip: "10.244.0.10" }) },
    ];
    const keys = new Set([key(base), ...variants.map((v) => key({ ...base, ...v }))]);
    expect(keys.size).toBe(variants.length + 1);
    expect(key({ ...base, time: base.time + 5, node: "other", eventType: "drop" })).toBe(key(base));
    expect(key({ ...base, source: testPeer({ ip: null }) })).toBeNull();
  });

  it("name a connection the same from its request and, reversed, from its reply", () => {
    const addresses = new AddressNumbers();
    const reply = {
      ...base,
      source: base.destination,
      destination: base.source,
      sourcePort: 5432,
      destinationPort: 40_000,
    };
    expect(conversationKey(reply, addresses, true)).toBe(conversationKey(base, addresses, false));
    expect(conversationKey(reply, addresses, false)).not.toBe(conversationKey(base, addresses, false));
    expect(conversationKey({ ...base, sourcePort: null }, addresses, false)).toBeNull();
  });

  it("start the numbering and the map over once too many addresses were seen", () => {
    const events = new RepeatedEvents();
    const first = testFlow({ source: testPeer({ ip: "10.0.0.1" }) });
    expect(events.isRepeat(first)).toBe(false);
    expect(events.isRepeat({ ...first, node: "b" })).toBe(true);
    for (let i = 0; i < MAX_NUMBERED_ADDRESSES; i++) {
      events.isRepeat(
        testFlow({ source: testPeer({ ip: `fd00::${i.toString(16)}` }), time: first.time + 10_000 }),
      );
    }
    // Forgotten with the numbering, not mistaken for another address's packet.
    expect(events.isRepeat({ ...first, node: "c" })).toBe(false);
  });
});
