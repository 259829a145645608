import { describe, expect, it } from "vitest";
import { parseSieveConfig } from "@/lib/config/sieve-config";
import type { FlowFeed } from "./hubble/flow-feed";
import type { SieveRuntime } from "./runtime";
import { buildStatus } from "./status";

const streaming: FlowFeed = {
  status: () => ({
    state: "streaming",
    connectedSince: 10,
    lastFlowAt: null,
    lastError: null,
    reconnects: 0,
    gaps: [],
    lastProbeAt: null,
    failingSince: null,
    stalledSince: null,
    coveredSince: 10,
  }),
  subscribe: () => () => {},
  stop: () => {},
};

/** The parts of a runtime the status reads: its configuration, cluster, relay feed and preview. */
function runtimeOf(env: Record<string, string>): SieveRuntime {
  const { config } = parseSieveConfig(env);
  const runtime: Pick<SieveRuntime, "config" | "problems" | "cluster" | "flows" | "preview"> = {
    config,
    problems: [],
    cluster: null,
    flows: streaming,
    preview: null,
  };
  return runtime as SieveRuntime;
}

describe("buildStatus", () => {
  it("says the relay streams flows on a cluster", () => {
    const status = buildStatus(runtimeOf({}), 100);
    expect(status.preview).toBeNull();
    expect(status.hubble).toMatchObject({ health: "ok", message: "streaming flows" });
  });

  it("in repository preview, says the relay has no flows rather than 'in sync · streaming flows'", () => {
    const status = buildStatus(runtimeOf({ SIEVE_PREVIEW_REPORT: "/nonexistent/preview.json" }), 100);
    expect(status.preview).not.toBeNull();
    expect(status.hubble).toMatchObject({ health: "preview", message: "no flows: repository preview" });
  });
});
