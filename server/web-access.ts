import "server-only";
import { parseWebAccess, type WebAccess } from "@/lib/config/web-access";

let cached: WebAccess | null = null;

/**
 * The allowed names and trusted proxies from the environment, read once. The route wrapper and the
 * page proxy read it here rather than from the runtime, so the check never waits on (or starts) the
 * cluster connections; the runtime's configuration reports the same problems on the status bar.
 */
export function webAccess(): WebAccess {
  cached ??= parseWebAccess(process.env).access;
  return cached;
}
