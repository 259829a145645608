import "server-only";
import type { KindInfo } from "@/lib/kube/kinds";

/** A `Status` failure, the body of every error response and of watch ERROR events. */
export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string };
  code: number;
}

export function failure(code: number, reason: string, message: string, details?: Status["details"]): Status {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    details,
    code,
  };
}

function target(info: KindInfo, name?: string): Status["details"] {
  return { name, group: info.group || undefined, kind: info.kind };
}

function resourceName(info: KindInfo): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}

export const statuses = {
  unauthorized: () => failure(401, "Unauthorized", "Unauthorized"),

  forbidden: (info: KindInfo, verb: string, namespace: string | undefined, name?: string) => {
    const scope = namespace ? `in the namespace "${namespace}"` : "at the cluster scope";
    const subject = name ? `${resourceName(info)} "${name}"` : resourceName(info);
    return failure(
      403,
      "Forbidden",
      `${subject} is forbidden: User "system:serviceaccount:sieve:sieve" cannot ${verb} resource "${info.kind}" in API group "${info.group}" ${scope}`,
      target(info, name),
    );
  },

  notFound: (info: KindInfo, name: string) =>
    failure(404, "NotFound", `${resourceName(info)} "${name}" not found`, target(info, name)),

  namespaceNotFound: (namespace: string) =>
    failure(404, "NotFound", `namespaces "${namespace}" not found`, { name: namespace, kind: "namespaces" }),

  noSuchPath: () => failure(404, "NotFound", "the server could not find the requested resource"),

  alreadyExists: (info: KindInfo, name: string) =>
    failure(409, "AlreadyExists", `${resourceName(info)} "${name}" already exists`, target(info, name)),

  conflict: (info: KindInfo, name: string) =>
    failure(
      409,
      "Conflict",
      `Operation cannot be fulfilled on ${resourceName(info)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      target(info, name),
    ),

  badRequest: (message: string) => failure(400, "BadRequest", message),

  invalid: (info: KindInfo, name: string, message: string) =>
    failure(422, "Invalid", `${info.objectKind} "${name}" is invalid: ${message}`, target(info, name)),

  methodNotAllowed: (method: string) =>
    failure(
      405,
      "MethodNotAllowed",
      `the server does not allow this method on the requested resource (${method})`,
    ),

  unsupportedMediaType: (contentType: string) =>
    failure(415, "UnsupportedMediaType", `the body of the request was in an unknown format: ${contentType}`),

  tooLarge: () => failure(413, "RequestEntityTooLarge", "the request body is too large"),

  expiredContinue: () =>
    failure(
      410,
      "Expired",
      "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.",
    ),

  tooOldResourceVersion: (requested: number, oldest: number) =>
    failure(410, "Expired", `too old resource version: ${requested} (${oldest})`),
};
