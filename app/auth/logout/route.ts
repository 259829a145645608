import { logoutHandler } from "@/server/auth/auth-routes";

export const dynamic = "force-dynamic";

/** Clears the session cookie. */
export const GET = logoutHandler();
export const POST = logoutHandler();
