import "server-only";
import { loadObserverProto } from "./observer-proto";

// Names of the flow enums the direct decoder reads, by number, from the loaded proto: the names
// proto-loader gives the JSON path. A number missing here is a value added upstream after Sieve's
// proto, which the JSON path leaves unnamed too.

export interface FlowEnumNames {
  verdict: readonly (string | undefined)[];
  dropReason: readonly (string | undefined)[];
  trafficDirection: readonly (string | undefined)[];
  l7Type: readonly (string | undefined)[];
  traceObservationPoint: readonly (string | undefined)[];
}

interface EnumDefinition {
  type?: { value?: { name?: string; number?: number }[] };
}

function enumNames(typeName: string): (string | undefined)[] {
  const definition = loadObserverProto().packageDefinition[typeName] as EnumDefinition | undefined;
  const values = definition?.type?.value ?? [];
  if (values.length === 0) throw new Error(`${typeName} is missing from Sieve's Hubble proto`);
  const names: (string | undefined)[] = [];
  for (const { name, number } of values) {
    if (name !== undefined && number !== undefined && number >= 0 && names[number] === undefined)
      names[number] = name;
  }
  return names;
}

let cached: FlowEnumNames | null = null;

export function flowEnumNames(): FlowEnumNames {
  cached ??= {
    verdict: enumNames("flow.Verdict"),
    dropReason: enumNames("flow.DropReason"),
    trafficDirection: enumNames("flow.TrafficDirection"),
    l7Type: enumNames("flow.L7FlowType"),
    traceObservationPoint: enumNames("flow.TraceObservationPoint"),
  };
  return cached;
}
