import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "test/server-only-stub.ts"),
    },
  },
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
    // Logic and servers run in node; components render in a DOM (happy-dom), one project each,
    // so that no node test pays for a DOM and no component test sees node-only globals.
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          include: [
            "app/**/*.test.ts",
            "lib/**/*.test.ts",
            "server/**/*.test.ts",
            "components/**/*.test.ts",
            "scripts/**/*.test.ts",
            "deploy/**/*.test.ts",
          ],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "dom",
          include: ["components/**/*.test.tsx", "app/**/*.test.tsx"],
          environment: "happy-dom",
          setupFiles: ["test/dom-setup.ts"],
          // One DOM and one React per worker, not per file: a fifth of the time on CI's two cores.
          // test/dom-setup.ts puts back after each test what a test may change.
          pool: "threads",
          isolate: false,
        },
      },
    ],
  },
});
