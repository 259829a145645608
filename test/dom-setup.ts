import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";
import { resetPage } from "@/components/testing/navigation-stub";

// Component tests (the "dom" project): unmount what a test rendered and put back what it stubbed
// (fetch, the clock, the URL), so that no test sees another's page: the files of the project share
// their modules (isolate: false), which saves a DOM and React per file.
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  resetPage();
});
