import "server-only";
import type { StatusResponse } from "@/lib/api/responses";
import { hubbleHealth, kubernetesHealth, previewRelayHealth } from "@/lib/status/connection-health";
import type { SieveRuntime } from "./runtime";

function unconfigured(runtime: SieveRuntime, section: "kubernetes" | "hubble") {
  const problem = runtime.problems.find((p) => p.section === section);
  return { health: "unconfigured" as const, message: problem?.message ?? "not configured", lastGoodAt: null };
}

export function buildStatus(runtime: SieveRuntime, now: number): StatusResponse {
  const kinds = runtime.cluster?.syncStatus() ?? [];
  const feed = runtime.flows?.status();
  return {
    now,
    configErrors: runtime.problems.map((p) => p.message),
    preview: runtime.config.preview
      ? {
          folder: runtime.preview?.folder ?? "",
          renderer: runtime.preview?.renderer ?? "unknown (the preview report could not be read)",
          problems: (runtime.preview?.problems ?? []).map(({ kind, file, message }) => ({
            kind,
            file,
            message,
          })),
        }
      : null,
    kubernetes: {
      ...(runtime.cluster ? kubernetesHealth(kinds) : unconfigured(runtime, "kubernetes")),
      kinds,
    },
    hubble: {
      ...(runtime.config.preview
        ? previewRelayHealth()
        : feed
          ? hubbleHealth(feed)
          : unconfigured(runtime, "hubble")),
      address: runtime.problems.some((p) => p.section === "hubble") ? null : runtime.config.hubble.address,
      lastFlowAt: feed?.lastFlowAt ?? null,
      reconnects: feed?.reconnects ?? 0,
      gaps: feed?.gaps ?? [],
    },
  };
}
