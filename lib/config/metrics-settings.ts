type Env = Record<string, string | undefined>;

/** SIEVE_METRICS: whether /metrics answers (Prometheus text format, without login). Off by default. */
export function parseMetricsSettings(env: Env): { enabled: boolean; problems: string[] } {
  const raw = env.SIEVE_METRICS?.trim().toLowerCase() ?? "";
  if (["", "off", "false", "0", "no"].includes(raw)) return { enabled: false, problems: [] };
  if (["on", "true", "1", "yes"].includes(raw)) return { enabled: true, problems: [] };
  return {
    enabled: false,
    problems: [`SIEVE_METRICS: "${env.SIEVE_METRICS?.slice(0, 40)}" is not on or off`],
  };
}
