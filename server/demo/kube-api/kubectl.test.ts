import { execFile, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoCluster, type DemoCluster } from "@/server/kube/testing/demo-cluster";

const run = promisify(execFile);

function kubectlVersion(): string | null {
  try {
    const output = execFileSync("kubectl", ["version", "--client", "-o", "json"], {
      timeout: 10_000,
    }).toString();
    return (JSON.parse(output) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion;
  } catch {
    return null;
  }
}

const version = kubectlVersion();

// The real client: a machine without kubectl fails here, as it would fail the README's commands.
describe(`real kubectl (${version ?? "not installed"})`, () => {
  let cluster: DemoCluster;
  let cacheDir: string;

  beforeAll(async () => {
    cluster = await startDemoCluster();
    cacheDir = mkdtempSync(path.join(os.tmpdir(), "sieve-kubectl-cache-"));
  });

  afterAll(async () => {
    await cluster?.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  const kubectl = (...args: string[]) =>
    run("kubectl", ["--kubeconfig", cluster.kubeconfigPath, "--cache-dir", cacheDir, ...args], {
      timeout: 15_000,
    });

  it("lists all five kinds across namespaces", async () => {
    const { stdout } = await kubectl(
      "get",
      "ns,pods,networkpolicies,ciliumnetworkpolicies,ciliumclusterwidenetworkpolicies",
      "-A",
    );
    for (const expected of [
      "namespace/shop",
      "namespace/database",
      "pod/web-1",
      "pod/postgres-0",
      "networkpolicy.networking.k8s.io/allow-web",
      "ciliumnetworkpolicy.cilium.io/database-platform",
      "ciliumclusterwidenetworkpolicy.cilium.io/profile-isolated",
    ]) {
      expect(stdout).toContain(expected);
    }
    expect(stdout).toMatch(/shop\s+pod\/web-1\s+1\/1\s+Running/);

    const requested = cluster.requests.filter((r) => r.userAgent?.startsWith("kubectl"));
    expect(requested.map((r) => r.path)).toEqual(
      expect.arrayContaining([
        "/api",
        "/apis",
        "/api/v1",
        "/apis/cilium.io/v2",
        "/apis/networking.k8s.io/v1",
      ]),
    );
    const podList = requested.find((r) => r.path === "/api/v1/pods")!;
    expect(podList.accept).toContain("application/json;as=Table;v=v1;g=meta.k8s.io");
  });

  it("labels a namespace through a merge patch", async () => {
    const { stdout } = await kubectl("label", "ns", "batch", "access.network-policy.homelab/postgres=true");
    expect(stdout.trim()).toBe("namespace/batch labeled");
    expect(cluster.store.get("namespaces", undefined, "batch")!.metadata.labels).toHaveProperty(
      "access.network-policy.homelab/postgres",
      "true",
    );
    const patch = cluster.requests.find((r) => r.method === "PATCH" && r.path === "/api/v1/namespaces/batch");
    expect(patch?.contentType).toBe("application/merge-patch+json");
    // As a real API server does, the demo records who set the label and when.
    const owner = cluster.store
      .get("namespaces", undefined, "batch")!
      .metadata.managedFields?.find((entry) => entry.manager === "kubectl-label");
    expect(owner?.fieldsV1).toEqual({
      "f:metadata": { "f:labels": { "f:access.network-policy.homelab/postgres": {} } },
    });
    expect(Date.now() - Date.parse(owner!.time!)).toBeLessThan(60_000);

    const removed = await kubectl("label", "ns", "batch", "access.network-policy.homelab/postgres-");
    expect(removed.stdout.trim()).toBe("namespace/batch unlabeled");
  });

  it("follows a namespace change with get -w", async () => {
    const watcher = spawn(
      "kubectl",
      [
        "--kubeconfig",
        cluster.kubeconfigPath,
        "--cache-dir",
        cacheDir,
        "get",
        "ns",
        "-w",
        "--output-watch-events",
      ],
      { timeout: 15_000 },
    );
    let output = "";
    const seen = (pattern: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const check = () => pattern.test(output) && resolve();
        watcher.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          check();
        });
        watcher.on("exit", () => reject(new Error(`kubectl get -w exited; output:\n${output}`)));
        check();
      });
    try {
      await seen(/ADDED\s+shop/);
      cluster.store.patchLabels("namespaces", undefined, "shop", { team: "web" });
      await seen(/MODIFIED\s+shop/);
    } finally {
      watcher.kill();
    }
  });

  it("is refused without the right token", async () => {
    const wrong = await run(
      "kubectl",
      ["--kubeconfig", cluster.kubeconfigPath, "--cache-dir", cacheDir, "--token", "nope", "get", "ns"],
      {
        timeout: 15_000,
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(wrong).toMatchObject({ code: 1, stderr: expect.stringContaining("You must be logged in") });
  });
});
