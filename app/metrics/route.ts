import { metricsEnabled, metricsHandler } from "@/server/metrics/metrics-route";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** Prometheus metrics (SIEVE_METRICS=on). */
export const GET = metricsHandler({ enabled: metricsEnabled, metrics: () => getRuntime().metrics });
