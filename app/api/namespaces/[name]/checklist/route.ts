import { parseWindowParam } from "@/lib/api/query-params";
import { connectivityChecklist } from "@/lib/drops/connectivity-checklist";
import { isNamespaceName } from "@/lib/graph/graph-ids";
import { DEFAULT_GRAPH_WINDOW_MS } from "@/lib/graph/graph-window";
import { getClusterView } from "@/server/cluster-view";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** The runbook's debug sequence for one namespace: DNS, database, internet, gateway, scrape. */
export async function GET(request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  if (!isNamespaceName(name)) return Response.json({ error: "name: not a namespace name" }, { status: 400 });
  const window = parseWindowParam(new URL(request.url).searchParams.get("window"), DEFAULT_GRAPH_WINDOW_MS);
  if (!window.ok) return Response.json({ error: window.error }, { status: 400 });
  const runtime = getRuntime();
  const now = Date.now();
  const snapshot = runtime.graph.snapshot(now, window.value, { namespaces: [name] });
  return Response.json(connectivityChecklist(name, snapshot, getClusterView(runtime, now).conventions));
}
