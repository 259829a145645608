import "server-only";
import type { ViewDefaults } from "@/lib/api/query-params";
import { parseFlowWindowSetting } from "@/lib/config/sieve-config";

let cached: ViewDefaults | null = null;

/**
 * What every view and API route takes when the URL names no window: SIEVE_FLOW_WINDOW, read once.
 * Read here rather than from the runtime (like the Host allowlist), so the layout and the route
 * wrapper never wait on the cluster connections; the runtime's configuration reports a malformed
 * value on the status bar.
 */
export function viewDefaults(): ViewDefaults {
  cached ??= { windowMs: parseFlowWindowSetting(process.env).windowMs };
  return cached;
}
