import { defineConfig } from "@playwright/test";

const chromium = process.env.SIEVE_CHROMIUM ?? "/usr/bin/chromium";
export const DEMO_URL = "http://127.0.0.1:3100";
export const MISCONFIGURED_URL = "http://127.0.0.1:3101";
/** The demo seeded from a GitOps repository (repository preview): test/fixtures/repos/overlay-tree. */
export const PREVIEW_URL = "http://127.0.0.1:3102";
/** The demo's test hook: POST /flows publishes flows on the demo relay. */
export const DEMO_CONTROL_URL = "http://127.0.0.1:3190";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: DEMO_URL,
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
      ],
    },
    trace: "off",
  },
  webServer: [
    {
      command: "node scripts/sieve.mjs demo --no-build --port 3100",
      url: `${DEMO_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        SIEVE_DEMO_CONTROL: "1",
        SIEVE_DEMO_CONTROL_PORT: new URL(DEMO_CONTROL_URL).port,
        SIEVE_DEMO_KUBECONFIG: ".sieve/e2e/kubeconfig",
        // Short watchdog bounds, so e2e/honest-states.spec.ts sees a hung source within seconds.
        SIEVE_PROBE_INTERVAL: "2s",
        SIEVE_SILENCE_BOUND: "8s",
      },
    },
    {
      command: "node scripts/sieve.mjs serve --no-build --port 3101",
      url: `${MISCONFIGURED_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "ignore",
      env: {
        SIEVE_KUBECONFIG: "/nonexistent/sieve-e2e/kubeconfig",
        SIEVE_HUBBLE_ADDRESS: "relay:not-a-port",
      },
    },
    {
      command: "node scripts/sieve.mjs demo --no-build --port 3102",
      url: `${PREVIEW_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        SIEVE_DEMO_MANIFESTS: "test/fixtures/repos/overlay-tree",
        SIEVE_DEMO_KUBECONFIG: ".sieve/e2e-preview/kubeconfig",
        SIEVE_DEMO_PREVIEW_REPORT: ".sieve/e2e-preview/preview.json",
      },
    },
  ],
});
