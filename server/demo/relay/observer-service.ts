import "server-only";
import type { ServiceDefinition } from "@grpc/grpc-js";
import { loadObserverProto } from "@/server/hubble/observer-proto";
import { unknownFlowFilterFields } from "./unknown-filter-fields";

// The observer.Observer service definition the demo relay serves: Sieve's proto, with the
// GetFlows request decoder also noting FlowFilter fields the proto does not define.

interface MessageDescriptor {
  field?: { name?: string; number?: number }[];
}

const unknownFieldsOf = new WeakMap<object, number[]>();

/** FlowFilter field numbers the client set that Sieve's proto does not know; empty when none. */
export function unknownFilterFieldsOf(request: object): number[] {
  return unknownFieldsOf.get(request) ?? [];
}

function fieldNumbers(typeName: string, names?: readonly string[]): Set<number> {
  const definition = loadObserverProto().packageDefinition[typeName];
  const fields = ((definition as { type?: MessageDescriptor } | undefined)?.type?.field ?? []).filter(
    (field) => !names || names.includes(field.name ?? ""),
  );
  if (fields.length === 0) throw new Error(`${typeName} is missing from Sieve's Hubble proto`);
  return new Set(fields.map((field) => field.number ?? 0));
}

let cached: ServiceDefinition | null = null;

export function observerServiceDefinition(): ServiceDefinition {
  if (cached) return cached;
  const { service } = loadObserverProto();
  const knownFilterFields = fieldNumbers("flow.FlowFilter");
  const filterLists = fieldNumbers("observer.GetFlowsRequest", ["whitelist", "blacklist"]);
  const getFlows = service.GetFlows;
  cached = {
    ...service,
    GetFlows: {
      ...getFlows,
      // Flows the ring holds encoded are written as they are.
      responseSerialize: (response: object) =>
        Buffer.isBuffer(response) ? response : getFlows.responseSerialize(response),
      requestDeserialize: (bytes: Buffer) => {
        const request = getFlows.requestDeserialize(bytes);
        const unknown = unknownFlowFilterFields(bytes, filterLists, knownFilterFields);
        if (unknown.length > 0) unknownFieldsOf.set(request, unknown);
        return request;
      },
    },
  } as ServiceDefinition;
  return cached;
}
