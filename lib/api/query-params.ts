import { z } from "zod";
import type { DropsFilter } from "@/lib/drops/drops-filter";
import { parseGitRef } from "@/lib/gitops/git-ref";
import { isNamespaceName } from "@/lib/gitops/k8s-names";
import { parseDetailRequest } from "@/lib/graph/graph-detail";
import { isEdgeId } from "@/lib/graph/graph-ids";
import { parseGraphViewState } from "@/lib/graph/graph-url-state";
import { MAX_GRAPH_WINDOW_MS, parseGraphWindow } from "@/lib/graph/graph-window";
import type { ApiIssue } from "./api-error";
import { parseFixScope } from "./fix-scope";

// The parameters of every Sieve API route and of the pages that link to them, as zod schemas, so a
// page and its API never disagree about a parameter. Invalid values are errors (400), not defaults:
// an API caller should learn that its query was wrong. Pages decide for themselves what to do with
// a value that does not parse. Schemas that take a window are made for the configured default
// (SIEVE_FLOW_WINDOW), the one window every view and route counts over when the URL names none.

/** What a parameter the URL leaves out stands for; from the configuration (server/view-defaults). */
export interface ViewDefaults {
  windowMs: number;
}

/** A repeated parameter becomes a list; a single one stays a string. */
export function queryInputOf(params: URLSearchParams): Record<string, string | string[]> {
  const input: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    input[key] = values.length === 1 ? values[0]! : values;
  }
  return input;
}

/** The first value of a parameter (what URLSearchParams.get answers), or null when absent. */
const firstValue = z
  .union([z.string(), z.array(z.string()).readonly()])
  .optional()
  .transform((value): string | null => (typeof value === "string" ? value : (value?.[0] ?? null)));

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Each problem zod found, named by the parameter it is about. */
export function queryIssuesOf(error: z.ZodError): ApiIssue[] {
  return error.issues.map((issue) => ({ param: issue.path.map(String).join("."), message: issue.message }));
}

/** The problems in one line: "window: … ; port: …" (a message naming its parameter is kept as it is). */
export function queryIssuesText(issues: readonly ApiIssue[]): string {
  return issues
    .map(({ param, message }) => (param && !message.startsWith(param) ? `${param}: ${message}` : message))
    .join("; ");
}

/** A page's parameters read by a route's schema: its value, or every problem in one line. */
export function parseViewQuery<S extends z.ZodType>(schema: S, params: URLSearchParams): Parsed<z.output<S>> {
  const parsed = schema.safeParse(queryInputOf(params));
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: queryIssuesText(queryIssuesOf(parsed.error)) };
}

export function parseWindowParam(text: string | null, fallbackMs: number): Parsed<number> {
  if (text === null || text === "") return { ok: true, value: fallbackMs };
  const window = parseGraphWindow(text);
  return window.ok
    ? { ok: true, value: window.ms }
    : { ok: false, error: `window: "${text.slice(0, 40)}" is ${window.problem}` };
}

/** ?window=5m: a duration of 1m to 1h, `fallbackMs` when absent; parses to milliseconds. */
export function windowParam(fallbackMs: number) {
  return firstValue.transform((text, ctx) => {
    const window = parseWindowParam(text, fallbackMs);
    if (window.ok) return window.value;
    ctx.addIssue({ code: "custom", message: window.error });
    return z.NEVER;
  });
}

/** A Kubernetes namespace name (a path segment or a parameter). */
export const namespaceName = z.string().refine(isNamespaceName, "not a namespace name");

/** Path parameters of /api/namespaces/[name]/… and /api/posture/[name]. */
export const NamespacePathParams = z.object({ name: namespaceName });

/** ?window= alone: /api/posture, the checklist, and the pages that show them. */
export const windowQuery = (defaults: ViewDefaults) => z.object({ window: windowParam(defaults.windowMs) });

/** ?namespace=mealie: a namespace name, null when absent. */
const namespaceParam = firstValue.transform((text, ctx): string | null => {
  if (text === null || text === "") return null;
  if (isNamespaceName(text)) return text;
  ctx.addIssue({ code: "custom", message: `namespace: "${text.slice(0, 70)}" is not a namespace name` });
  return z.NEVER;
});

/** ?port=5432: a port from 1 to 65535, null when absent. */
const portParam = firstValue.transform((text, ctx): number | null => {
  if (text === null || text === "") return null;
  if (/^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535) return Number(text);
  ctx.addIssue({ code: "custom", message: `port: "${text.slice(0, 40)}" is not a port from 1 to 65535` });
  return z.NEVER;
});

/** ?namespace=&port=: what the drops view narrows its drops to (lib/drops/drops-filter). */
export const dropsFilterQuery = z.object({ namespace: namespaceParam, port: portParam });

/** /api/drops and the /drops page: the window and the drops filter. */
export const dropsQuery = (defaults: ViewDefaults) =>
  z
    .object({ window: windowParam(defaults.windowMs), namespace: namespaceParam, port: portParam })
    .transform(({ window, namespace, port }) => ({
      window,
      filter: { namespace, port } satisfies DropsFilter,
    }));

export const edgeQuery = (defaults: ViewDefaults) =>
  z.object({
    id: firstValue.refine((id) => id !== null && isEdgeId(id), "not an edge id").transform((id) => id!),
    window: windowParam(defaults.windowMs),
  });

/** /api/fix and /api/fix/pull-request: one of edge, group or reenable, and the window. */
export const fixQuery = (defaults: ViewDefaults) =>
  z
    .object({
      edge: firstValue,
      group: firstValue,
      reenable: firstValue,
      window: windowParam(defaults.windowMs),
    })
    .transform((query, ctx) => {
      const { edge, group, reenable } = query;
      const values: Record<string, string | null> = { edge, group, reenable };
      const scope = parseFixScope({ get: (name) => values[name] ?? null });
      if (scope.ok) return { scope: scope.scope, windowMs: query.window };
      ctx.addIssue({ code: "custom", message: scope.error });
      return z.NEVER;
    });

/**
 * /api/graph: the graph view's own URL state (lib/graph/graph-url-state) and the level of detail
 * asked (lib/graph/graph-detail: `detail=all`, `keep=<id>`), problems as issues.
 */
export const graphQuery = (defaults: ViewDefaults) =>
  z
    .record(z.string(), z.union([z.string(), z.array(z.string()).readonly()]).optional())
    .transform((input, ctx) => {
      const { state, problems } = parseGraphViewState(input, defaults.windowMs);
      const params = new URLSearchParams();
      for (const name of ["detail", "keep"]) {
        const value = input[name];
        for (const item of typeof value === "string" ? [value] : (value ?? [])) params.append(name, item);
      }
      const detail = parseDetailRequest(params);
      for (const p of [...problems, ...detail.problems])
        ctx.addIssue({ code: "custom", message: p.problem, path: [p.param] });
      return problems.length + detail.problems.length > 0 ? z.NEVER : { ...state, detail: detail.request };
    });

/**
 * /api/what-if: the ref to read and the window of flows to replay; all the flows Sieve keeps
 * (the longest window) unless the URL names one.
 */
export const WhatIfQuery = z.object({
  ref: firstValue.transform((text, ctx) => {
    const ref = parseGitRef(text ?? "");
    if (ref.ok) return ref.ref;
    ctx.addIssue({ code: "custom", message: ref.error });
    return z.NEVER;
  }),
  window: windowParam(MAX_GRAPH_WINDOW_MS),
});
