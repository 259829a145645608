import "server-only";
import type { AuthSettingsResult } from "@/lib/config/auth-settings";
import { listenAddressOf, listenProblem } from "@/lib/auth/listen-address";
import { parseMetricsSettings } from "@/lib/config/metrics-settings";
import { authSettingsResult } from "./auth-settings";
import { installPeerAddressStamp } from "./peer-address";

type Env = Record<string, string | undefined>;

/**
 * Why the server must not serve with the login settings it has, one line each; [] to serve.
 * Login fails closed: a misconfigured SIEVE_AUTH stops the server instead of serving without it.
 */
export function loginStartupProblems(
  argv: readonly string[],
  env: Env,
  { settings, problems }: AuthSettingsResult = authSettingsResult(),
): string[] {
  const bind = listenProblem(settings, listenAddressOf(argv, env));
  return bind ? [...problems, bind] : problems;
}

/** Run at server start (instrumentation.ts): stops the process on a login problem. */
export function checkLoginAtStartup(
  argv: readonly string[],
  env: Env,
  exit: (code: number) => never,
  result: AuthSettingsResult = authSettingsResult(),
): void {
  const problems = loginStartupProblems(argv, env, result);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`sieve: refusing to start: ${problem}`);
    exit(1);
  }
  installPeerAddressStamp((host) => listenProblem(result.settings, { host }));
  for (const problem of parseMetricsSettings(env).problems)
    console.error(`sieve: configuration problem: ${problem} (metrics stay off)`);
}
