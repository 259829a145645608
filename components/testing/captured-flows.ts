import { readFileSync } from "node:fs";
import path from "node:path";
import type { FlowsEntry } from "@/lib/flows-view/flow-row";
import type { FlowsResponse } from "@/lib/flows-view/flows-response";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { FIXED_NOW } from "./status-fixtures";

// For component tests: the shared real Hubble capture (../shared beside the repository, as in CI)
// as /api/flows entries, oldest first.

const CAPTURE = path.resolve(import.meta.dirname, "../../../shared/fixtures/hubble/real-flows.jsonl");

export function capturedEntries(): FlowsEntry[] {
  return readFileSync(CAPTURE, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      // Most lines are `hubble observe -o json` ({flow, node_name}); a few are bare flows.
      const json = JSON.parse(line) as { flow?: HubbleFlowJson; node_name?: string } & HubbleFlowJson;
      const flow = json.flow ?? json;
      return { flow, node_name: json.node_name ?? flow.node_name ?? "" };
    })
    .sort((a, b) => (a.flow.time < b.flow.time ? -1 : a.flow.time > b.flow.time ? 1 : 0));
}

/** /api/flows's answer holding `flows`, all the relay sent. */
export function flowsAnswer(flows: FlowsEntry[]): FlowsResponse {
  return {
    now: FIXED_NOW,
    command: "hubble observe --last 200",
    whitelist: [],
    blacklist: [],
    flows,
    relayFlows: flows.length,
    truncated: false,
    bufferFrom: null,
  };
}
