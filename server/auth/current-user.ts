import "server-only";
import type { AuthSettings } from "@/lib/config/auth-settings";
import { isTrustedPeer } from "@/lib/auth/listen-address";
import { userFromProxyHeaders } from "@/lib/auth/proxy-headers";
import { LOCAL_USER, mayPush, type PushDecision, type SieveUser } from "@/lib/auth/sieve-user";
import { authSettings } from "./auth-settings";
import { sessionUser } from "./oidc-login";
import { peerAddressOf } from "./peer-address";

export type { SieveUser, PushDecision };

/**
 * Who sent `request`; null when nobody is signed in. "none": the local user. "proxy": the user the
 * proxy's headers name, only when the connection comes from a SIEVE_TRUSTED_PROXIES address.
 * "oidc": the user of the session cookie.
 */
export async function currentUser(
  request: Pick<Request, "headers">,
  settings: AuthSettings = authSettings(),
): Promise<SieveUser | null> {
  switch (settings.mode) {
    case "none":
      return LOCAL_USER;
    case "proxy":
      return isTrustedPeer(peerAddressOf(request), settings.trustedProxies)
        ? userFromProxyHeaders(request.headers)
        : null;
    case "oidc":
      return settings.oidc ? sessionUser(request, settings.oidc) : null;
  }
}

/** Whether `user` may push fix branches (SIEVE_PUSH_GROUP); call it inside the pushing handler. */
export function authorizePush(user: SieveUser | null, settings: AuthSettings = authSettings()): PushDecision {
  return mayPush(user, settings);
}

/** The push decision for a request in one call: its user, then SIEVE_PUSH_GROUP. */
export async function pushAuthorization(
  request: Pick<Request, "headers">,
  settings: AuthSettings = authSettings(),
): Promise<PushDecision> {
  return authorizePush(await currentUser(request, settings), settings);
}
