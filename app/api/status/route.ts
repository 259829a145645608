import { getRuntime } from "@/server/runtime";
import { buildStatus } from "@/server/status";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(buildStatus(getRuntime(), Date.now()));
}
