import { describe, expect, it } from "vitest";
import type { Flow } from "./flow";
import { flowRole, ReplyInference, roleFromFlags, roleFromPorts } from "./reply-inference";
import { testFlow, testPeer } from "./testing/test-flow";

const client = testPeer({ ip: "10.0.0.1" });
const server = testPeer({ namespace: "db", ip: "10.0.0.2" });

function packet(overrides: Partial<Flow>): Flow {
  return testFlow({ isReply: null, source: client, destination: server, tcpFlags: [], ...overrides });
}

describe("reply inference", () => {
  it("reads the handshake: SYN opens, SYN-ACK answers", () => {
    expect(roleFromFlags(packet({ tcpFlags: ["SYN"] }))).toBe("request");
    expect(roleFromFlags(packet({ tcpFlags: ["SYN", "ACK"] }))).toBe("reply");
    expect(roleFromFlags(packet({ tcpFlags: ["ACK"] }))).toBe("unknown");
    expect(roleFromFlags(packet({ protocol: "UDP", tcpFlags: ["SYN"] }))).toBe("unknown");
  });

  it("reads the ports: the side with the service port answers", () => {
    expect(roleFromPorts(packet({ sourcePort: 5432, destinationPort: 41000 }))).toBe("reply");
    expect(roleFromPorts(packet({ sourcePort: 41000, destinationPort: 5432 }))).toBe("request");
    expect(roleFromPorts(packet({ sourcePort: 53, destinationPort: 5353 }))).toBe("reply");
    expect(roleFromPorts(packet({ sourcePort: 40000, destinationPort: 50000 }))).toBe("unknown");
    expect(roleFromPorts(packet({ sourcePort: 8080, destinationPort: 9090 }))).toBe("unknown");
    expect(roleFromPorts(packet({ protocol: "ICMPv4", sourcePort: null, destinationPort: null }))).toBe(
      "unknown",
    );
  });

  it("recognises an ACK toward the ephemeral port a peer opened from, by the conversation", () => {
    const inference = new ReplyInference(8);
    inference.classify(
      packet({ isReply: false, sourcePort: 45000, destinationPort: 40100, tcpFlags: ["PSH", "ACK"] }),
    );
    const back = packet({
      source: server,
      destination: client,
      sourcePort: 40100,
      destinationPort: 45000,
      tcpFlags: ["ACK"],
    });
    expect(inference.classify(back)).toBe("reply");
    expect(back).toMatchObject({ isReply: true, replyInferred: true });
    // The same packet with nothing seen before: unknown, left as the relay sent it.
    const alone = packet({ source: server, destination: client, sourcePort: 40100, destinationPort: 45000 });
    expect(new ReplyInference(8).classify(alone)).toBe("unknown");
    expect(alone.isReply).toBeNull();
    expect(alone.replyInferred).toBeUndefined();
  });

  it("never overrides what the relay reported", () => {
    const reported = packet({ isReply: false, sourcePort: 5432, destinationPort: 41000 });
    expect(new ReplyInference().classify(reported)).toBe("request");
    expect(flowRole(reported)).toBe("request");
    expect(reported.replyInferred).toBeUndefined();
  });

  it("keeps a bounded number of conversations, forgetting the oldest", () => {
    const inference = new ReplyInference(3);
    for (let port = 40000; port < 40010; port++)
      inference.classify(packet({ isReply: false, sourcePort: port, destinationPort: 50000 }));
    expect(inference.size).toBeGreaterThan(0);
    expect(inference.size).toBeLessThanOrEqual(3);
    const oldReply = packet({
      source: server,
      destination: client,
      sourcePort: 50000,
      destinationPort: 40000,
    });
    expect(inference.classify(oldReply)).toBe("unknown");
    const recentReply = packet({
      source: server,
      destination: client,
      sourcePort: 50000,
      destinationPort: 40009,
    });
    expect(inference.classify(recentReply)).toBe("reply");
  });
});
