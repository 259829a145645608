import { loginHandler } from "@/server/auth/auth-routes";

export const dynamic = "force-dynamic";

/** Sends the browser to the identity provider (SIEVE_AUTH=oidc). */
export const GET = loginHandler();
