import "server-only";
import { parseAuthSettings, type AuthSettingsResult } from "@/lib/config/auth-settings";
import { webAccess } from "../web-access";

let cached: AuthSettingsResult | null = null;

/**
 * The login settings from the environment, read once (like the Host allowlist: the page gate and
 * the route wrapper read them without starting the cluster connections). Start-up refuses to serve
 * while `problems` is not empty, so a request never sees half-configured login.
 */
export function authSettingsResult(): AuthSettingsResult {
  cached ??= parseAuthSettings(process.env, webAccess());
  return cached;
}

export function authSettings() {
  return authSettingsResult().settings;
}
