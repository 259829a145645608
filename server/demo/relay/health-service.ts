import "server-only";
import {
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import { HUBBLE_HEALTH_SERVICE } from "@/server/hubble/health-proto";

// grpc.health.v1.Health as Hubble Relay serves it: the server as a whole ("") and the observer
// service (hubble.server.Observer) are SERVING while at least one node is connected and
// NOT_SERVING otherwise; any other service name is unknown (Check: NOT_FOUND; Watch:
// SERVICE_UNKNOWN, then stays open), as grpc-go's health server answers.

type ServingStatus = "SERVING" | "NOT_SERVING" | "SERVICE_UNKNOWN";

interface HealthCheckRequest {
  service?: string;
}

export interface HealthState {
  serving(): boolean;
  /** Called after any change that may change serving(); returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

const KNOWN_SERVICES = new Set(["", HUBBLE_HEALTH_SERVICE]);

function statusOf(state: HealthState, service: string): ServingStatus {
  if (!KNOWN_SERVICES.has(service)) return "SERVICE_UNKNOWN";
  return state.serving() ? "SERVING" : "NOT_SERVING";
}

export function healthImplementation(state: HealthState): UntypedServiceImplementation {
  return {
    Check(call: ServerUnaryCall<HealthCheckRequest, object>, callback: sendUnaryData<object>) {
      const service = call.request.service ?? "";
      const current = statusOf(state, service);
      if (current === "SERVICE_UNKNOWN") {
        callback({ code: status.NOT_FOUND, details: "unknown service" });
        return;
      }
      callback(null, { status: current });
    },
    Watch(call: ServerWritableStream<HealthCheckRequest, object>) {
      const service = call.request.service ?? "";
      let sent: ServingStatus | null = null;
      const send = () => {
        const current = statusOf(state, service);
        if (current === sent) return;
        sent = current;
        call.write({ status: current });
      };
      const unsubscribe = state.onChange(send);
      call.on("cancelled", unsubscribe);
      call.on("close", unsubscribe);
      send();
    },
  };
}
