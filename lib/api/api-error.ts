// The one error shape every Sieve API answers with: { error: { code, message, issues? } }.

export type ApiErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "bad_gateway"
  | "unavailable"
  | "gateway_timeout"
  | "internal_error";

/** One problem with one input field (a query parameter, a path segment or a body field). */
export interface ApiIssue {
  /** The parameter's name, e.g. "window"; "" when the problem is with the input as a whole. */
  param: string;
  message: string;
}

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; issues?: ApiIssue[] };
}

const STATUS_OF: Record<ApiErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  internal_error: 500,
  bad_gateway: 502,
  unavailable: 503,
  gateway_timeout: 504,
};

/** A refusal a handler throws (or returns through a service result); the route wrapper answers it. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly issues: ApiIssue[] | undefined;
  constructor(code: ApiErrorCode, message: string, issues?: ApiIssue[]) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.issues = issues;
  }
  get status(): number {
    return STATUS_OF[this.code];
  }
  body(): ApiErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) },
    };
  }
}

/** The code for an HTTP status a service answered with; unknown statuses count as internal errors. */
export function apiErrorCodeOf(status: number): ApiErrorCode {
  const found = (Object.keys(STATUS_OF) as ApiErrorCode[]).find((code) => STATUS_OF[code] === status);
  return found ?? "internal_error";
}

/** The message of an error answer, or null when `body` is not one. */
export function apiErrorMessage(body: unknown): string | null {
  if (typeof body !== "object" || body === null || !("error" in body)) return null;
  const error = body.error;
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string")
    return error.message;
  return null;
}

/** A service's answer: its value, or the status and message of why there is none. */
export type ServiceResult<T> = { ok: true; value: T } | { ok: false; status: number; error: string };

/** The value of `result`, or the ApiError its refusal becomes. */
export function serviceValue<T>(result: ServiceResult<T>): T {
  if (result.ok) return result.value;
  throw new ApiError(apiErrorCodeOf(result.status), result.error);
}
