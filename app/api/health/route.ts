export const dynamic = "force-dynamic";

/** Liveness: the server answers. Connection health is /api/status. */
export function GET() {
  return Response.json({ ok: true });
}
