import { parseFlowsSearchParams } from "@/lib/flows-view/flows-query";
import { flowsClientOf, queryFlows } from "@/server/flows-service";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/**
 * The newest flows matching `hubble observe` filter flags, asked of the relay with those filters:
 * ?from-namespace=mealie&to-port=5432&verdict=DROPPED&last=200 (a bare `not` negates the next flag;
 * `since` takes a duration or an RFC 3339 time).
 */
export async function GET(request: Request) {
  const query = parseFlowsSearchParams(new URL(request.url).searchParams);
  if (!query.ok) return Response.json({ error: query.error }, { status: 400 });
  const relay = flowsClientOf(getRuntime());
  if (!("client" in relay)) return Response.json({ error: relay.error }, { status: relay.status });
  const result = await queryFlows(relay.client, query.value, Date.now());
  return result.ok
    ? Response.json(result.value)
    : Response.json({ error: result.error }, { status: result.status });
}
