import { serviceValue } from "@/lib/api/api-error";
import { fixQuery } from "@/lib/api/query-params";
import { apiRoute } from "@/server/api-route";
import { computeFix } from "@/server/fix-service";

export const dynamic = "force-dynamic";

/** Why the drops of an edge or a drop group happen, and the smallest fix with its proof and PR. */
export const GET = apiRoute({ query: fixQuery }, async ({ query, runtime, now }) =>
  serviceValue(await computeFix(runtime(), query.scope, query.windowMs, now)),
);
