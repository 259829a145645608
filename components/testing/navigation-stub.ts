import { useMemo, useSyncExternalStore } from "react";
import { vi } from "vitest";

// For component tests: next/navigation as the app router gives it to a page, over a URL the test
// sets. Tests that render a page component mock the module with this one:
//   vi.mock("next/navigation", () => import("./testing/navigation-stub"));
// As in the app router, a page's own history.pushState/replaceState moves the URL its hooks read.

export const page = {
  pathname: "/",
  search: "",
  replace: vi.fn<(url: string, options?: object) => void>(),
  /** router.push: recorded, and the page's URL moves to it, as the app router does. */
  push: vi.fn<(url: string, options?: object) => void>(),
};

const listeners = new Set<() => void>();

function follow(url: string | URL | null | undefined): void {
  if (url === null || url === undefined) return;
  const next = new URL(String(url), "http://sieve.test" + page.pathname);
  page.pathname = next.pathname;
  page.search = next.search.replace(/^\?/, "");
  for (const listener of listeners) listener();
}

let historyFollowed = false;
function followHistory(): void {
  if (historyFollowed || typeof window === "undefined") return;
  historyFollowed = true;
  const { pushState, replaceState } = window.history;
  window.history.pushState = function (data, unused, url) {
    pushState.call(this, data, unused, url);
    follow(url);
  };
  window.history.replaceState = function (data, unused, url) {
    replaceState.call(this, data, unused, url);
    follow(url);
  };
}

function subscribe(listener: () => void): () => void {
  followHistory();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Back to "/" with no query and no navigation recorded (test/dom-setup.ts, after each test). */
export function resetPage(): void {
  page.pathname = "/";
  page.search = "";
  page.replace.mockReset();
  page.push.mockReset();
}

function push(url: string, options?: object): void {
  page.push(url, options);
  follow(url);
}

const router = { replace: page.replace, push };
export const useRouter = () => router;
export const usePathname = () => useSyncExternalStore(subscribe, () => page.pathname);
export function useSearchParams(): URLSearchParams {
  const search = useSyncExternalStore(subscribe, () => page.search);
  return useMemo(() => new URLSearchParams(search), [search]);
}
