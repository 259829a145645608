import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** Liveness: the server answers. Connection health is /api/status. */
export const GET = apiRoute({ guard: "open" }, () => ({ ok: true }));
