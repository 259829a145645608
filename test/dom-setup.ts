import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";

// Component tests (the "dom" project): unmount what a test rendered and put back what it stubbed
// (fetch, the clock), so that no test sees another's page.
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});
