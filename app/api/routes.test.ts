import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiPaths } from "@/lib/api/api-paths";
import type {
  ConventionsResponse,
  DropsResponse,
  EdgeResponse,
  FixResponse,
  GraphResponse,
  NamespacePostureResponse,
  PostureResponse,
  PullRequestResponse,
  StatusResponse,
  WhatIfBranchesResponse,
  WhatIfResponse,
} from "@/lib/api/responses";
import type { ConnectivityChecklist } from "@/lib/drops/connectivity-checklist";
import type { FlowsResponse } from "@/lib/flows-view/flows-response";
import { flowEdgeId } from "@/lib/graph/graph-ids";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { flowJsonFromObserveOutput } from "@/lib/hubble/observe-json";
import { isApiRoute, type ApiRoute } from "@/server/api-route";
import type { GitOpsSource } from "@/server/gitops/gitops-source";
import { startTestObserver } from "@/server/hubble/testing/test-observer";
import { readRepositoryFolder } from "@/server/render/repository-folder";
import type { SieveRuntime } from "@/server/runtime";
import {
  capturedFlows,
  homelabScenario,
  testDeps,
  testGitOpsSource,
  testRuntime,
} from "@/test/route-runtime";
import * as conventions from "./conventions/route";
import * as drops from "./drops/route";
import * as fixPullRequest from "./fix/pull-request/route";
import * as fix from "./fix/route";
import * as flowsRoute from "./flows/route";
import * as edge from "./graph/edge/route";
import * as graph from "./graph/route";
import * as health from "./health/route";
import * as checklist from "./namespaces/[name]/checklist/route";
import * as namespacePosture from "./posture/[name]/route";
import * as posture from "./posture/route";
import * as status from "./status/route";
import * as whatIfBranches from "./what-if/branches/route";
import * as whatIf from "./what-if/route";

// Every route handler through its wrapper, with an injected runtime holding real Hubble captures:
// what it answers when all is well and each way it refuses.

const API_DIR = import.meta.dirname;
const ORIGIN = "http://127.0.0.1:3100";
const NOW = Date.UTC(2026, 0, 1, 12);
const FLOWS = capturedFlows(NOW - 1_000);
const NAMESPACES = [...new Set(FLOWS.flatMap((f) => [f.source.namespace, f.destination.namespace]))]
  .filter((ns): ns is string => ns !== null)
  .sort();
/** A dropped flow between two pods of the capture: its edge has drops to explain. */
const DROP = FLOWS.find((f) => f.verdict === "DROPPED" && f.source.namespace !== null)!;

interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}
interface ErrorBody {
  error: { code: string; message: string; issues?: { param: string; message: string }[] };
}

async function call<T>(
  route: ApiRoute,
  runtime: SieveRuntime,
  pathAndQuery: string,
  init: {
    method?: string;
    params?: Record<string, string>;
    headers?: Record<string, string>;
    env?: Record<string, string>;
  } = {},
): Promise<Answer<T>> {
  const request = new Request(`${ORIGIN}${pathAndQuery}`, {
    method: init.method ?? "GET",
    headers: { host: new URL(ORIGIN).host, ...init.headers },
  });
  const response = await route.withDeps(testDeps(runtime, NOW, init.env))(request, {
    params: Promise.resolve(init.params ?? {}),
  });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

function expectError(answer: Answer<unknown>, status: number, code: string, message: RegExp | string) {
  expect(answer.status).toBe(status);
  const { error } = answer.body as ErrorBody;
  expect(error.code).toBe(code);
  if (typeof message === "string") expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
  expect(answer.headers.get("cache-control")).toBe("no-store");
}

function fullRuntime(gitops: GitOpsSource | null = null) {
  return testRuntime({ namespaces: NAMESPACES, flows: FLOWS, gitops });
}

/** A GitOps source over a repository folder of the project's fixtures (no git, no network). */
function folderSource(folder: string, branches: string[] | Error): GitOpsSource {
  const files = readRepositoryFolder(path.resolve(API_DIR, "../../test/fixtures/repos", folder));
  return testGitOpsSource(files, {
    branches,
    paths: { namespacesFile: "namespaces.yaml", platformCnpDir: "platform" },
  });
}

/** The capture's lines as the relay serves them. */
const CAPTURE_LINES: HubbleFlowJson[] = readFileSync(
  path.resolve(API_DIR, "../../../shared/fixtures/hubble/real-flows.jsonl"),
  "utf8",
)
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => flowJsonFromObserveOutput(JSON.parse(line)));

/** The demo's homelab, whose mealie pods are denied PostgreSQL, with its repository and a token. */
const HOMELAB = homelabScenario(NOW, 900_000);
const HOMELAB_DROP = HOMELAB.flows.find(
  (f) => f.verdict === "DROPPED" && f.source.namespace === "mealie" && f.destinationPort === 5432,
)!;
const HOMELAB_SCOPE = { kind: "edge" as const, id: flowEdgeId(HOMELAB_DROP) };

function homelabRuntime(pushBranch?: GitOpsSource["pushBranch"]) {
  const gitops = testGitOpsSource(HOMELAB.files, { canPush: true, pushBranch });
  return testRuntime({ objects: HOMELAB.objects, flows: HOMELAB.flows, gitops });
}

afterEach(() => vi.restoreAllMocks());

describe("app/api", () => {
  it("exports only wrapped handlers from every route.ts", async () => {
    const files = readdirSync(API_DIR, { recursive: true, encoding: "utf8" })
      .filter((file) => path.basename(file) === "route.ts")
      .sort();
    expect(files.length).toBe(14);
    for (const file of files) {
      const exported = (await import(path.join(API_DIR, file))) as Record<string, unknown>;
      const handlers = Object.entries(exported).filter(([name]) => name !== "dynamic");
      expect(handlers.length, file).toBeGreaterThan(0);
      for (const [name, value] of handlers) {
        expect(["GET", "POST"], `${file} exports ${name}`).toContain(name);
        expect(isApiRoute(value), `${file} ${name} is wrapped`).toBe(true);
      }
      expect(exported.dynamic, file).toBe("force-dynamic");
    }
  });
});

describe("login (SIEVE_AUTH)", () => {
  // Behind a sign-in proxy, a request that did not come through it names no user.
  const env = { SIEVE_AUTH: "proxy", SIEVE_TRUSTED_PROXIES: "10.0.0.1", SIEVE_PUSH_GROUP: "ops" };

  it("refuses every API but liveness to a request nobody signed in for", async () => {
    expectError(
      await call(status.GET, testRuntime(), "/api/status", { env }),
      401,
      "unauthorized",
      /sign in/,
    );
    expect((await call(health.GET, testRuntime(), "/api/health", { env })).status).toBe(200);
  });

  it("refuses a push from the page when nobody signed in, inside the handler", async () => {
    const headers = { origin: ORIGIN, "sec-fetch-site": "same-origin", "x-sieve-request": "1" };
    const path_ = apiPaths.pullRequest({ kind: "edge", id: flowEdgeId(DROP) }, 3_600_000);
    const answer = await call(fixPullRequest.POST, testRuntime(), path_, { method: "POST", headers, env });
    expectError(answer, 401, "unauthorized", /sign in/);
  });
});

describe("GET /api/flows", () => {
  it("refuses filter flags the hubble CLI refuses, in its words, before asking any relay", async () => {
    const unknownVerdict = await call(flowsRoute.GET, testRuntime(), apiPaths.flows("verdict=MAYBE"));
    expect(unknownVerdict.status).toBe(400);
    expect((unknownVerdict.body as ErrorBody).error.code).toBe("bad_request");
    const paired = await call(flowsRoute.GET, testRuntime(), apiPaths.flows("namespace=a&to-namespace=b"));
    expect(paired.status).toBe(400);
    expect((paired.body as ErrorBody).error.message).toMatch(/namespace/);
  });

  it("answers the relay's flows for the filters, and 502 when the relay cannot be reached", async () => {
    const relay = await startTestObserver();
    try {
      for (const line of CAPTURE_LINES) relay.publish(line);
      const runtime = testRuntime({ env: { SIEVE_HUBBLE_ADDRESS: relay.address } });
      const answer = await call<FlowsResponse>(
        flowsRoute.GET,
        runtime,
        apiPaths.flows("verdict=DROPPED&last=1000"),
      );
      expect(answer.status).toBe(200);
      const dropped = CAPTURE_LINES.filter((flow) => flow.verdict === "DROPPED").length;
      expect(answer.body.flows.length).toBe(dropped);
      expect(answer.body.flows.every((entry) => entry.flow.verdict === "DROPPED")).toBe(true);
      expect(answer.body.command).toContain("--verdict DROPPED");
    } finally {
      await relay.stop();
    }
    const gone = testRuntime({ env: { SIEVE_HUBBLE_ADDRESS: "127.0.0.1:1" } });
    const unreachable = await call(flowsRoute.GET, gone, apiPaths.flows("verdict=DROPPED"));
    expect(unreachable.status).toBe(502);
    expect((unreachable.body as ErrorBody).error.code).toBe("bad_gateway");
  });

  it("answers only the flows since a time, says when the relay no longer holds that far back, and refuses a bad one", async () => {
    const byTime = [...CAPTURE_LINES].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    const relay = await startTestObserver();
    try {
      for (const line of byTime) relay.publish(line);
      const runtime = testRuntime({ env: { SIEVE_HUBBLE_ADDRESS: relay.address } });
      const since = byTime[Math.floor(byTime.length / 2)]!.time;
      const sinceMs = Date.parse(since);
      const answer = await call<FlowsResponse>(
        flowsRoute.GET,
        runtime,
        apiPaths.flows(`last=1000&since=${encodeURIComponent(since)}`),
      );
      expect(answer.status).toBe(200);
      const times = answer.body.flows.map((entry) => Date.parse(entry.flow.time));
      expect(times.length).toBe(byTime.filter((flow) => Date.parse(flow.time) >= sinceMs).length);
      expect(times.length).toBeLessThan(byTime.length);
      expect(times.every((time) => time >= sinceMs)).toBe(true);
      // The relay holds flows from long before: nothing to own up to.
      expect(answer.body.bufferFrom).toBeNull();

      const before = await call<FlowsResponse>(
        flowsRoute.GET,
        runtime,
        apiPaths.flows("last=1000&since=2020-01-01T00:00:00Z"),
      );
      expect(before.body.flows.length).toBe(byTime.length);
      expect(Date.parse(before.body.bufferFrom ?? "")).toBe(Math.floor(Date.parse(byTime[0]!.time)));
    } finally {
      await relay.stop();
    }
    const bad = await call(flowsRoute.GET, testRuntime(), apiPaths.flows("verdict=DROPPED&since=yesterday"));
    expectError(bad, 400, "bad_request", /^--since: "yesterday" must be a duration/);
  });

  it("answers 503 when the relay's address is misconfigured", async () => {
    const runtime = testRuntime({ env: { SIEVE_HUBBLE_ADDRESS: "relay" } });
    const answer = await call(flowsRoute.GET, runtime, apiPaths.flows("verdict=DROPPED"));
    expectError(answer, 503, "unavailable", /^Hubble Relay is not configured: SIEVE_HUBBLE_ADDRESS/);
  });

  it("answers 503 where there is no relay to ask (a repository preview)", async () => {
    const runtime = testRuntime();
    const preview = { ...runtime, config: { ...runtime.config, preview: { reportFile: "report.json" } } };
    const answer = await call(flowsRoute.GET, preview, apiPaths.flows("verdict=DROPPED"));
    expectError(answer, 503, "unavailable", "a repository preview has no Hubble Relay to ask for flows");
  });
});

describe("GET /api/health", () => {
  it("answers ok", async () => {
    const answer = await call<{ ok: boolean }>(health.GET, testRuntime(), "/api/health");
    expect(answer).toMatchObject({ status: 200, body: { ok: true } });
  });
});

describe("GET /api/status", () => {
  it("says which sources are configured", async () => {
    const answer = await call<StatusResponse>(status.GET, testRuntime(), apiPaths.status());
    expect(answer.status).toBe(200);
    expect(answer.body.now).toBe(NOW);
    expect(answer.body.configErrors).toEqual([]);
  });

  it("lists a bad SIEVE_PUBLIC_URL among the configuration errors", async () => {
    const runtime = testRuntime({ env: { SIEVE_PUBLIC_URL: "ftp://sieve.example.org" } });
    const answer = await call<StatusResponse>(status.GET, runtime, apiPaths.status());
    expect(answer.body.configErrors.join("\n")).toContain("SIEVE_PUBLIC_URL");
  });
});

describe("GET /api/conventions", () => {
  it("answers the conventions in force", async () => {
    const runtime = testRuntime({
      namespaces: NAMESPACES,
      env: { SIEVE_CONVENTIONS_FILE: "/etc/sieve/c.yaml" },
    });
    const answer = await call<ConventionsResponse>(conventions.GET, runtime, apiPaths.conventions());
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ now: NOW, preview: false, evidence: [] });
    expect(answer.body.file).toEqual({ path: "/etc/sieve/c.yaml", problems: [] });
  });

  it("answers a failing cluster view as a JSON 500", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const runtime = fullRuntime();
    runtime.cluster!.list = () => {
      throw new Error("cache exploded");
    };
    expectError(await call(conventions.GET, runtime, apiPaths.conventions()), 500, "internal_error", /log/);
  });
});

describe("GET /api/posture", () => {
  it("answers every namespace and the flow counts of the window", async () => {
    const answer = await call<PostureResponse>(posture.GET, fullRuntime(), "/api/posture?window=1h");
    expect(answer.status).toBe(200);
    expect(answer.body.windowMs).toBe(3_600_000);
    expect(answer.body.posture.namespaces.map((n) => n.name).sort()).toEqual(NAMESPACES);
    const ns = DROP.source.namespace!;
    const touching = FLOWS.filter(
      (f) => f.verdict === "DROPPED" && (f.source.namespace === ns || f.destination.namespace === ns),
    );
    expect(answer.body.flowCounts[ns]?.DROPPED).toBe(touching.length);
  });

  it("refuses a window outside 1m..1h", async () => {
    expectError(
      await call(posture.GET, fullRuntime(), "/api/posture?window=2h"),
      400,
      "bad_request",
      'window: "2h" is outside 1m..1h',
    );
  });
});

describe("GET /api/posture/[name]", () => {
  it("answers one namespace's posture", async () => {
    const name = DROP.source.namespace!;
    const answer = await call<NamespacePostureResponse>(
      namespacePosture.GET,
      fullRuntime(),
      apiPaths.namespacePosture(name),
      { params: { name } },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.posture.name).toBe(name);
  });

  it("refuses a name that is not a namespace name, and says when there is no such namespace", async () => {
    expectError(
      await call(namespacePosture.GET, fullRuntime(), "/api/posture/Bad_Name", {
        params: { name: "Bad_Name" },
      }),
      400,
      "bad_request",
      "name: not a namespace name",
    );
    expectError(
      await call(namespacePosture.GET, fullRuntime(), "/api/posture/absent", { params: { name: "absent" } }),
      404,
      "not_found",
      "namespace absent not found",
    );
  });
});

describe("GET /api/namespaces/[name]/checklist", () => {
  it("answers the runbook's checks for the namespace", async () => {
    const name = DROP.source.namespace!;
    const answer = await call<ConnectivityChecklist>(
      checklist.GET,
      fullRuntime(),
      apiPaths.checklist(name, 3_600_000),
      { params: { name } },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.namespace).toBe(name);
    expect(answer.body.checks.length).toBeGreaterThan(0);
  });

  it("refuses a bad name and a bad window", async () => {
    const bad = await call(checklist.GET, fullRuntime(), "/api/namespaces/-x/checklist?window=0s", {
      params: { name: "-x" },
    });
    expectError(bad, 400, "bad_request", /^window: "0s" is .*; name: not a namespace name$/);
    expect((bad.body as ErrorBody).error.issues?.map((i) => i.param)).toEqual(["window", "name"]);
  });
});

describe("GET /api/drops", () => {
  it("groups the window's drops", async () => {
    const answer = await call<DropsResponse>(drops.GET, fullRuntime(), apiPaths.drops(3_600_000));
    expect(answer.status).toBe(200);
    const inWindow = FLOWS.filter(
      (f) => (f.verdict === "DROPPED" || f.verdict === "AUDIT") && f.time > NOW - 3_600_000,
    );
    expect(answer.body.groups.reduce((sum, g) => sum + g.count, 0)).toBe(inWindow.length);
  });

  it("counts over SIEVE_FLOW_WINDOW when the address names no window, as every windowed route does", async () => {
    const env = { SIEVE_FLOW_WINDOW: "15m" };
    const runtime = fullRuntime();
    expect((await call<DropsResponse>(drops.GET, runtime, "/api/drops", { env })).body.windowMs).toBe(
      900_000,
    );
    expect((await call<GraphResponse>(graph.GET, runtime, "/api/graph", { env })).body.windowMs).toBe(
      900_000,
    );
    expect((await call<PostureResponse>(posture.GET, runtime, "/api/posture", { env })).body.windowMs).toBe(
      900_000,
    );
    const list = await call<ConnectivityChecklist>(checklist.GET, runtime, "/api/namespaces/x/checklist", {
      env,
      params: { name: NAMESPACES[0]! },
    });
    expect(list.body.windowMs).toBe(900_000);
    // Without the setting, 5 minutes; a window in the address wins over either.
    expect((await call<DropsResponse>(drops.GET, runtime, "/api/drops")).body.windowMs).toBe(300_000);
    expect(
      (await call<DropsResponse>(drops.GET, runtime, "/api/drops?window=1m", { env })).body.windowMs,
    ).toBe(60_000);
  });

  it("refuses a malformed window", async () => {
    expectError(
      await call(drops.GET, fullRuntime(), "/api/drops?window=soon"),
      400,
      "bad_request",
      /^window: "soon"/,
    );
  });

  it("prints each group's hubble commands over the window asked for", async () => {
    for (const [windowMs, since] of [
      [15 * 60_000, "15m"],
      [3_600_000, "1h"],
    ] as const) {
      const answer = await call<DropsResponse>(drops.GET, fullRuntime(), apiPaths.drops(windowMs));
      const observe = answer.body.groups.flatMap((g) =>
        g.classification.commands.filter((c) => c.startsWith("hubble observe")),
      );
      expect(observe.length).toBeGreaterThan(0);
      for (const command of observe) expect(command).toMatch(new RegExp(` --since ${since}( |$)`));
    }
  });

  it("lists only the drops from or to ?namespace= on ?port=", async () => {
    const namespace = DROP.source.namespace!;
    const port = DROP.destinationPort!;
    const answer = await call<DropsResponse>(
      drops.GET,
      fullRuntime(),
      apiPaths.drops(3_600_000, { namespace, port }),
    );
    expect(answer.status).toBe(200);
    const expected = FLOWS.filter(
      (f) =>
        (f.verdict === "DROPPED" || f.verdict === "AUDIT") &&
        f.time > NOW - 3_600_000 &&
        (f.source.namespace === namespace || f.destination.namespace === namespace) &&
        (f.sourcePort === port || f.destinationPort === port),
    );
    const all = await call<DropsResponse>(drops.GET, fullRuntime(), apiPaths.drops(3_600_000));
    const count = (body: DropsResponse) => body.groups.reduce((sum, g) => sum + g.count, 0);
    expect(count(answer.body)).toBe(expected.length);
    expect(count(answer.body)).toBeGreaterThan(0);
    expect(count(answer.body)).toBeLessThan(count(all.body));
    for (const sample of answer.body.groups.flatMap((g) => g.samples)) {
      expect([sample.source.namespace, sample.destination.namespace]).toContain(namespace);
    }
  });

  it("refuses a bad namespace or port instead of listing every drop", async () => {
    const bad = await call(drops.GET, fullRuntime(), "/api/drops?namespace=UPPER&port=0");
    expectError(
      bad,
      400,
      "bad_request",
      /^namespace: "UPPER" is not a namespace name; port: "0" is not a port/,
    );
    expect((bad.body as ErrorBody).error.issues?.map((i) => i.param)).toEqual(["namespace", "port"]);
  });
});

describe("GET /api/graph", () => {
  it("draws the window's namespaces and edges, filtered by verdict", async () => {
    const answer = await call<GraphResponse>(
      graph.GET,
      fullRuntime(),
      apiPaths.graph("window=1h&verdict=DROPPED"),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.edges.map((e) => e.id)).toContain(flowEdgeId(DROP));
    expect(answer.body.edges.every((e) => e.dropped > 0)).toBe(true);
    // Small enough to answer whole: the level of detail says nothing was left out.
    expect(answer.body.detail).toMatchObject({
      limited: false,
      totalEdges: answer.body.edges.length,
      drawnEdges: answer.body.edges.length,
      totalNodes: answer.body.nodes.length,
    });
  });

  it("answers the same whole graph when every edge is asked for", async () => {
    const path = apiPaths.graph("window=1h", { all: true, keep: flowEdgeId(DROP) });
    expect(path).toContain("detail=all");
    const answer = await call<GraphResponse>(graph.GET, fullRuntime(), path);
    expect(answer.status).toBe(200);
    expect(answer.body.edges.map((e) => e.id)).toContain(flowEdgeId(DROP));
    expect(answer.body.detail.limited).toBe(false);
  });

  it("refuses each bad view parameter with its name", async () => {
    const answer = await call(graph.GET, fullRuntime(), "/api/graph?ns=Not_A_Namespace&verdict=MAYBE");
    expectError(answer, 400, "bad_request", /^ns: not a namespace name; verdict: not a verdict/);
    const detail = await call(graph.GET, fullRuntime(), "/api/graph?detail=most&keep=%3Cscript%3E");
    expectError(detail, 400, "bad_request", /^detail: not "all"; keep: not a graph node or edge id/);
  });
});

describe("GET /api/graph/edge", () => {
  it("answers the edge's flows with each drop classified", async () => {
    const id = flowEdgeId(DROP);
    const answer = await call<EdgeResponse>(edge.GET, fullRuntime(), apiPaths.edge(id, 3_600_000));
    expect(answer.status).toBe(200);
    expect(answer.body.edge.id).toBe(id);
    expect(answer.body.edge.dropped).toBeGreaterThan(0);
    const drop = answer.body.flows.find((f) => f.flow.verdict === "DROPPED");
    expect(drop?.classification).not.toBeNull();
    // Its evidence commands look back over the edge's window.
    expect(drop?.classification?.commands[0]).toMatch(/^hubble observe .* --since 1h$/);
  });

  it("refuses a malformed id and says when the edge had no flows", async () => {
    expectError(
      await call(edge.GET, fullRuntime(), "/api/graph/edge?id=<b>"),
      400,
      "bad_request",
      "id: not an edge id",
    );
    expectError(
      await call(edge.GET, testRuntime(), apiPaths.edge(flowEdgeId(DROP), 60_000)),
      404,
      "not_found",
      "no flows on this edge in the window",
    );
  });
});

describe("GET /api/fix", () => {
  it("explains the edge's drops and says how to configure a repository", async () => {
    const scope = { kind: "edge" as const, id: flowEdgeId(DROP) };
    const answer = await call<FixResponse>(fix.GET, fullRuntime(), apiPaths.fix(scope, 3_600_000));
    expect(answer.status).toBe(200);
    expect(answer.body.scope).toEqual(scope);
    expect(answer.body.gitops.configured).toBe(false);
    expect(answer.body.classification?.commands[0]).toMatch(/^hubble observe .* --since 1h$/);
  });

  it("offers the proven pull request when a repository is configured", async () => {
    const answer = await call<FixResponse>(fix.GET, homelabRuntime(), apiPaths.fix(HOMELAB_SCOPE, 900_000));
    expect(answer.status).toBe(200);
    const gitops = answer.body.gitops;
    expect(gitops).toMatchObject({ configured: true, error: null, canPush: true });
    expect(gitops.configured && gitops.pullRequest?.title).toBe("network-policy(mealie): allow postgres");
  });

  it("refuses an ambiguous scope and says when there are no drops", async () => {
    expectError(
      await call(fix.GET, fullRuntime(), "/api/fix?edge=a&group=b"),
      400,
      "bad_request",
      "give exactly one of edge, group or reenable",
    );
    const quiet = testRuntime({ namespaces: NAMESPACES });
    expectError(
      await call(fix.GET, quiet, apiPaths.fix({ kind: "edge", id: flowEdgeId(DROP) }, 60_000)),
      404,
      "not_found",
      "no dropped flows for this in the window",
    );
  });
});

describe("POST /api/fix/pull-request", () => {
  const page = { origin: ORIGIN, "sec-fetch-site": "same-origin", "x-sieve-request": "1" };
  const path_ = () => apiPaths.pullRequest({ kind: "edge", id: flowEdgeId(DROP) }, 3_600_000);

  it("refuses a request without the page's header, before anything else", async () => {
    const headers: Record<string, string> = { ...page };
    delete headers["x-sieve-request"];
    const answer = await call(fixPullRequest.POST, fullRuntime(), path_(), { method: "POST", headers });
    expectError(answer, 403, "forbidden", /x-sieve-request/);
  });

  it("passes the page's request to the service, which refuses without a repository", async () => {
    const answer = await call(fixPullRequest.POST, fullRuntime(), path_(), { method: "POST", headers: page });
    expectError(answer, 409, "conflict", /SIEVE_GITOPS_REPO/);
  });

  it("pushes the branch for the page's request and answers the pull request's link", async () => {
    const pushed: string[] = [];
    const runtime = homelabRuntime((request) => {
      pushed.push(request.branch);
      return Promise.resolve({
        ok: true,
        pushed: { branch: request.branch, commit: "abc123", outcome: "created" },
      });
    });
    const answer = await call<PullRequestResponse>(
      fixPullRequest.POST,
      runtime,
      apiPaths.pullRequest(HOMELAB_SCOPE, 900_000),
      { method: "POST", headers: page },
    );
    expect(answer.status).toBe(200);
    expect(pushed).toEqual([answer.body.branch]);
    expect(answer.body).toMatchObject({ commit: "abc123", title: "network-policy(mealie): allow postgres" });
    expect(answer.body.url).toMatch(/^https:\/\/forge\.test\/me\/homelab\/compare\/main\.\.\./);
  });

  it("answers the forge's refusal of the push as 502", async () => {
    const runtime = homelabRuntime(() => Promise.resolve({ ok: false, error: "remote: permission denied" }));
    const answer = await call(fixPullRequest.POST, runtime, apiPaths.pullRequest(HOMELAB_SCOPE, 900_000), {
      method: "POST",
      headers: page,
    });
    expectError(answer, 502, "bad_gateway", "remote: permission denied");
  });

  it("refuses a bad scope from the page", async () => {
    const answer = await call(fixPullRequest.POST, fullRuntime(), "/api/fix/pull-request?reenable=", {
      method: "POST",
      headers: page,
    });
    expectError(answer, 400, "bad_request", "reenable: not a namespace name");
  });
});

describe("GET /api/what-if/branches", () => {
  it("lists the repository's branches", async () => {
    const runtime = fullRuntime(folderSource("overlay-tree", ["main", "fix"]));
    const answer = await call<WhatIfBranchesResponse>(whatIfBranches.GET, runtime, apiPaths.whatIfBranches());
    expect(answer).toMatchObject({ status: 200, body: { baseBranch: "main", branches: ["main", "fix"] } });
  });

  it("says when no repository is configured and when the forge fails", async () => {
    expectError(
      await call(whatIfBranches.GET, fullRuntime(), apiPaths.whatIfBranches()),
      409,
      "conflict",
      /SIEVE_GITOPS_REPO/,
    );
    const failing = fullRuntime(folderSource("overlay-tree", new Error("connection reset\nstack")));
    expectError(
      await call(whatIfBranches.GET, failing, apiPaths.whatIfBranches()),
      502,
      "bad_gateway",
      "could not list the repository's branches: connection reset",
    );
  });
});

describe("GET /api/what-if", () => {
  it("renders a branch and judges the window's flows under it", async () => {
    const runtime = fullRuntime(folderSource("overlay-tree", ["main", "fix"]));
    const answer = await call<WhatIfResponse>(whatIf.GET, runtime, apiPaths.whatIf("fix"));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ref: "refs/heads/fix", commit: "c0ffee", baseBranch: "main" });
    expect(answer.body.windowMs).toBe(3_600_000);
  });

  it("says when no repository is configured", async () => {
    expectError(
      await call(whatIf.GET, fullRuntime(), apiPaths.whatIf("fix")),
      409,
      "conflict",
      /SIEVE_GITOPS_REPO/,
    );
  });

  it("refuses a missing or crafted ref and says when the ref does not exist", async () => {
    const runtime = fullRuntime(folderSource("overlay-tree", ["main"]));
    expectError(
      await call(whatIf.GET, runtime, "/api/what-if"),
      400,
      "bad_request",
      /^ref: give a branch name/,
    );
    expectError(
      await call(whatIf.GET, runtime, apiPaths.whatIf("--upload-pack=x")),
      400,
      "bad_request",
      /must not start with "-"/,
    );
    expectError(
      await call(whatIf.GET, runtime, apiPaths.whatIf("gone")),
      404,
      "not_found",
      "the repository has no ref refs/heads/gone",
    );
  });
});

describe("every route", () => {
  const routes: [string, ApiRoute, string][] = [
    ["GET", conventions.GET, "/api/conventions"],
    ["GET", drops.GET, "/api/drops"],
    ["GET", fix.GET, "/api/fix?edge=x"],
    ["POST", fixPullRequest.POST, "/api/fix/pull-request?edge=x"],
    ["GET", edge.GET, "/api/graph/edge?id=x"],
    ["GET", graph.GET, "/api/graph"],
    ["GET", health.GET, "/api/health"],
    ["GET", checklist.GET, "/api/namespaces/x/checklist"],
    ["GET", namespacePosture.GET, "/api/posture/x"],
    ["GET", posture.GET, "/api/posture"],
    ["GET", status.GET, "/api/status"],
    ["GET", whatIfBranches.GET, "/api/what-if/branches"],
    ["GET", whatIf.GET, "/api/what-if?ref=x"],
  ];

  it.each(routes)("%s %s refuses a rebound Host", async (method, route, pathAndQuery) => {
    const runtime = fullRuntime();
    const getRuntime = vi.fn(() => runtime);
    const request = new Request(`http://rebind.test:3133${pathAndQuery}`, {
      method,
      headers: { host: "rebind.test:3133", origin: "http://rebind.test:3133", "x-sieve-request": "1" },
    });
    const response = await route.withDeps({ ...testDeps(runtime, NOW), runtime: getRuntime })(request, {
      params: Promise.resolve({ name: "x" }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorBody).error.code).toBe("forbidden");
    expect(getRuntime).not.toHaveBeenCalled();
  });
});
