import "server-only";
import { z } from "zod";
import { ApiError, type ApiIssue } from "@/lib/api/api-error";
import { queryInputOf, queryIssuesOf, queryIssuesText, type ViewDefaults } from "@/lib/api/query-params";
import { pushRequestProblem, requestHostDecision } from "@/lib/api/request-host";
import type { AuthSettings } from "@/lib/config/auth-settings";
import type { WebAccess } from "@/lib/config/web-access";
import { errorResponse, jsonResponse } from "./api-response";
import { authSettings } from "./auth/auth-settings";
import { authorizePush, currentUser } from "./auth/current-user";
import { getRuntime, type SieveRuntime } from "./runtime";
import { viewDefaults } from "./view-defaults";
import { webAccess } from "./web-access";

// The one wrapper of every app/api route handler: it refuses foreign hosts (DNS rebinding), requests
// nobody signed in for (SIEVE_AUTH), and pushes not made by Sieve's own page or by a user outside
// SIEVE_PUSH_GROUP, parses the query and path with the route's zod schemas, and
// answers every failure in one JSON shape with the API's headers, a thrown error as a 500.

/** What a handler reads from outside the request; tests inject their own. */
export interface RouteDeps {
  runtime: () => SieveRuntime;
  access: () => WebAccess;
  auth: () => AuthSettings;
  now: () => number;
  /** What a parameter the URL leaves out stands for (SIEVE_FLOW_WINDOW). */
  viewDefaults: () => ViewDefaults;
}

const PROCESS_DEPS: RouteDeps = {
  runtime: getRuntime,
  access: webAccess,
  auth: authSettings,
  now: Date.now,
  viewDefaults,
};

export interface RouteInput<Q, P> {
  request: Request;
  query: Q;
  params: P;
  /** The process's runtime (started on first use); a function so routes that need none start none. */
  runtime: () => SieveRuntime;
  /** The request's clock reading, ms since epoch. */
  now: number;
}

export interface RouteOptions<Q extends z.ZodType, P extends z.ZodType> {
  /** The query's schema, or a schema made for the configured defaults (a window the URL leaves out). */
  query?: Q | ((defaults: ViewDefaults) => Q);
  params?: P;
  /**
   * "push": the request changes something outside Sieve (a git push), so only Sieve's page may send
   * it, and only a user SIEVE_PUSH_GROUP names. "open": answered without a signed-in user (liveness).
   */
  guard?: "push" | "open";
}

interface NextRouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

export type RouteHandler = (request: Request, context?: NextRouteContext) => Promise<Response>;

export interface ApiRoute extends RouteHandler {
  /** The same handler reading `deps` instead of the process's runtime, clock and settings. */
  withDeps(deps: RouteDeps): RouteHandler;
}

const NO_INPUT = z.object({});
const wrapped = new WeakSet<object>();

/** True for a handler made by apiRoute (the test of app/api checks every export with it). */
export function isApiRoute(value: unknown): value is ApiRoute {
  return typeof value === "function" && wrapped.has(value);
}

/** The query and path parsed by their schemas; every problem of both in one 400. */
function parseInputs<Q extends z.ZodType, P extends z.ZodType>(
  query: { schema: Q; input: unknown },
  params: { schema: P; input: unknown },
): { query: z.output<Q>; params: z.output<P> } {
  const parsedQuery = query.schema.safeParse(query.input);
  const parsedParams = params.schema.safeParse(params.input);
  if (parsedQuery.success && parsedParams.success)
    return { query: parsedQuery.data, params: parsedParams.data };
  const issues: ApiIssue[] = [parsedQuery, parsedParams].flatMap((parsed) =>
    parsed.success ? [] : queryIssuesOf(parsed.error),
  );
  throw new ApiError("bad_request", queryIssuesText(issues), issues);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 300);
}

async function answer<Q extends z.ZodType, P extends z.ZodType>(
  options: RouteOptions<Q, P>,
  handler: (input: RouteInput<z.output<Q>, z.output<P>>) => object | Promise<object>,
  deps: RouteDeps,
  request: Request,
  context: NextRouteContext | undefined,
): Promise<Response> {
  try {
    const host = requestHostDecision(request.headers, deps.access());
    if (!host.ok) throw new ApiError("forbidden", host.message);
    if (options.guard !== "open") {
      const auth = deps.auth();
      const user = await currentUser(request, auth);
      if (user === null) throw new ApiError("unauthorized", "sign in first (SIEVE_AUTH is on)");
      if (options.guard === "push") {
        const problem = pushRequestProblem(request.headers, host.origins);
        if (problem) throw new ApiError("forbidden", problem);
        const decision = authorizePush(user, auth);
        if (!decision.ok)
          throw new ApiError(decision.status === 401 ? "unauthorized" : "forbidden", decision.error);
      }
    }
    const querySchema =
      typeof options.query === "function" ? options.query(deps.viewDefaults()) : options.query;
    const { query, params } = parseInputs(
      { schema: querySchema ?? NO_INPUT, input: queryInputOf(new URL(request.url).searchParams) },
      { schema: options.params ?? NO_INPUT, input: (await context?.params) ?? {} },
    );
    const body = await handler({
      request,
      // Without a schema these are {}, which is what z.output of the defaults says.
      query: query as z.output<Q>,
      params: params as z.output<P>,
      runtime: deps.runtime,
      now: deps.now(),
    });
    return body instanceof Response ? body : jsonResponse(body);
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error);
    console.error(`sieve: ${request.method} ${new URL(request.url).pathname} failed: ${firstLine(error)}`);
    return errorResponse(
      new ApiError("internal_error", "Sieve could not answer this request; its log says why"),
    );
  }
}

/** A route handler: `export const GET = apiRoute({ query: windowQuery }, ({ query }) => body)`. */
export function apiRoute<Q extends z.ZodType = typeof NO_INPUT, P extends z.ZodType = typeof NO_INPUT>(
  options: RouteOptions<Q, P>,
  handler: (input: RouteInput<z.output<Q>, z.output<P>>) => object | Promise<object>,
): ApiRoute {
  const withDeps = (deps: RouteDeps): RouteHandler => {
    const route: RouteHandler = (request, context) => answer(options, handler, deps, request, context);
    wrapped.add(route);
    return route;
  };
  const route = Object.assign(withDeps(PROCESS_DEPS), { withDeps });
  return route;
}
