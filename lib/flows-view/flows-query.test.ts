import { describe, expect, it } from "vitest";
import { hubbleFixture, hubbleFixtures } from "@/lib/hubble/fixtures";
import { flowSelected } from "@/lib/hubble/flow-filter-match";
import { OBSERVE_FLAG_NAMES, type ObserveFlag } from "@/lib/hubble/flow-filters";
import { observeCommand } from "@/lib/hubble/observe-command";
import {
  DEFAULT_FLOWS_LAST,
  flowsSearchOfFlags,
  observeRangeOf,
  observeSinceOf,
  parseFlowsSearchParams,
  withFlag,
  withoutFlag,
  type FlowsQuery,
} from "./flows-query";

function parse(search: string): FlowsQuery {
  const parsed = parseFlowsSearchParams(new URLSearchParams(search));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function error(search: string): string {
  const parsed = parseFlowsSearchParams(new URLSearchParams(search));
  if (parsed.ok) throw new Error(`"${search}" was accepted`);
  return parsed.error;
}

function selectedUuids(search: string): string[] {
  const { whitelist, blacklist } = parse(search).selection;
  return hubbleFixtures()
    .filter((flow) => flowSelected(flow, whitelist, blacklist))
    .map((flow) => flow.uuid!.slice(0, 8));
}

// One valid value per flag, and the FlowFilter each puts on both sides (or on each side).
const EVERY_FLAG: Record<(typeof OBSERVE_FLAG_NAMES)[number], [string, unknown[]]> = {
  namespace: ["shop", [{ source_pod: ["shop/"] }, { destination_pod: ["shop/"] }]],
  "from-namespace": ["shop", [{ source_pod: ["shop/"] }]],
  "to-namespace": ["shop", [{ destination_pod: ["shop/"] }]],
  pod: ["shop/web", [{ source_pod: ["shop/web"] }, { destination_pod: ["shop/web"] }]],
  "from-pod": ["shop/web", [{ source_pod: ["shop/web"] }]],
  "to-pod": ["shop/web", [{ destination_pod: ["shop/web"] }]],
  label: ["k8s:app=web", [{ source_label: ["k8s:app=web"] }, { destination_label: ["k8s:app=web"] }]],
  "from-label": ["app=web", [{ source_label: ["app=web"] }]],
  "to-label": ["app=web", [{ destination_label: ["app=web"] }]],
  identity: ["world", [{ source_identity: [2] }, { destination_identity: [2] }]],
  "from-identity": ["30551", [{ source_identity: [30551] }]],
  "to-identity": ["kube-apiserver", [{ destination_identity: [7] }]],
  ip: ["10.0.0.0/8", [{ source_ip: ["10.0.0.0/8"] }, { destination_ip: ["10.0.0.0/8"] }]],
  "from-ip": ["10.244.0.31", [{ source_ip: ["10.244.0.31"] }]],
  "to-ip": ["10.244.1.23", [{ destination_ip: ["10.244.1.23"] }]],
  fqdn: ["*.github.com", [{ source_fqdn: ["*.github.com"] }, { destination_fqdn: ["*.github.com"] }]],
  "from-fqdn": ["api.github.com", [{ source_fqdn: ["api.github.com"] }]],
  "to-fqdn": ["api.github.com", [{ destination_fqdn: ["api.github.com"] }]],
  port: ["5432", [{ source_port: ["5432"] }, { destination_port: ["5432"] }]],
  "from-port": ["5432", [{ source_port: ["5432"] }]],
  "to-port": ["5432", [{ destination_port: ["5432"] }]],
  protocol: ["tcp", [{ protocol: ["tcp"] }]],
  verdict: ["DROPPED", [{ verdict: ["DROPPED"] }]],
  "drop-reason-desc": ["POLICY_DENIED", [{ drop_reason_desc: ["POLICY_DENIED"] }]],
  "traffic-direction": ["egress", [{ traffic_direction: ["EGRESS"] }]],
  type: ["l7", [{ event_type: [{ type: 129 }] }]],
  "http-status": ["5+", [{ http_status_code: ["5+"] }]],
  "http-method": ["GET", [{ http_method: ["GET"] }]],
  "http-path": ["^/api/", [{ http_path: ["^/api/"] }]],
  "node-name": ["homelab-worker-*", [{ node_name: ["homelab-worker-*"] }]],
};

describe("parseFlowsSearchParams", () => {
  it("reads every filter flag into the FlowFilters hubble observe sends", () => {
    for (const name of OBSERVE_FLAG_NAMES) {
      const [value, whitelist] = EVERY_FLAG[name];
      const query = parse(new URLSearchParams([[name, value]]).toString());
      expect(query.flags, name).toEqual([{ name, value }]);
      expect(query.selection, name).toEqual({ whitelist, blacklist: [] });
    }
  });

  it("reads the issue's example as the command it stands for", () => {
    const query = parse("from-namespace=mealie&to-port=5432&verdict=DROPPED");
    expect(query.selection.whitelist).toEqual([
      { source_pod: ["mealie/"], destination_port: ["5432"], verdict: ["DROPPED"] },
    ]);
    expect(observeCommand(query.flags, observeRangeOf(query))).toBe(
      `hubble observe --from-namespace mealie --to-port 5432 --verdict DROPPED --last ${DEFAULT_FLOWS_LAST}`,
    );
  });

  it("puts the flag after a bare `not` into the blacklist, as --not does", () => {
    const query = parse("verdict=DROPPED&not&to-namespace=kube-system&not=&from-port=53");
    expect(query.flags).toEqual([
      { name: "verdict", value: "DROPPED" },
      { name: "to-namespace", value: "kube-system", not: true },
      { name: "from-port", value: "53", not: true },
    ]);
    expect(query.selection).toEqual({
      whitelist: [{ verdict: ["DROPPED"] }],
      blacklist: [{ destination_pod: ["kube-system/"], source_port: ["53"] }],
    });
    expect(observeCommand([], { last: 50, since: "15m" })).toBe("hubble observe --last 50 --since 15m");
    expect(observeCommand(query.flags, { last: 50 })).toBe(
      "hubble observe --verdict DROPPED --not --to-namespace kube-system --not --from-port 53 --last 50",
    );
  });

  it("selects the flows the relay would: negation leaves the matching flows out", () => {
    const all = selectedUuids("");
    expect(all).toHaveLength(hubbleFixtures().length);
    const dropped = selectedUuids("verdict=DROPPED");
    const notDropped = selectedUuids("not&verdict=DROPPED");
    expect(dropped.length).toBeGreaterThan(0);
    expect(notDropped.length).toBeGreaterThan(0);
    expect([...dropped, ...notDropped].sort()).toEqual([...all].sort());
    const denied = hubbleFixtures().filter((flow) => flow.drop_reason_desc === "POLICY_DENIED");
    expect(denied.length).toBeGreaterThan(0);
    expect(selectedUuids("drop-reason-desc=POLICY_DENIED")).toEqual(
      denied.map((flow) => flow.uuid!.slice(0, 8)),
    );
    expect(selectedUuids("type=l7&http-method=GET")).toEqual([
      hubbleFixture("httpRequest").uuid!.slice(0, 8),
    ]);
  });

  it("writes --since as the CLI reads it: a Go duration, or an RFC 3339 time in UTC", () => {
    expect(observeRangeOf(parse("since=1h30m&last=20"))).toEqual({ last: 20, since: "90m" });
    expect(observeSinceOf(parse("since=2025-05-14T11:12:05.731%2B02:00").since!)).toBe(
      "2025-05-14T09:12:05.731Z",
    );
    expect(observeRangeOf(parse("verdict=DROPPED"))).toEqual({ last: DEFAULT_FLOWS_LAST });
  });

  it("reads --last and --since, a duration or an RFC 3339 time", () => {
    expect(parse("").last).toBe(DEFAULT_FLOWS_LAST);
    expect(parse("last=20&since=5m")).toMatchObject({ last: 20, since: { ago: 300_000 } });
    expect(parse("since=2025-05-14T09:12:05.731123456Z").since).toEqual({
      at: Date.UTC(2025, 4, 14, 9, 12, 5, 731),
    });
  });

  it("refuses what the CLI refuses, in one line naming the flag", () => {
    expect(error("colour=red")).toMatch(/^unknown flag --colour; filters are --namespace, /);
    expect(error("verdict=MAYBE")).toBe("invalid --verdict value: MAYBE");
    expect(error("to-port=70000")).toMatch(/port "70000" is not a number between 1 and 65535/);
    expect(error("from-identity=martians")).toMatch(/invalid security identity "martians"/);
    expect(error("traffic-direction=sideways")).toMatch(/invalid traffic direction/);
    expect(error("drop-reason-desc=BAD_LUCK")).toBe("invalid --drop-reason-desc value: BAD_LUCK");
    expect(error("drop-reason-desc=")).toBe("empty --drop-reason-desc value");
    expect(error("http-status=600")).toMatch(/invalid --http-status value: 600/);
    expect(error("type=gossip")).toMatch(/invalid --type value: gossip/);
    expect(error("namespace=a&to-namespace=b")).toBe(
      "filters --to-namespace and --namespace cannot be combined",
    );
    expect(error("from-ip=10.0.0.0/33")).toMatch(/invalid source_ip filter/);
    expect(error("http-path=(unclosed")).toMatch(/invalid http_path filter/);
    expect(error("last=0")).toMatch(/--last: "0" must be a whole number from 1 to 2000/);
    expect(error("last=5000")).toMatch(/--last/);
    expect(error("since=yesterday")).toMatch(/--since: "yesterday" must be a duration/);
  });

  it("refuses a `not` that negates nothing", () => {
    expect(error("not&not&verdict=DROPPED")).toBe("consecutive --not statements");
    expect(error("verdict=DROPPED&not")).toBe("--not must be followed by a filter flag");
    expect(error("not&last=5")).toBe("--not must be followed by a filter flag, not --last");
  });

  it("checks conflicts within the blacklist on its own, as the CLI does", () => {
    expect(parse("namespace=a&not&to-namespace=b").selection.blacklist).toEqual([
      { destination_pod: ["b/"] },
    ]);
  });
});

describe("flowsSearchOfFlags", () => {
  it("writes the flags back in order, and parses to the same flags", () => {
    const flags: ObserveFlag[] = [
      { name: "from-namespace", value: "mealie" },
      { name: "to-label", value: "k8s:app.kubernetes.io/name=postgres", not: true },
      { name: "http-path", value: "^/a b&c" },
      { name: "verdict", value: "DROPPED" },
    ];
    const search = flowsSearchOfFlags(flags);
    expect(search).toBe(
      "from-namespace=mealie&not&to-label=k8s%3Aapp.kubernetes.io%2Fname%3Dpostgres&http-path=%5E%2Fa%20b%26c&verdict=DROPPED",
    );
    const parsed = parseFlowsSearchParams(new URLSearchParams(search));
    expect(parsed.ok && parsed.value.flags).toEqual(flags);
  });
});

describe("withFlag / withoutFlag", () => {
  const base: ObserveFlag[] = [{ name: "from-namespace", value: "mealie" }];

  it("adds a flag once and removes it again", () => {
    const added = withFlag(base, { name: "to-port", value: "5432" });
    expect(added).toEqual([...base, { name: "to-port", value: "5432" }]);
    expect(withFlag(added, { name: "to-port", value: "5432" })).toEqual(added);
    expect(withoutFlag(added, { name: "to-port", value: "5432" })).toEqual(base);
  });

  it("refuses a combination the CLI refuses", () => {
    expect(() => withFlag(base, { name: "from-ip", value: "10.0.0.1" })).toThrow(
      "filters --from-ip and --from-namespace cannot be combined",
    );
  });
});
