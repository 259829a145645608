import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { computeClusterPosture } from "./cluster-posture";
import {
  DEFAULT_POSTURE_TABLE_STATE,
  parsePostureTableState,
  postureTableRows,
  serializePostureTableState,
  statusOf,
} from "./posture-table";
import { ns } from "@/lib/policy/testing/builders";
import { homelab, NOW } from "./testing/homelab";

const objects = homelab({
  namespaces: [
    ns("scratch"),
    ns("hatch", {
      "network-policy.homelab/profile": "internal",
      "network-policy.homelab/enforcement": "disabled",
    }),
  ],
});
const posture = computeClusterPosture(objects, DEFAULT_CONVENTIONS, NOW);
const rows = (query: string, counts = {}) =>
  postureTableRows(posture.namespaces, counts, parsePostureTableState(new URLSearchParams(query))).map(
    (n) => n.name,
  );

describe("posture table state", () => {
  it("round-trips through the URL and leaves defaults out", () => {
    const state = {
      ...DEFAULT_POSTURE_TABLE_STATE,
      kind: "application" as const,
      access: "postgres",
      sort: "drops" as const,
      descending: true,
    };
    const query = serializePostureTableState(state);
    expect(query).toBe("kind=application&access=postgres&sort=drops&desc=1");
    expect(parsePostureTableState(new URLSearchParams(query))).toEqual(state);
    expect(serializePostureTableState(DEFAULT_POSTURE_TABLE_STATE)).toBe("");
  });

  it("drops values it does not know instead of trusting them", () => {
    const state = parsePostureTableState(
      new URLSearchParams("kind=<script>&profile=a%22b&sort=evil&status=bad"),
    );
    expect(state).toEqual(DEFAULT_POSTURE_TABLE_STATE);
  });
});

describe("postureTableRows", () => {
  it("filters by kind, profile, access label and enforcement", () => {
    const platform = rows("kind=platform");
    expect(platform.length).toBeGreaterThan(0);
    for (const name of platform)
      expect(posture.namespaces.find((n) => n.name === name)!.kind).toBe("platform");
    for (const name of rows("access=postgres")) {
      expect(posture.namespaces.find((n) => n.name === name)!.accessLabels.map((a) => a.name)).toContain(
        "postgres",
      );
    }
    const disabled = rows("enforcement=disabled");
    expect(disabled.length).toBeGreaterThan(0);
    for (const name of disabled)
      expect(posture.namespaces.find((n) => n.name === name)!.enforcement.enabled).toBe(false);
    expect(rows("profile=(none)&kind=application").length).toBeGreaterThan(0);
  });

  it("filters wide-open namespaces (no policy selects them) apart from enforced and disabled ones", () => {
    const open = homelab({ withoutBaselines: true, namespaces: [ns("open")] });
    const all = computeClusterPosture(open, DEFAULT_CONVENTIONS, NOW).namespaces;
    const pick = (query: string) =>
      postureTableRows(all, {}, parsePostureTableState(new URLSearchParams(query))).map((n) => n.name);
    expect(pick("enforcement=unselected")).toContain("open");
    expect(pick("enforcement=enforced")).not.toContain("open");
    expect(pick("enforcement=disabled")).not.toContain("open");
    expect(serializePostureTableState({ ...DEFAULT_POSTURE_TABLE_STATE, enforcement: "unselected" })).toBe(
      "enforcement=unselected",
    );
  });

  it("sorts by status, worst first, and by drops when asked", () => {
    const byStatus = postureTableRows(posture.namespaces, {}, DEFAULT_POSTURE_TABLE_STATE).map(statusOf);
    const rank = { critical: 0, warning: 1, info: 2, ok: 3 };
    expect(byStatus.map((s) => rank[s])).toEqual([...byStatus.map((s) => rank[s])].sort((a, b) => a - b));
    const names = posture.namespaces.map((n) => n.name);
    const counts = { [names[1]!]: { DROPPED: 5 }, [names[2]!]: { DROPPED: 9 } };
    expect(rows("sort=drops", counts).slice(0, 2)).toEqual([names[2], names[1]]);
  });

  it("finds namespaces by part of their name", () => {
    const first = posture.namespaces[0]!.name;
    expect(rows(`q=${first.slice(0, 3)}`)).toContain(first);
    expect(rows("q=zzzz-no-such")).toEqual([]);
  });
});
