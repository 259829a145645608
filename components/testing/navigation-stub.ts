import { vi } from "vitest";

// For component tests: next/navigation as the app router gives it to a page, over a URL the test
// sets. Tests that render a page component mock the module with this one:
//   vi.mock("next/navigation", () => import("./testing/navigation-stub"));

export const page = { pathname: "/", search: "", replace: vi.fn<(url: string, options?: object) => void>() };

/** Back to "/" with no query and no navigation recorded (test/dom-setup.ts, after each test). */
export function resetPage(): void {
  page.pathname = "/";
  page.search = "";
  page.replace.mockReset();
}

export const useRouter = () => ({ replace: page.replace });
export const usePathname = () => page.pathname;
export const useSearchParams = () => new URLSearchParams(page.search);
