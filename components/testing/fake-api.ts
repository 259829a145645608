import { vi } from "vitest";
import { ApiError, type ApiErrorCode } from "@/lib/api/api-error";

// For component tests: Sieve's API as the page sees it, at the process boundary (globalThis.fetch).
// Each path (without its query) answers what the test says; the hooks, fetchJson and the query
// cache run as they do in the browser.

export type FakeAnswer =
  | { kind: "json"; body: unknown }
  | { kind: "error"; code: ApiErrorCode; message: string }
  /** Never answers: the page stays as it is while loading. */
  | { kind: "pending" }
  /** Answers each request by what it asks (its URL, with the query). */
  | { kind: "respond"; answer: (url: URL) => FakeAnswer };

export const json = (body: unknown): FakeAnswer => ({ kind: "json", body });
export const apiError = (code: ApiErrorCode, message: string): FakeAnswer => ({
  kind: "error",
  code,
  message,
});
export const pending: FakeAnswer = { kind: "pending" };
export const respond = (answer: (url: URL) => FakeAnswer): FakeAnswer => ({ kind: "respond", answer });

export interface FakeApi {
  /** Changes what a path answers from now on. */
  answer(path: string, answer: FakeAnswer): void;
  /** Every request, in order: "GET /api/flows?last=200". */
  readonly asked: string[];
  /** The headers of each request, in the same order. */
  readonly headers: Headers[];
}

export function fakeApi(answers: Record<string, FakeAnswer>): FakeApi {
  const table = new Map(Object.entries(answers));
  const asked: string[] = [];
  const headers: Headers[] = [];
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input), "http://sieve.test");
    asked.push(`${init.method ?? "GET"} ${url.pathname}${url.search}`);
    headers.push(new Headers(init.headers));
    const given = table.get(url.pathname);
    if (!given) throw new Error(`the fake API has no answer for ${url.pathname}`);
    const answer = given.kind === "respond" ? given.answer(url) : given;
    if (answer.kind === "respond") throw new Error("a fake answer answers with a response, not another");
    if (answer.kind === "pending") return new Promise<Response>(() => {});
    if (answer.kind === "json") return Response.json(answer.body);
    const error = new ApiError(answer.code, answer.message);
    return Response.json(error.body(), { status: error.status });
  });
  vi.stubGlobal("fetch", fetchStub);
  return { answer: (path, next) => void table.set(path, next), asked, headers };
}
