import type { ApiError } from "@/lib/api/responses";

/** GETs a Sieve API path; a non-2xx answer becomes an Error carrying the server's message. */
export async function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { signal, headers: { accept: "application/json" } });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (body as ApiError | null)?.error ?? `${response.status} ${response.statusText}`;
    throw new Error(message);
  }
  return body as T;
}
