import "server-only";
import { loadSync, type MethodDefinition } from "@grpc/proto-loader";
import { observerProtoDir, PROTO_LOADER_OPTIONS } from "./observer-proto";

// grpc.health.v1.Health, loaded from Sieve's own definition beside the observer protos: the demo
// relay serves it as Hubble Relay does, and its tests ask it as `hubble status` does.

/** The service name `hubble status` checks (Hubble's v1.ObserverServiceName). */
export const HUBBLE_HEALTH_SERVICE = "hubble.server.Observer";

export type HealthMethod = "Check" | "Watch";

let cached: Record<HealthMethod, MethodDefinition<object, object>> | null = null;

export function loadHealthService(): Record<HealthMethod, MethodDefinition<object, object>> {
  if (cached) return cached;
  const packageDefinition = loadSync(["grpc/health/v1/health.proto"], {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: [observerProtoDir()],
  });
  const service = packageDefinition["grpc.health.v1.Health"] as
    Record<HealthMethod, MethodDefinition<object, object>> | undefined;
  if (!service?.Check || !service.Watch)
    throw new Error("health.proto does not define grpc.health.v1.Health");
  cached = service;
  return cached;
}
