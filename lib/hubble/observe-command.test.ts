import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { testFlow, testPeer } from "@/lib/flows/testing/test-flow";
import { flowSelected } from "./flow-filter-match";
import { flowFiltersOfObserveFlags } from "./flow-filters";
import { flowFromHubbleJson } from "./flow-from-json";
import {
  observeCommand,
  observeFlags,
  observeJsonCommand,
  observePeerOf,
  observeSelectionOfFlow,
  observeSinceOfWindow,
} from "./observe-command";
import { flowJsonFromObserveOutput } from "./observe-json";

const REAL_FLOWS = path.resolve(process.cwd(), "../shared/fixtures/hubble/real-flows.jsonl");

const world = (identity: number, dnsNames: string[] = []) =>
  testPeer({
    namespace: null,
    pod: null,
    workload: null,
    reserved: "world",
    identity,
    ip: "140.82.112.3",
    dnsNames,
  });

const commandOf = (flow: Parameters<typeof observeSelectionOfFlow>[0]) =>
  observeCommand(observeFlags(observeSelectionOfFlow(flow)), { since: "5m" });

describe("observePeerOf", () => {
  it("names a pod by its namespace and a reserved peer by the identity the CLI knows", () => {
    expect(observePeerOf(testPeer({ namespace: "shop" }))).toEqual({ namespace: "shop" });
    expect(observePeerOf(world(2))).toEqual({ identities: ["world"] });
    expect(observePeerOf(world(9))).toEqual({ identities: ["world-ipv4"] });
    expect(observePeerOf(testPeer({ namespace: null, reserved: "remote-node", identity: 6 }))).toEqual({
      identities: ["remote-node"],
    });
  });

  it("falls back to what Hubble can still match when the number says something else", () => {
    // A CIDR identity of the world: only its own number selects it.
    expect(observePeerOf(world(16_777_217))).toEqual({ identities: ["16777217"] });
    // A control-plane host serving the API keeps identity 1 (host) but carries reserved:kube-apiserver.
    expect(observePeerOf(testPeer({ namespace: null, reserved: "kube-apiserver", identity: 1 }))).toEqual({
      label: "reserved:kube-apiserver",
    });
    // Node-local DNS: a world identity that carries a pod is drawn as world, and selected so.
    expect(observePeerOf({ ...world(2), namespace: "kube-system", pod: "node-local-dns-x" })).toEqual({
      identities: ["world"],
    });
    expect(observePeerOf(testPeer({ namespace: null, reserved: null, identity: 0, ip: "10.0.0.9" }))).toEqual(
      {
        ip: "10.0.0.9",
      },
    );
    expect(
      observePeerOf(testPeer({ namespace: null, reserved: "unknown", identity: 0, ip: null })),
    ).toBeNull();
  });
});

describe("commands for a flow", () => {
  it("writes an egress drop to the world in the direction-aware forms", () => {
    const drop = testFlow({
      verdict: "DROPPED",
      source: testPeer({ namespace: "batch-jobs" }),
      destination: world(2),
      destinationPort: 443,
    });
    expect(commandOf(drop)).toBe(
      "hubble observe --from-namespace batch-jobs --to-identity world --to-port 443 --protocol tcp" +
        " --traffic-direction egress --verdict DROPPED --since 5m",
    );
  });

  it("selects a reply by the service port on its source side", () => {
    const reply = testFlow({
      isReply: true,
      source: testPeer({ namespace: "database" }),
      destination: testPeer({ namespace: "shop" }),
      sourcePort: 5432,
      destinationPort: 40312,
      direction: "ingress",
    });
    expect(observeFlags(observeSelectionOfFlow(reply))).toEqual([
      { name: "from-namespace", value: "database" },
      { name: "to-namespace", value: "shop" },
      { name: "from-port", value: "5432" },
      { name: "protocol", value: "tcp" },
      { name: "traffic-direction", value: "ingress" },
      { name: "verdict", value: "FORWARDED" },
    ]);
  });

  it("narrows a world destination to its one name and quotes what is not a plain word", () => {
    const drop = testFlow({
      verdict: "DROPPED",
      destination: world(2, ["x$(reboot).example"]),
      direction: "unknown",
    });
    const command = commandOf(drop);
    expect(command).toContain("--to-identity world --to-fqdn 'x$(reboot).example' --to-port 5432");
    expect(command).not.toContain("--traffic-direction");
  });

  it("prints a jq line that reads the flow under .flow", () => {
    const line = observeJsonCommand([{ name: "verdict", value: "DROPPED" }], { since: "5m" });
    expect(line).toMatch(/^hubble observe --verdict DROPPED --since 5m -o json \| jq -c '\.flow \| select/);
  });
});

/** Go's time.ParseDuration, for the units a window uses: what `hubble observe --since` accepts. */
function goDurationMs(text: string): number | null {
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return null;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };
  let total = 0;
  for (const [, value, , name] of text.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(value) * unit[name!]!;
  }
  return total;
}

describe("--since for a view's window", () => {
  it("is a Go duration of exactly the window", () => {
    for (const windowMs of [60_000, 90_000, 5 * 60_000, 15 * 60_000, 61_500, 90 * 60_000, 3_600_000]) {
      const since = observeSinceOfWindow(windowMs);
      expect(goDurationMs(since), since).toBe(windowMs);
    }
    expect(observeSinceOfWindow(15 * 60_000)).toBe("15m");
  });

  it("prints --last and each --not the CLI reads, in order", () => {
    expect(
      observeCommand(
        [
          { name: "from-namespace", value: "mealie" },
          { name: "verdict", value: "FORWARDED", not: true },
        ],
        { last: 20, since: "1h" },
      ),
    ).toBe("hubble observe --from-namespace mealie --not --verdict FORWARDED --last 20 --since 1h");
    expect(observeCommand([], {})).toBe("hubble observe");
  });
});

describe("the CLI's reading of the commands", () => {
  it("returns nothing for the runbook's --namespace --port form on an egress drop, and the drop for Sieve's", () => {
    const drop = readRealFlows().find(
      (json) =>
        json.verdict === "DROPPED" &&
        json.source?.namespace !== undefined &&
        json.destination?.namespace !== json.source.namespace &&
        json.l4?.TCP !== undefined,
    )!;
    const runbook = flowFiltersOfObserveFlags([
      { name: "namespace", value: drop.source!.namespace! },
      { name: "port", value: String(drop.l4?.TCP?.destination_port) },
    ]);
    // (source in X and source port N) or (destination in X and destination port N): neither.
    expect(flowSelected(drop, runbook, [])).toBe(false);
    const sieve = flowFiltersOfObserveFlags(observeFlags(observeSelectionOfFlow(flowFromHubbleJson(drop))));
    expect(flowSelected(drop, sieve, [])).toBe(true);
  });

  it("selects every real captured flow with the command Sieve prints for it", () => {
    const flows = readRealFlows();
    let checked = 0;
    for (const json of flows) {
      const flow = flowFromHubbleJson(json);
      const filters = flowFiltersOfObserveFlags(observeFlags(observeSelectionOfFlow(flow)));
      expect(flowSelected(json, filters, []), JSON.stringify(json).slice(0, 200)).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });
});

function readRealFlows() {
  return readFileSync(REAL_FLOWS, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line) => {
      try {
        return [flowJsonFromObserveOutput(JSON.parse(line))];
      } catch {
        return [];
      }
    });
}
