import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { flowJsonFromObserveOutput } from "@/lib/hubble/observe-json";
import { parseFlows } from "./control-server";

// The demo's test hook takes published Hubble lines as they are (e2e/real-captures.spec.ts sends
// them): a field Sieve's proto lacks, or one it reads differently, must not be refused.

const REAL = path.resolve(import.meta.dirname, "../..", "../shared/fixtures/hubble/real-flows.jsonl");
const OURS = path.resolve(import.meta.dirname, "../../lib/hubble/fixtures/uncaptured-cases.jsonl");

function flowsOf(file: string): unknown[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => flowJsonFromObserveOutput(line));
}

describe("publishing captured lines on the demo relay", () => {
  it("accepts every real line and every case of ours", () => {
    expect(parseFlows(flowsOf(REAL))).toHaveLength(39);
    expect(parseFlows(flowsOf(OURS))).toHaveLength(13);
  });
});
