import { execFileSync } from "node:child_process";

/** The kubeconfig the e2e demo writes for its Kubernetes API server (playwright.config.ts). */
export const DEMO_KUBECONFIG = ".sieve/e2e/kubeconfig";

/** kubectl against the e2e demo's API server, as a user would change the cluster. */
export function kubectl(args: string[], input?: string): string {
  return execFileSync("kubectl", ["--kubeconfig", DEMO_KUBECONFIG, ...args], { encoding: "utf8", input });
}
