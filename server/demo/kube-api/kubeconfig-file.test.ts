import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadKubeConfig } from "@/server/kube/kubeconfig";
import { renderKubeconfig, writeKubeconfig } from "./kubeconfig-file";

describe("demo kubeconfig file", () => {
  it("renders one cluster, user and context with the CA when given", () => {
    const config = parse(
      renderKubeconfig({
        server: "https://127.0.0.1:6443",
        token: "t",
        contextName: "demo",
        certificateAuthority: "PEM",
      }),
    ) as Record<string, unknown>;
    expect(config).toMatchObject({
      kind: "Config",
      "current-context": "demo",
      clusters: [
        { name: "demo", cluster: { server: "https://127.0.0.1:6443", "certificate-authority-data": "UEVN" } },
      ],
      users: [{ name: "demo", user: { token: "t" } }],
      contexts: [{ name: "demo", context: { cluster: "demo", user: "demo" } }],
    });
  });

  it("skips TLS verification when there is no CA", () => {
    const config = parse(renderKubeconfig({ server: "https://h:1", token: "t", contextName: "c" })) as {
      clusters: { cluster: Record<string, unknown> }[];
    };
    expect(config.clusters[0]!.cluster["insecure-skip-tls-verify"]).toBe(true);
  });

  it("writes a file only its owner can read, which loadKubeConfig accepts", async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), "sieve-kubeconfig-file-"));
    try {
      const file = path.join(directory, "nested", "kubeconfig");
      await writeKubeconfig(file, { server: "https://127.0.0.1:6443", token: "t", contextName: "demo" });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(loadKubeConfig({ kubeconfigPath: file }).getCurrentUser()?.token).toBe("t");
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
