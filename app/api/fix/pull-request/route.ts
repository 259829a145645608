import { serviceValue } from "@/lib/api/api-error";
import { fixQuery } from "@/lib/api/query-params";
import { apiRoute } from "@/server/api-route";
import { pushFix } from "@/server/fix-service";

export const dynamic = "force-dynamic";

/**
 * Pushes the fix's branch to the GitOps repository with the server's token and answers the link
 * to the prefilled pull request. Changes git, never the cluster; only Sieve's own page may ask.
 */
export const POST = apiRoute({ query: fixQuery, guard: "push" }, async ({ query, runtime, now }) =>
  serviceValue(await pushFix(runtime(), query.scope, query.windowMs, now)),
);
