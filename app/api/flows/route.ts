import { ApiError, apiErrorCodeOf, serviceValue } from "@/lib/api/api-error";
import { parseFlowsSearchParams } from "@/lib/flows-view/flows-query";
import { apiRoute } from "@/server/api-route";
import { flowsClientOf, queryFlows } from "@/server/flows-service";

export const dynamic = "force-dynamic";

/**
 * The newest flows matching `hubble observe` filter flags, asked of the relay with those filters:
 * ?from-namespace=mealie&to-port=5432&verdict=DROPPED&last=200 (a bare `not` negates the next flag;
 * `since` takes a duration or an RFC 3339 time). The flags are read in order, so they are parsed
 * here rather than by a query schema.
 */
export const GET = apiRoute({}, async ({ request, runtime, now }) => {
  const query = parseFlowsSearchParams(new URL(request.url).searchParams);
  if (!query.ok) throw new ApiError("bad_request", query.error);
  const relay = flowsClientOf(runtime());
  if (!("client" in relay)) throw new ApiError(apiErrorCodeOf(relay.status), relay.error);
  return serviceValue(await queryFlows(relay.client, query.value, now));
});
