import type { AuthMode, AuthSettings } from "@/lib/config/auth-settings";

/** Who is using Sieve, as the login mode established it. */
export interface SieveUser {
  /** The name shown and written to logs: preferred username, else user id, else email. */
  name: string;
  email: string | null;
  groups: string[];
  via: AuthMode;
}

/** Without login there is one user: whoever can reach the loopback address. */
export const LOCAL_USER: SieveUser = { name: "local user", email: null, groups: [], via: "none" };

export type PushDecision = { ok: true } | { ok: false; status: 401 | 403; error: string };

/**
 * Whether `user` may push fix branches. Without login anyone who reaches Sieve may; with login
 * only members of SIEVE_PUSH_GROUP ("*": every signed-in user), and nobody while it is unset.
 */
export function mayPush(
  user: SieveUser | null,
  settings: Pick<AuthSettings, "mode" | "pushGroup">,
): PushDecision {
  if (settings.mode === "none") return { ok: true };
  if (user === null) return { ok: false, status: 401, error: "sign in to push fix branches" };
  if (settings.pushGroup === null)
    return {
      ok: false,
      status: 403,
      error: "pushing fix branches is off: SIEVE_PUSH_GROUP names no group allowed to push",
    };
  if (settings.pushGroup === "*" || user.groups.includes(settings.pushGroup)) return { ok: true };
  return {
    ok: false,
    status: 403,
    error: `only members of the group "${settings.pushGroup}" may push fix branches`,
  };
}
