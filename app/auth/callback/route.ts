import { callbackHandler } from "@/server/auth/auth-routes";

export const dynamic = "force-dynamic";

/** Where the identity provider sends the browser back: sets the session cookie. */
export const GET = callbackHandler();
