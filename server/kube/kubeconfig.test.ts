import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { tempFolder } from "@/server/testing/temp-folder";
import { KubeConfigError, loadKubeConfig, type KubeConfigOptions } from "./kubeconfig";

const { dir: directory, file } = tempFolder("sieve-kubeconfig-");

function kubeconfig(
  options: { server?: string; current?: string; contexts?: string[]; cluster?: string } = {},
) {
  const contexts = options.contexts ?? ["lab"];
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `  - name: ${options.cluster ?? "lab"}`,
    "    cluster:",
    `      server: ${options.server ?? "https://10.0.0.1:6443"}`,
    "users:",
    "  - name: lab",
    "    user:",
    "      token: abc",
    "contexts:",
    ...contexts.flatMap((name) => [
      `  - name: ${name}`,
      "    context:",
      "      cluster: lab",
      "      user: lab",
    ]),
    `current-context: ${options.current ?? contexts[0]}`,
  ].join("\n");
}

function failure(options: KubeConfigOptions): KubeConfigError {
  try {
    loadKubeConfig(options);
  } catch (error) {
    expect(error).toBeInstanceOf(KubeConfigError);
    const { message, stack } = error as KubeConfigError;
    expect(message).not.toContain("\n");
    expect(stack).toBe(`KubeConfigError: ${message}`);
    return error as KubeConfigError;
  }
  throw new Error("expected loadKubeConfig to fail");
}

describe("loadKubeConfig", () => {
  it("loads the current context of an explicit file", () => {
    const kc = loadKubeConfig({
      kubeconfigPath: file("good.yaml", kubeconfig({ contexts: ["lab", "prod"] })),
    });
    expect(kc.getCurrentContext()).toBe("lab");
    expect(kc.getCurrentCluster()?.server).toBe("https://10.0.0.1:6443");
    expect(kc.getCurrentUser()?.token).toBe("abc");
  });

  it("switches to the chosen context", () => {
    const kc = loadKubeConfig({
      kubeconfigPath: file("two.yaml", kubeconfig({ contexts: ["lab", "prod"] })),
      context: "prod",
    });
    expect(kc.getCurrentContext()).toBe("prod");
  });

  it("reads KUBECONFIG when no path is given, the first file winning like kubectl", () => {
    const first = file("first.yaml", kubeconfig({ server: "https://first:6443" }));
    const second = file("second.yaml", kubeconfig({ server: "https://second:6443", contexts: ["other"] }));
    vi.stubEnv("KUBECONFIG", [first, second].join(path.delimiter));
    try {
      const kc = loadKubeConfig({});
      expect(kc.getCurrentCluster()?.server).toBe("https://first:6443");
      expect(kc.getContexts().map((c) => c.name)).toEqual(["lab", "other"]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("names a missing file", () => {
    const missing = path.join(directory, "missing.yaml");
    expect(failure({ kubeconfigPath: missing }).message).toBe(`kubeconfig ${missing}: file not found`);
  });

  it("names a file that is not YAML", () => {
    const broken = file("broken.yaml", "clusters: [\n  - name: a\n  server: : :\n");
    expect(failure({ kubeconfigPath: broken }).message).toMatch(
      new RegExp(`^kubeconfig ${broken}: invalid YAML: .*line \\d+`),
    );
  });

  it("names a YAML file that is not a kubeconfig", () => {
    const list = file("list.yaml", "- a\n- b\n");
    expect(failure({ kubeconfigPath: list }).message).toBe(
      `kubeconfig ${list}: not a kubeconfig (expected a mapping with clusters, contexts, users)`,
    );
  });

  it("names an unknown context and lists the known ones", () => {
    const good = file("ctx.yaml", kubeconfig({ contexts: ["lab", "prod"] }));
    expect(failure({ kubeconfigPath: good, context: "staging" }).message).toBe(
      `kubeconfig ${good}: context "staging" not found (available: lab, prod)`,
    );
  });

  it("names a current-context that does not exist", () => {
    const dangling = file("dangling.yaml", kubeconfig({ current: "gone" }));
    expect(failure({ kubeconfigPath: dangling }).message).toBe(
      `kubeconfig ${dangling}: context "gone" not found (available: lab)`,
    );
  });

  it("names a context whose cluster is missing", () => {
    const orphan = file("orphan.yaml", kubeconfig({ cluster: "elsewhere" }));
    expect(failure({ kubeconfigPath: orphan }).message).toBe(
      `kubeconfig ${orphan}, context "lab": cluster "lab" is not defined`,
    );
  });

  it("refuses plain HTTP without insecure-skip-tls-verify, which client-node would reject on every request", () => {
    const plain = file("plain.yaml", kubeconfig({ server: "http://127.0.0.1:8080" }));
    expect(failure({ kubeconfigPath: plain }).message).toContain(
      "is plain HTTP; set insecure-skip-tls-verify: true",
    );
  });

  it("explains in-cluster configuration outside a pod", () => {
    vi.stubEnv("KUBERNETES_SERVICE_HOST", "");
    try {
      expect(failure({ inCluster: true }).message).toMatch(/^in-cluster config: KUBERNETES_SERVICE_HOST/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
