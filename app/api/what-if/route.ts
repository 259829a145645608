import { serviceValue } from "@/lib/api/api-error";
import { WhatIfQuery } from "@/lib/api/query-params";
import { apiRoute } from "@/server/api-route";
import { computeWhatIf } from "@/server/what-if-service";

export const dynamic = "force-dynamic";

/** What a branch (or a pull request's head) of the GitOps repository would do to the observed flows. */
export const GET = apiRoute({ query: WhatIfQuery }, async ({ query, runtime, now }) =>
  serviceValue(await computeWhatIf(runtime(), query.ref, query.window, now)),
);
