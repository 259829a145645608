import { apiErrorMessage } from "@/lib/api/api-error";

/** A Sieve API call; a non-2xx answer becomes an Error carrying the server's message. */
export async function fetchJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set("accept", "application/json");
  const response = await fetch(path, { ...init, headers });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new Error(apiErrorMessage(body) ?? `${response.status} ${response.statusText}`);
  return body as T;
}
