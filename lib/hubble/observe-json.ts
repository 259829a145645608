import { isRecord } from "@/lib/policy/json-read";
import { HUBBLE_VERDICTS, type HubbleFlowJson } from "./flow-json";

// `hubble observe -o json` prints one GetFlowsResponse per line ({"flow": …, "node_name": …,
// "time": …}); older CLIs (and `-o jsonpb` before the rename) printed the bare flow. Both are read.

const VERDICTS = new Set<string>(HUBBLE_VERDICTS);

/** The flow in one line of `hubble observe -o json` output, parsed or not; throws one line when it is not a flow. */
export function flowJsonFromObserveOutput(value: unknown): HubbleFlowJson {
  const parsed = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  const flow = isRecord(parsed) && isRecord(parsed.flow) ? parsed.flow : parsed;
  if (!isRecord(flow) || typeof flow.time !== "string") {
    throw new Error("not a Hubble flow: expected an object with a time string");
  }
  const verdict = flow.verdict ?? "VERDICT_UNKNOWN";
  if (typeof verdict !== "string" || !VERDICTS.has(verdict)) {
    throw new Error(`not a Hubble flow: unknown verdict ${JSON.stringify(verdict)}`);
  }
  return { ...flow, verdict } as unknown as HubbleFlowJson;
}
