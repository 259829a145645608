import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  dropCount,
  eventTypeOfNumber,
  HUBBLE_VERDICT_NAMES,
  tcpFlagsFromBits,
  tcpFlagsFromRecord,
  verdictOfName,
  verdictOfNumber,
} from "./flow";
import { l7Failure } from "./l7-failure";
import { testFlow } from "./testing/test-flow";
import { dropCountText, verdictCountsText } from "./verdict-text";

const proto = readFileSync(
  path.resolve(import.meta.dirname, "../../server/hubble/proto/flow/flow.proto"),
  "utf8",
);

describe("the verdict model", () => {
  it("numbers verdicts as flow.proto does", () => {
    const body = /enum Verdict \{([^}]*)\}/.exec(proto)![1]!;
    const entries = [...body.matchAll(/(\w+) = (\d+);/g)].map(([, name, n]) => [name, Number(n)] as const);
    expect(entries.length).toBe(8);
    for (const [name, number] of entries) {
      expect(HUBBLE_VERDICT_NAMES[number]).toBe(name);
      expect(verdictOfName(name)).toBe(verdictOfNumber(number));
    }
    expect(verdictOfNumber(4)).toBe("AUDIT");
    expect(verdictOfNumber(99)).toBe("UNKNOWN");
    expect(verdictOfName("VERDICT_UNKNOWN")).toBe("UNKNOWN");
    expect(verdictOfName("SOMETHING_NEW")).toBe("UNKNOWN");
  });

  it("counts and words AUDIT with the drops", () => {
    expect(dropCount({ DROPPED: 2, AUDIT: 1, FORWARDED: 9 })).toBe(3);
    expect(dropCountText({ DROPPED: 2, AUDIT: 1 })).toBe("2 dropped, 1 audit (would be dropped)");
    expect(dropCountText({ FORWARDED: 1 })).toBe("");
    expect(verdictCountsText({ TRANSLATED: 1, FORWARDED: 4, REDIRECTED: 2 })).toBe(
      "4 forwarded, 2 redirected to proxy, 1 translated",
    );
  });
});

describe("flow fields", () => {
  it("reads TCP flags in the proto's field order, one shared list per combination", () => {
    expect(tcpFlagsFromRecord({ ACK: true, SYN: true, FIN: false })).toEqual(["SYN", "ACK"]);
    expect(tcpFlagsFromBits(0b10010)).toBe(tcpFlagsFromRecord({ SYN: true, ACK: true }));
    expect(tcpFlagsFromRecord(undefined)).toEqual([]);
  });

  it("names Cilium's monitor event types", () => {
    expect([1, 4, 5, 7, 129, 42, undefined].map(eventTypeOfNumber)).toEqual([
      "drop",
      "trace",
      "policy-verdict",
      "trace-sock",
      "l7",
      "unknown",
      "unknown",
    ]);
  });

  it("reads failures in L7 responses only", () => {
    const http = (code: number, type: "REQUEST" | "RESPONSE" = "RESPONSE") =>
      testFlow({ l7: { type, dns: null, http: { method: "GET", url: "/", code, protocol: "HTTP/1.1" } } });
    expect(l7Failure(http(503))).toEqual({ kind: "http-server-error", text: "HTTP 503" });
    expect(l7Failure(http(404))).toBeNull();
    expect(l7Failure(http(503, "REQUEST"))).toBeNull();
    const dns = testFlow({
      l7: { type: "RESPONSE", http: null, dns: { query: "x.", ips: [], rcode: 3, qtypes: [] } },
    });
    expect(l7Failure(dns)).toEqual({ kind: "dns-error", text: "DNS NXDOMAIN" });
  });
});
