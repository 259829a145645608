import { describe, expect, it } from "vitest";
import {
  DEFAULT_GRAPH_VIEW_STATE,
  graphFilterOf,
  MAX_URL_NAMESPACES,
  namespaceGraphPath,
  parseGraphViewState,
  serializeGraphViewState,
  type GraphViewState,
} from "./graph-url-state";
import { DEFAULT_GRAPH_WINDOW_MS } from "./graph-window";

const D = DEFAULT_GRAPH_WINDOW_MS;

describe("graph view state in the URL", () => {
  it("gives the defaults for an empty query, serialized as an empty query", () => {
    expect(parseGraphViewState("", D)).toEqual({ state: DEFAULT_GRAPH_VIEW_STATE, problems: [] });
    expect(serializeGraphViewState(DEFAULT_GRAPH_VIEW_STATE, D)).toBe("");
  });

  it("takes the configured default window when the URL names none, and leaves it out of the URL", () => {
    const fifteen = 15 * 60_000;
    const { state } = parseGraphViewState("ns=mealie", fifteen);
    expect(state.windowMs).toBe(fifteen);
    expect(serializeGraphViewState(state, fifteen)).toBe("ns=mealie");
    // What the page asks the API names the window always, so the API's own default never decides.
    expect(serializeGraphViewState(state, null)).toBe("ns=mealie&window=15m");
    expect(serializeGraphViewState({ ...state, windowMs: D }, fifteen)).toBe("ns=mealie&window=5m");
  });

  it.each<GraphViewState>([
    {
      namespaces: ["database", "paperless"],
      verdicts: ["FORWARDED", "DROPPED"],
      windowMs: 15 * 60_000,
      selected: null,
    },
    {
      namespaces: [],
      verdicts: ["DROPPED"],
      windowMs: 60 * 60_000,
      selected: { kind: "node", id: "ns:paperless" },
    },
    {
      namespaces: ["paperless"],
      verdicts: [],
      windowMs: 90_000,
      selected: { kind: "edge", id: "ns:paperless>ns:database:tcp:5432:egress" },
    },
    {
      namespaces: [],
      verdicts: [],
      windowMs: 60_000,
      selected: { kind: "edge", id: "world>ns:web:any:none:ingress" },
    },
  ])("round-trips %j", (state) => {
    const query = serializeGraphViewState(state, D);
    expect(parseGraphViewState(query, D)).toEqual({ state, problems: [] });
  });

  it("serializes a canonical form: sorted namespaces, verdicts in their usual order", () => {
    const query = serializeGraphViewState(
      {
        namespaces: ["b", "a", "b"],
        verdicts: ["DROPPED", "FORWARDED"],
        windowMs: 60_000,
        selected: null,
      },
      D,
    );
    expect(query).toBe("ns=a%2Cb&verdict=FORWARDED%2CDROPPED&window=1m");
  });

  it("accepts repeated parameters, lower-case verdicts, a leading '?' and Next.js searchParams objects", () => {
    expect(parseGraphViewState("?ns=b&ns=a,c&verdict=dropped", D).state).toMatchObject({
      namespaces: ["a", "b", "c"],
      verdicts: ["DROPPED"],
    });
    expect(parseGraphViewState({ ns: ["x", "y"], window: "30m", edge: undefined }, D).state).toMatchObject({
      namespaces: ["x", "y"],
      windowMs: 30 * 60_000,
    });
    expect(parseGraphViewState(new URLSearchParams("node=world"), D).state.selected).toEqual({
      kind: "node",
      id: "world",
    });
  });

  it("rejects script and other non-namespace names, keeping the good ones", () => {
    const { state, problems } = parseGraphViewState(
      `ns=${encodeURIComponent("paperless,<script>alert(1)</script>,UPPER,a/b")}`,
      D,
    );
    expect(state.namespaces).toEqual(["paperless"]);
    expect(problems.map((p) => [p.param, p.problem])).toEqual([
      ["ns", "not a namespace name"],
      ["ns", "not a namespace name"],
      ["ns", "not a namespace name"],
    ]);
    expect(problems[0]!.value).toBe("<script>alert(1)</script>");
  });

  it.each([
    ["window=10h", "outside 1m..1h"],
    ["window=999999999999h", "outside 1m..1h"],
    ["window=30s", "outside 1m..1h"],
    ["window=-5m", "not a duration such as 5m or 1h"],
    ["window=Infinity", "not a duration such as 5m or 1h"],
    ["window=5m&window=10m", "given more than once; the first is used"],
  ])("falls back to the default window for %s", (query, problem) => {
    const { state, problems } = parseGraphViewState(query, D);
    if (!query.includes("&")) expect(state.windowMs).toBe(DEFAULT_GRAPH_VIEW_STATE.windowMs);
    expect(problems.map((p) => p.problem)).toContain(problem);
  });

  it("rejects unknown verdicts and ids outside the graph's grammar", () => {
    const query = `verdict=DROPPED,EVIL&node=${encodeURIComponent("ns:<img src=x>")}&edge=${encodeURIComponent("javascript:alert(1)")}`;
    const { state, problems } = parseGraphViewState(query, D);
    expect(state.verdicts).toEqual(["DROPPED"]);
    expect(state.selected).toBeNull();
    expect(problems.map((p) => p.param)).toEqual(["verdict", "node", "edge"]);
  });

  it("prefers a selected edge over a selected node", () => {
    const { state, problems } = parseGraphViewState("node=world&edge=ns:a>world:tcp:443:egress", D);
    expect(state.selected).toEqual({ kind: "edge", id: "ns:a>world:tcp:443:egress" });
    expect(problems).toEqual([{ param: "node", value: "world", problem: "ignored: an edge is selected" }]);
  });

  it("bounds the number of namespaces and the length of values, and shortens what it reports", () => {
    const many = Array.from({ length: MAX_URL_NAMESPACES + 5 }, (_, i) => `ns-${i}`).join(",");
    const { state, problems } = parseGraphViewState(`ns=${many}`, D);
    expect(state.namespaces).toHaveLength(MAX_URL_NAMESPACES);
    expect(problems).toHaveLength(5);

    const huge = parseGraphViewState(`ns=${"a".repeat(10_000)}&node=${"b".repeat(10_000)}`, D);
    expect(huge.state).toEqual(DEFAULT_GRAPH_VIEW_STATE);
    expect(huge.problems.map((p) => p.problem)).toEqual(["too long", "too long"]);
    expect(huge.problems.every((p) => p.value.length <= 61)).toBe(true);

    const control = parseGraphViewState(`ns=${encodeURIComponent("a\u0000b\nc")}`, D);
    expect(control.problems[0]!.value).toBe("a?b?c");
  });

  it("turns the state into the graph's filter", () => {
    const { state } = parseGraphViewState("ns=paperless&verdict=DROPPED", D);
    expect(graphFilterOf(state)).toEqual({ namespaces: ["paperless"], verdicts: ["DROPPED"] });
  });
});

describe("namespaceGraphPath", () => {
  it("opens the graph on the namespace with its node selected", () => {
    const path = namespaceGraphPath("paperless-ngx");
    expect(path).toBe("/?ns=paperless-ngx&node=ns%3Apaperless-ngx");
    const { state, problems } = parseGraphViewState(path.slice(2), D);
    expect(problems).toEqual([]);
    expect(state).toMatchObject({
      namespaces: ["paperless-ngx"],
      selected: { kind: "node", id: "ns:paperless-ngx" },
    });
  });
});
