import "server-only";
import { parseMetricsSettings } from "@/lib/config/metrics-settings";
import type { SieveMetrics } from "./sieve-metrics";

export interface MetricsRouteDeps {
  enabled: () => boolean;
  metrics: () => SieveMetrics;
}

let enabledFromEnv: boolean | null = null;

/** SIEVE_METRICS from the environment, read once; a malformed value keeps /metrics off. */
export function metricsEnabled(): boolean {
  enabledFromEnv ??= parseMetricsSettings(process.env).enabled;
  return enabledFromEnv;
}

/**
 * GET /metrics in Prometheus' text format. It asks for no login (Prometheus scrapes the pod
 * directly); it answers only with SIEVE_METRICS=on, a 404 otherwise.
 */
export function metricsHandler(deps: MetricsRouteDeps): () => Promise<Response> {
  return async () => {
    if (!deps.enabled())
      return new Response("Not found: metrics are off (SIEVE_METRICS=on turns them on)\n", {
        status: 404,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      });
    const { registry } = deps.metrics();
    return new Response(await registry.metrics(), {
      headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
    });
  };
}
