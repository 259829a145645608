import { execFile, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { HubbleFlowJson } from "@/lib/hubble/flow-json";
import { hubbleFixture } from "@/lib/hubble/fixtures";
import { DEFAULT_GITOPS_PATHS } from "@/lib/gitops/repo-paths";
import { provePatch } from "@/lib/gitops/prove-patch";
import { parseSieveConfig } from "@/lib/config/sieve-config";
import { fluxRenders } from "../gitops/repository-renders";
import { gitOpsSettings } from "@/server/gitops/gitops-settings";
import { createGitOpsSource } from "@/server/gitops/repository-source";
import { createObserverClient } from "@/server/hubble/client";
import { demoReady, startDemoProcess, type DemoReady } from "./testing/demo-process";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..", "..");

function exited(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stderr: string }> {
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stderr })));
}

/** The flows the relay holds, newest last, read with Sieve's own Hubble client. */
function relayFlows(address: string): Promise<HubbleFlowJson[]> {
  const client = createObserverClient({ address, tls: null });
  const flows: HubbleFlowJson[] = [];
  return new Promise((resolve, reject) => {
    client.getFlows(
      { number: 20_000 },
      {
        onFlow: (flow) => flows.push(flow),
        onEnd: () => {
          client.close();
          resolve(flows);
        },
        onError: (error) => {
          client.close();
          reject(error);
        },
      },
    );
  });
}

describe("the demo cluster launcher (server/demo/main.ts)", () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), "sieve-demo-main-"));
  const kubeconfig = path.join(directory, "kubeconfig");
  const gitopsRepo = path.join(directory, "gitops.git");
  let child: ChildProcessWithoutNullStreams;
  let exit: Promise<{ code: number | null; stderr: string }>;
  let demo: DemoReady;

  beforeAll(async () => {
    child = startDemoProcess({
      SIEVE_DEMO_KUBECONFIG: kubeconfig,
      SIEVE_DEMO_CONTROL: "1",
      SIEVE_DEMO_GITOPS_REPO: gitopsRepo,
    });
    exit = exited(child);
    demo = await demoReady(child);
  });

  afterAll(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(directory, { recursive: true, force: true });
  });

  it("announces a kubeconfig, its context, the relay, the API server, the control hook and the forge", () => {
    expect(demo).toEqual({
      kubeconfig,
      context: "sieve-demo",
      relay: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      kubeApi: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
      control: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      gitops: {
        repo: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/homelab\/gitops$/),
        cloneUrl: `${demo.gitops?.repo}.git`,
        token: expect.stringMatching(/^sieve-demo-[A-Za-z0-9_-]{32}$/),
      },
    });
    expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
  });

  it("serves the homelab to the real kubectl", async () => {
    const { stdout } = await run(
      "kubectl",
      ["--kubeconfig", kubeconfig, "--cache-dir", path.join(directory, "cache"), "get", "ns", "-o", "name"],
      { timeout: 15_000 },
    );
    const names = stdout.trim().split("\n");
    expect(names.length).toBeGreaterThanOrEqual(20);
    expect(names).toContain("namespace/kube-system");
    expect(names).toContain("namespace/istio-gateway");
  });

  it("has backfilled the relay and publishes what the control hook is given", async () => {
    const flow = { ...hubbleFixture("policyDeniedIngress"), uuid: "0e2e0e2e-0000-4000-8000-00000000c0de" };
    const response = await fetch(`${demo.control}/flows`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify([flow]),
    });
    expect(await response.json()).toEqual({ published: 1 });
    const flows = await relayFlows(demo.relay);
    expect(flows.length).toBeGreaterThan(1000);
    expect(flows.some((f) => f.verdict === "DROPPED" && f.source?.namespace === "mealie")).toBe(true);
    expect(flows.find((f) => f.uuid === flow.uuid)).toMatchObject({ verdict: flow.verdict, time: flow.time });
  });

  it("serves the homelab's GitOps repository on its forge, readable without the token", async () => {
    const clone = path.join(directory, "gitops-clone");
    await run("git", ["clone", "--quiet", demo.gitops!.cloneUrl, clone], {
      env: {
        ...process.env,
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_CONFIG_GLOBAL: "/dev/null",
        GIT_TERMINAL_PROMPT: "0",
      },
      timeout: 15_000,
    });
    const namespaces = readFileSync(path.join(clone, DEFAULT_GITOPS_PATHS.namespacesFile), "utf8");
    expect(parse(namespaces)).toMatchObject({ kind: "ResourceSet", metadata: { name: "namespaces" } });
    expect(namespaces).toContain("    - name: paperless");
    expect(readFileSync(path.join(gitopsRepo, "HEAD"), "utf8")).toBe("ref: refs/heads/main\n");
    const home = await fetch(demo.gitops!.repo);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(DEFAULT_GITOPS_PATHS.namespacesFile);
  });

  it("gives the dashboard a GitOps configuration (as scripts/sieve.mjs passes it) that reads and pushes", async () => {
    const { config, problems } = parseSieveConfig({
      SIEVE_GITOPS_REPO: demo.gitops!.repo,
      SIEVE_GITOPS_PROVIDER: "gitea",
      SIEVE_GITOPS_BRANCH: "main",
      SIEVE_GITOPS_TOKEN: demo.gitops!.token,
    });
    expect(problems).toEqual([]);
    const settings = gitOpsSettings(config.gitops!);
    if (!settings.ok) throw new Error(settings.error);
    const source = createGitOpsSource({
      ...settings.settings,
      cacheDir: path.join(directory, "gitops-cache"),
    });
    try {
      const files = await source.readRepository();
      const renders = fluxRenders();
      const proven = await provePatch(
        [
          {
            type: "set-namespace-labels",
            namespace: "mealie",
            set: { "access.network-policy.homelab/postgres": "true" },
            remove: [],
          },
        ],
        files,
        await renders.baseRender(files),
        renders.render,
        { paths: source.paths },
      );
      if (!proven.ok) throw new Error(proven.reason);
      const pushed = await source.pushBranch({
        branch: "sieve/fix-mealie-postgres",
        message: "network-policy(mealie): allow postgres",
        files: proven.value.files.map((file) => ({ path: file.path, content: file.after })),
      });
      if (!pushed.ok) throw new Error(pushed.error);
      const compare = await fetch(
        `${demo.gitops!.repo}/compare/main...${pushed.pushed.branch}?title=t&body=b`,
      );
      expect(compare.status).toBe(200);
      expect(await compare.text()).toContain(
        "+        access.network-policy.homelab/postgres: &#34;true&#34;",
      );
    } finally {
      source.dispose();
    }
  });

  it("stops cleanly on SIGTERM", async () => {
    child.kill("SIGTERM");
    expect((await exit).code).toBe(0);
  });
});

describe("the demo cluster launcher's settings", () => {
  it.each([
    ["SIEVE_DEMO_RELAY_PORT", "70000"],
    ["SIEVE_DEMO_KUBE_PORT", "http"],
    ["SIEVE_DEMO_CONTROL", "perhaps"],
    ["SIEVE_DEMO_CONTROL_PORT", "-1"],
    ["SIEVE_DEMO_FORGE_PORT", "65536"],
  ])("refuses %s=%s with one line and exit code 1", async (name, value) => {
    const { code, stderr } = await exited(startDemoProcess({ [name]: value }));
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain(`${name}: "${value}"`);
  });
});

describe("the demo cluster launcher seeded from a folder of manifests", () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), "sieve-demo-manifests-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("serves the folder's objects, counts what it skipped and names the broken document's line", async () => {
    mkdirSync(path.join(directory, "repo", "apps"), { recursive: true });
    writeFileSync(
      path.join(directory, "repo", "namespaces.yaml"),
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: from-git\n  labels:\n    network-policy.homelab/profile: internal\n",
    );
    writeFileSync(
      path.join(directory, "repo", "apps", "app.yaml"),
      "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: from-git}\n---\nkind: [broken\n",
    );
    const kubeconfig = path.join(directory, "kubeconfig");
    const reportFile = path.join(directory, "plain-preview.json");
    const child = startDemoProcess({
      SIEVE_DEMO_KUBECONFIG: kubeconfig,
      SIEVE_DEMO_MANIFESTS: path.join(directory, "repo"),
      SIEVE_DEMO_PREVIEW_REPORT: reportFile,
    });
    const exit = exited(child);
    const announced = await demoReady(child);
    expect(announced.gitops).toBeUndefined();
    expect(announced.preview).toEqual({ report: reportFile });
    expect(JSON.parse(readFileSync(reportFile, "utf8"))).toMatchObject({
      renderer: "plain YAML files (no kustomization)",
      problems: [],
      skipped: { Service: 1 },
    });
    const { stdout } = await run("kubectl", ["--kubeconfig", kubeconfig, "get", "ns", "-o", "name"]);
    expect(stdout.trim().split("\n")).toEqual(["namespace/from-git"]);
    child.kill("SIGTERM");
    const { code, stderr } = await exit;
    expect(code).toBe(0);
    expect(stderr).toContain("skipped kinds: Service ×1");
    expect(stderr).toMatch(/apps\/app\.yaml:5: /);
  });

  it("renders a GitOps repository as Flux would and reports what it could not render", async () => {
    const kubeconfig = path.join(directory, "kubeconfig-repo");
    const reportFile = path.join(directory, "repo-preview.json");
    const child = startDemoProcess({
      SIEVE_DEMO_KUBECONFIG: kubeconfig,
      SIEVE_DEMO_MANIFESTS: path.join(ROOT, "test", "fixtures", "repos", "overlay-tree"),
      SIEVE_DEMO_PREVIEW_REPORT: reportFile,
    });
    const exit = exited(child);
    const announced = await demoReady(child);
    expect(announced.preview).toEqual({ report: reportFile });
    const { stdout } = await run("kubectl", [
      "--kubeconfig",
      kubeconfig,
      "get",
      "ns",
      "miniflux",
      "-o",
      "jsonpath={.metadata.labels}",
    ]);
    // The overlay's JSON 6902 patch is applied: the label exists only in the rendered namespace.
    expect(JSON.parse(stdout)).toMatchObject({
      "network-policy.homelab/profile": "internal-egress",
      "access.network-policy.homelab/postgres": "true",
    });
    const report = JSON.parse(readFileSync(reportFile, "utf8")) as {
      renderer: string;
      problems: { kind: string; file: string; message: string }[];
    };
    expect(report.renderer).toMatch(/^kubectl kustomize \(kustomize v\d/);
    expect(report.problems).toContainEqual({
      kind: "not-rendered",
      file: "infrastructure/controllers/ingress-nginx.yaml",
      message: "HelmRelease flux-system/ingress-nginx: Helm releases are not rendered",
    });
    expect(
      report.problems.some((p) => p.kind === "substitution" && p.message.includes("miniflux_admin")),
    ).toBe(true);
    child.kill("SIGTERM");
    const { code, stderr } = await exit;
    expect(code).toBe(0);
    expect(stderr).toContain("rendered with kubectl kustomize");
    expect(stderr).toContain("Helm releases are not rendered");
    // Flux's own objects were read to render the rest: they are not "skipped".
    expect(stderr).toMatch(/rendered through: .*Kustomization ×\d/);
    expect(stderr).not.toMatch(/skipped kinds: .*Kustomization/);
  });

  it("refuses a folder that does not exist with one line", async () => {
    const { code, stderr } = await exited(
      startDemoProcess({ SIEVE_DEMO_MANIFESTS: path.join(directory, "missing") }),
    );
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("missing");
  });
});
