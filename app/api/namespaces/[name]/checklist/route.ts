import { NamespacePathParams, windowQuery } from "@/lib/api/query-params";
import { connectivityChecklist } from "@/lib/drops/connectivity-checklist";
import { apiRoute } from "@/server/api-route";
import { getClusterView } from "@/server/cluster-view";
import { relayDeliveredSince } from "@/server/status";

export const dynamic = "force-dynamic";

/** The runbook's debug sequence for one namespace: DNS, database, internet, gateway, scrape. */
export const GET = apiRoute(
  { params: NamespacePathParams, query: windowQuery },
  ({ params: { name }, query, runtime: getRuntime, now }) => {
    const runtime = getRuntime();
    const snapshot = runtime.graph.snapshot(now, query.window, { namespaces: [name] });
    return connectivityChecklist(
      name,
      snapshot,
      getClusterView(runtime, now).conventions,
      relayDeliveredSince(runtime, now),
    );
  },
);
