// Checks the login settings against the address the server listens on (refusing to serve when
// they do not fit), then starts the Kubernetes cache and the flow stream, so the first page load
// finds warm data (the cluster view is computed as soon as the cache has synced) and configuration
// problems are printed at start-up rather than on first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkLoginAtStartup } = await import("./server/auth/startup-check");
    checkLoginAtStartup(process.argv, process.env, (code) => process.exit(code));
    const { answerUnroutableMethods } = await import("./server/unroutable-methods");
    answerUnroutableMethods();
    const { getRuntime } = await import("./server/runtime");
    const { warmClusterViewOnSync } = await import("./server/cluster-view");
    void warmClusterViewOnSync(getRuntime());
  }
}
