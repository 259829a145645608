import { z } from "zod";
import { parseDuration } from "@/lib/config/duration";
import { buildNamespaceRows, countsOutsideNamespaces } from "@/lib/posture/namespace-rows";
import type { NamespacesResponse } from "@/lib/api/responses";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  window: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return 5 * 60_000;
      const ms = parseDuration(text);
      if (ms === null || ms < 60_000 || ms > 3_600_000) {
        ctx.addIssue({ code: "custom", message: "window must be a duration between 1m and 1h, e.g. 5m" });
        return z.NEVER;
      }
      return ms;
    }),
});

export function GET(request: Request) {
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    return Response.json({ error: parsed.error.issues.map((i) => i.message).join("; ") }, { status: 400 });
  }
  const runtime = getRuntime();
  const now = Date.now();
  const namespaces = runtime.cluster?.list("namespaces") ?? [];
  const counts = runtime.verdicts.countsSince(now, parsed.data.window);
  const body: NamespacesResponse = {
    now,
    windowMs: parsed.data.window,
    namespaces: buildNamespaceRows(namespaces, counts, runtime.conventions),
    otherFlowCounts: countsOutsideNamespaces(namespaces, counts),
  };
  return Response.json(body);
}
