// Starts the Kubernetes cache and the flow stream when the server boots, so the first page load
// finds warm data and configuration problems are printed at start-up rather than on first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { answerUnroutableMethods } = await import("./server/unroutable-methods");
    answerUnroutableMethods();
    const { getRuntime } = await import("./server/runtime");
    getRuntime();
  }
}
