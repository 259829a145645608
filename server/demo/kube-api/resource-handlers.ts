import "server-only";
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { KindInfo } from "@/lib/kube/kinds";
import type { KubeObject } from "@/lib/kube/types";
import { decodeContinue, encodeContinue } from "./continue-token";
import { jsonPatch, JsonPatchError } from "./json-patch";
import { fieldManagerOf, trackLabelOwnership } from "./managed-fields";
import { mergePatch, strategicMergePatch } from "./merge-patch";
import { storeKey, type DemoObjectStore } from "./object-store";
import { parseFieldSelector, parseLabelSelectorParam, SelectorError, type ObjectFilter } from "./selectors";
import { statuses, type Status } from "./status";
import { renderTable, requestedTable, type IncludeObject, type TableVersion } from "./table";
import { streamWatch } from "./watch-stream";

export interface ResourceContext {
  store: DemoObjectStore;
  now: () => number;
  bookmarkIntervalMs: number;
  /** Open watches, ended when the server stops. */
  watches: Set<() => void>;
}

export interface ResourceRequest {
  method: string;
  info: KindInfo;
  namespace: string | undefined;
  /** Undefined for the collection. */
  name: string | undefined;
  params: URLSearchParams;
  accept: string | undefined;
  contentType: string | undefined;
  userAgent: string | undefined;
  readBody: () => Promise<string>;
}

export interface Reply {
  code: number;
  body: unknown;
  contentType?: string;
}

/** Thrown by handlers to answer with a Status. */
export class StatusReply extends Error {
  constructor(readonly status: Status) {
    super(status.message);
  }
}

const BUILT_IN_GROUPS = new Set(["", "networking.k8s.io"]);

function apiVersionOf(info: KindInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** The verb RBAC would check, for 403 messages. */
export function verbOf(method: string, name: string | undefined, params: URLSearchParams): string {
  if (method === "GET") return name ? "get" : isWatch(params) ? "watch" : "list";
  return { POST: "create", PUT: "update", PATCH: "patch", DELETE: "delete" }[method] ?? method.toLowerCase();
}

function isWatch(params: URLSearchParams): boolean {
  return params.get("watch") === "true" || params.get("watch") === "1";
}

function filterOf(request: ResourceRequest): ObjectFilter {
  try {
    const labels = parseLabelSelectorParam(request.params.get("labelSelector"));
    const fields = parseFieldSelector(request.params.get("fieldSelector"));
    const namespace = request.namespace;
    return (object) =>
      (namespace === undefined || object.metadata.namespace === namespace) &&
      labels(object) &&
      fields(object);
  } catch (error) {
    if (error instanceof SelectorError) throw new StatusReply(statuses.badRequest(error.message));
    throw error;
  }
}

function includeObject(params: URLSearchParams): IncludeObject {
  const value = params.get("includeObject");
  return value === "None" || value === "Object" ? value : "Metadata";
}

async function readJson(request: ResourceRequest): Promise<unknown> {
  const text = await request.readBody();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new StatusReply(
      statuses.badRequest("the request body is not valid JSON (the demo server speaks JSON only)"),
    );
  }
}

function asObject(value: unknown, info: KindInfo): KubeObject {
  const object = value as Partial<KubeObject> | null;
  if (
    typeof object !== "object" ||
    object === null ||
    typeof object.metadata !== "object" ||
    object.metadata === null
  ) {
    throw new StatusReply(statuses.badRequest(`expected a ${info.objectKind} object with metadata`));
  }
  if (object.kind !== undefined && object.kind !== info.objectKind) {
    throw new StatusReply(
      statuses.badRequest(`the kind in the body (${object.kind}) does not match ${info.objectKind}`),
    );
  }
  if (object.apiVersion !== undefined && object.apiVersion !== apiVersionOf(info)) {
    throw new StatusReply(
      statuses.badRequest(
        `the API version in the body (${object.apiVersion}) does not match ${apiVersionOf(info)}`,
      ),
    );
  }
  return { ...object, apiVersion: apiVersionOf(info), kind: info.objectKind } as KubeObject;
}

/** Lists leave kind and apiVersion out of built-in items, as kube-apiserver does; CRD items keep them. */
function listItem(info: KindInfo, object: KubeObject): unknown {
  if (!BUILT_IN_GROUPS.has(info.group)) return object;
  return { ...object, kind: undefined, apiVersion: undefined };
}

function tableOrObject(
  context: ResourceContext,
  request: ResourceRequest,
  table: TableVersion | null,
  object: KubeObject,
) {
  if (!table) return { code: 200, body: object };
  return {
    code: 200,
    contentType: tableContentType(table),
    body: renderTable(request.info, [object], {
      version: table,
      now: context.now(),
      includeObject: includeObject(request.params),
      resourceVersion: object.metadata.resourceVersion ?? "",
    }),
  };
}

function tableContentType(version: TableVersion): string {
  return `application/json;as=Table;v=${version};g=meta.k8s.io`;
}

function list(context: ResourceContext, request: ResourceRequest): Reply {
  const { store } = context;
  const { info, params } = request;
  const filter = filterOf(request);
  const limit = Number(params.get("limit") ?? "0");
  if (!Number.isInteger(limit) || limit < 0)
    throw new StatusReply(statuses.badRequest(`invalid limit "${params.get("limit")}"`));
  const token = params.get("continue");

  let resourceVersion: number;
  let objects: KubeObject[];
  if (token) {
    const position = decodeContinue(token);
    if (!position) throw new StatusReply(statuses.badRequest("continue key is not valid"));
    const snapshot = store.listAt(info.kind, position.resourceVersion);
    if (snapshot === "expired") throw new StatusReply(statuses.expiredContinue());
    resourceVersion = position.resourceVersion;
    objects = snapshot.filter((o) => storeKey(info, o.metadata.namespace, o.metadata.name) > position.after);
  } else {
    resourceVersion = store.resourceVersion();
    objects = store.list(info.kind);
  }
  objects = objects.filter(filter);
  const page = limit > 0 ? objects.slice(0, limit) : objects;
  const remainingItemCount = objects.length - page.length;
  const last = page[page.length - 1];
  const continueToken =
    remainingItemCount > 0 && last
      ? encodeContinue({
          resourceVersion,
          after: storeKey(info, last.metadata.namespace, last.metadata.name),
        })
      : undefined;
  const listMeta = {
    resourceVersion: String(resourceVersion),
    continue: continueToken,
    remainingItemCount: remainingItemCount > 0 ? remainingItemCount : undefined,
  };

  const table = requestedTable(request.accept);
  if (table) {
    return {
      code: 200,
      contentType: tableContentType(table),
      body: renderTable(info, page, {
        version: table,
        now: context.now(),
        includeObject: includeObject(params),
        resourceVersion: listMeta.resourceVersion,
        continueToken,
        remainingItemCount: listMeta.remainingItemCount,
      }),
    };
  }
  return {
    code: 200,
    body: {
      kind: `${info.objectKind}List`,
      apiVersion: apiVersionOf(info),
      metadata: listMeta,
      items: page.map((object) => listItem(info, object)),
    },
  };
}

function watch(context: ResourceContext, request: ResourceRequest, response: ServerResponse): void {
  const { params, info } = request;
  const filter = filterOf(request);
  const requested = params.get("resourceVersion") ?? "";
  const resourceVersion = requested === "" || requested === "0" ? null : Number(requested);
  if (resourceVersion !== null && !(Number.isInteger(resourceVersion) && resourceVersion >= 0)) {
    throw new StatusReply(statuses.badRequest(`resourceVersion: Invalid value: "${requested}"`));
  }
  const timeoutSeconds = Number(params.get("timeoutSeconds") ?? "");
  const table = requestedTable(request.accept);
  const options = { now: context.now(), includeObject: includeObject(params) };
  const end = streamWatch(context.store, response, {
    info,
    filter,
    resourceVersion,
    timeoutMs: Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds * 1000 : 30 * 60_000,
    bookmarks: params.get("allowWatchBookmarks") === "true",
    bookmarkIntervalMs: context.bookmarkIntervalMs,
    contentType: table ? tableContentType(table) : "application/json",
    render: table
      ? (object) =>
          renderTable(info, [object], {
            ...options,
            version: table,
            resourceVersion: object.metadata.resourceVersion ?? "",
          })
      : (object) => object,
  });
  context.watches.add(end);
  response.on("close", () => context.watches.delete(end));
}

function existing(context: ResourceContext, request: ResourceRequest, name: string): KubeObject {
  const found = context.store.get(request.info.kind, request.namespace, name);
  if (!found) throw new StatusReply(statuses.notFound(request.info, name));
  return found;
}

function checkNamespace(context: ResourceContext, request: ResourceRequest): void {
  if (
    request.info.namespaced &&
    request.namespace &&
    !context.store.get("namespaces", undefined, request.namespace)
  ) {
    throw new StatusReply(statuses.namespaceNotFound(request.namespace));
  }
}

/** The object as it will be stored: label ownership recorded in managedFields as the API server does. */
function withManagedFields<T extends KubeObject>(
  context: ResourceContext,
  request: ResourceRequest,
  previous: KubeObject | undefined,
  next: T,
): T {
  const time = new Date(Math.floor(context.now() / 1000) * 1000).toISOString().replace(".000Z", "Z");
  const manager = fieldManagerOf(request.params, request.userAgent);
  const managedFields = trackLabelOwnership(previous, next, manager, time);
  return { ...next, metadata: { ...next.metadata, managedFields } };
}

function dryRun(params: URLSearchParams): boolean {
  return params.getAll("dryRun").includes("All");
}

async function create(context: ResourceContext, request: ResourceRequest): Promise<Reply> {
  const { info } = request;
  if (info.namespaced && !request.namespace) throw new StatusReply(statuses.methodNotAllowed("POST"));
  const object = asObject(await readJson(request), info);
  const metadata: KubeObject["metadata"] & { generateName?: unknown } = { ...object.metadata };
  if (!metadata.name && typeof metadata.generateName === "string") {
    metadata.name = `${metadata.generateName}${randomBytes(3).toString("hex").slice(0, 5)}`;
  }
  if (!metadata.name) throw new StatusReply(statuses.invalid(info, "", "metadata.name: Required value"));
  if (info.namespaced) {
    if (metadata.namespace && metadata.namespace !== request.namespace) {
      throw new StatusReply(
        statuses.badRequest(
          "the namespace of the provided object does not match the namespace sent on the request",
        ),
      );
    }
    metadata.namespace = request.namespace;
  }
  checkNamespace(context, request);
  if (context.store.get(info.kind, metadata.namespace, metadata.name)) {
    throw new StatusReply(statuses.alreadyExists(info, metadata.name));
  }
  delete metadata.resourceVersion;
  const candidate: KubeObject & { status?: unknown } = withManagedFields(context, request, undefined, {
    ...object,
    metadata,
  });
  if (info.kind === "namespaces")
    candidate.status = { phase: "Active", ...(candidate.status as object | undefined) };
  return { code: 201, body: dryRun(request.params) ? candidate : context.store.upsert(candidate) };
}

function checkIdentity(request: ResourceRequest, current: KubeObject, next: KubeObject): void {
  const { info } = request;
  if (next.metadata.name !== current.metadata.name) {
    throw new StatusReply(
      statuses.badRequest(
        `the name of the object (${next.metadata.name}) does not match the name on the URL (${current.metadata.name})`,
      ),
    );
  }
  if (
    info.namespaced &&
    next.metadata.namespace !== undefined &&
    next.metadata.namespace !== current.metadata.namespace
  ) {
    throw new StatusReply(
      statuses.badRequest(
        "the namespace of the provided object does not match the namespace sent on the request",
      ),
    );
  }
  const wanted = next.metadata.resourceVersion;
  if (wanted !== undefined && wanted !== "" && wanted !== current.metadata.resourceVersion) {
    throw new StatusReply(statuses.conflict(info, current.metadata.name));
  }
}

async function update(context: ResourceContext, request: ResourceRequest, name: string): Promise<Reply> {
  const current = existing(context, request, name);
  const next = asObject(await readJson(request), request.info);
  checkIdentity(request, current, next);
  const merged = withManagedFields(context, request, current, {
    ...next,
    metadata: { ...next.metadata, namespace: current.metadata.namespace },
  });
  return { code: 200, body: dryRun(request.params) ? merged : context.store.upsert(merged) };
}

async function patch(context: ResourceContext, request: ResourceRequest, name: string): Promise<Reply> {
  const current = existing(context, request, name);
  const mediaType = (request.contentType ?? "").split(";")[0]!.trim();
  const body = await readJson(request);
  let patched: unknown;
  switch (mediaType) {
    case "application/merge-patch+json":
      patched = mergePatch(current, body);
      break;
    case "application/strategic-merge-patch+json":
      patched = strategicMergePatch(current, body);
      break;
    case "application/json-patch+json":
      try {
        patched = jsonPatch(current, body);
      } catch (error) {
        if (error instanceof JsonPatchError)
          throw new StatusReply(statuses.invalid(request.info, name, error.message));
        throw error;
      }
      break;
    default:
      throw new StatusReply(statuses.unsupportedMediaType(mediaType || "(none)"));
  }
  const next = asObject(patched, request.info);
  const precondition = (body as { metadata?: { resourceVersion?: unknown } } | null)?.metadata
    ?.resourceVersion;
  checkIdentity(request, current, {
    ...next,
    metadata: {
      ...next.metadata,
      resourceVersion: typeof precondition === "string" ? precondition : undefined,
    },
  });
  const stored = withManagedFields(context, request, current, next);
  return { code: 200, body: dryRun(request.params) ? stored : context.store.upsert(stored) };
}

function remove(context: ResourceContext, request: ResourceRequest, name: string): Reply {
  const current = existing(context, request, name);
  if (dryRun(request.params)) return { code: 200, body: current };
  return { code: 200, body: context.store.remove(request.info.kind, request.namespace, name) ?? current };
}

/** Serves one request on a kind's collection or item; returns null when it streamed a watch itself. */
export async function handleResource(
  context: ResourceContext,
  request: ResourceRequest,
  response: ServerResponse,
): Promise<Reply | null> {
  const { method, name } = request;
  const table = requestedTable(request.accept);
  if (name === undefined) {
    if (method === "GET") {
      if (!isWatch(request.params)) return list(context, request);
      watch(context, request, response);
      return null;
    }
    if (method === "POST") return create(context, request);
  } else {
    if (method === "GET") return tableOrObject(context, request, table, existing(context, request, name));
    if (method === "PUT") return update(context, request, name);
    if (method === "PATCH") return patch(context, request, name);
    if (method === "DELETE") return remove(context, request, name);
  }
  throw new StatusReply(statuses.methodNotAllowed(method));
}
