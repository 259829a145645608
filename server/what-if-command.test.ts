import { execFile, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WhatIfResponse } from "@/lib/api/responses";
import { demoReady, startDemoProcess, type DemoReady } from "@/server/demo/testing/demo-process";
import { authorizationHeader, defaultCredential } from "@/server/git/git-auth";

// The what-if command against the demo: its cluster, relay and forge, with four branches pushed
// to the forge — one removing an access label, one adding one, one adding a profile, one touching
// only the README.

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const NAMESPACES = "kubernetes/platform/namespaces.yaml";
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_TERMINAL_PROMPT: "0",
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
};

describe("npm run what-if against the demo", { timeout: 60_000 }, () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), "sieve-what-if-"));
  let demo: DemoReady & Required<Pick<DemoReady, "gitops">>;
  let child: ChildProcessWithoutNullStreams;

  async function whatIf(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = {
      ...process.env,
      SIEVE_KUBECONFIG: demo.kubeconfig,
      SIEVE_KUBE_CONTEXT: demo.context,
      SIEVE_HUBBLE_ADDRESS: demo.relay,
      SIEVE_HUBBLE_TLS: "false",
      SIEVE_GITOPS_REPO: demo.gitops.repo,
      SIEVE_GITOPS_PROVIDER: "gitea",
      SIEVE_GITOPS_BRANCH: "main",
    };
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        ["--conditions=react-server", "--import", "tsx", "server/what-if-command.ts", ...args],
        { cwd: ROOT, env, timeout: 60_000 },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  beforeAll(async () => {
    child = startDemoProcess({
      SIEVE_DEMO_KUBECONFIG: path.join(directory, "kubeconfig"),
      SIEVE_DEMO_GITOPS_REPO: path.join(directory, "gitops.git"),
    });
    const announced = await demoReady(child);
    if (!announced.gitops) throw new Error("the demo announced no GitOps repository");
    demo = { ...announced, gitops: announced.gitops };
    const clone = path.join(directory, "clone");
    const git = (...args: string[]) => run("git", args, { cwd: clone, env: GIT_ENV, timeout: 15_000 });
    await run("git", ["clone", "--quiet", demo.gitops.cloneUrl, clone], { env: GIT_ENV, timeout: 15_000 });
    const file = path.join(clone, NAMESPACES);
    const original = readFileSync(file, "utf8");
    const branch = async (name: string, edit: () => void) => {
      await git("checkout", "--quiet", "-b", name, "main");
      edit();
      await git("commit", "--quiet", "-am", name);
    };
    const paperless =
      "    - name: paperless # Document archive\n      labels:\n        network-policy.homelab/profile: standard\n";
    const mealie =
      "    - name: mealie # Recipes\n      labels:\n        network-policy.homelab/profile: internal\n";
    const access = '        access.network-policy.homelab/postgres: "true"\n';
    const scratch = "    - name: scratch # Debugging playground\n      labels: {}\n";
    const scratchWithProfile =
      "    - name: scratch # Debugging playground\n      labels:\n        network-policy.homelab/profile: internal-egress\n";
    expect(original).toContain(paperless + access);
    expect(original).toContain(mealie);
    expect(original).toContain(scratch);
    await branch("what-if/paperless-without-postgres", () =>
      writeFileSync(file, original.replace(paperless + access, paperless)),
    );
    await branch("what-if/mealie-with-postgres", () =>
      writeFileSync(file, original.replace(mealie, mealie + access)),
    );
    await branch("what-if/scratch-with-profile", () =>
      writeFileSync(file, original.replace(scratch, scratchWithProfile)),
    );
    await branch("what-if/readme", () => writeFileSync(path.join(clone, "README.md"), "# homelab\n"));
    const header = authorizationHeader(defaultCredential("gitea", demo.gitops.token));
    await git(
      "-c",
      `http.extraHeader=Authorization: ${header}`,
      "push",
      "--quiet",
      "origin",
      "what-if/paperless-without-postgres",
      "what-if/mealie-with-postgres",
      "what-if/scratch-with-profile",
      "what-if/readme",
    );
  }, 120_000);

  afterAll(() => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    rmSync(directory, { recursive: true, force: true });
  });

  it("exits 1 and lists the flows a branch removing an access label newly drops", async () => {
    const result = await whatIf("--ref", "what-if/paperless-without-postgres");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Namespace paperless changed: access.network-policy.homelab/postgres-");
    expect(result.stdout).toMatch(/Newly dropped: \d+ flows? of 1 kind/);
    expect(result.stdout).toMatch(/e\.g\. paperless\/\S+ → database\/\S+ TCP 5432/);
    expect(result.stdout).toContain("    access label postgres removed");
  });

  it("exits 0 and lists the flows a branch adding an access label newly allows, as JSON with --json", async () => {
    const result = await whatIf("--ref", "refs/heads/what-if/mealie-with-postgres", "--json");
    expect(result.code).toBe(0);
    const response = JSON.parse(result.stdout) as WhatIfResponse;
    expect(response.ref).toBe("refs/heads/what-if/mealie-with-postgres");
    expect(response.report.newlyDropped).toEqual([]);
    expect(response.report.newlyAllowedFlows).toBeGreaterThan(0);
    expect(response.report.newlyAllowed[0]!.edge).toMatch(/^ns:mealie>ns:database:tcp:5432:/);
  });

  it("exits 0 and lists the flows a branch adding a profile newly allows", async () => {
    const result = await whatIf("--ref", "what-if/scratch-with-profile");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "Namespace scratch changed: network-policy.homelab/profile=internal-egress",
    );
    expect(result.stdout).toContain("Newly dropped: none");
    expect(result.stdout).toMatch(/Newly allowed: [\d,]+ flows? of 1 kind/);
    expect(result.stdout).toMatch(/e\.g\. scratch\/\S+ → world \(example\.com, [\d.]+\) TCP 443/);
    expect(result.stdout).toContain("profile: (none) → internal-egress");
  });

  it("exits 0 with an empty report for a branch that touches nothing the policies read", async () => {
    const result = await whatIf("--ref", "what-if/readme");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("The branch changes no policy and no namespace label.");
    expect(result.stdout).toContain("Newly dropped: none.");
    expect(result.stdout).toContain("Newly allowed: none.");
  });

  it("exits 2 on an unknown ref and on a usage error", async () => {
    const unknown = await whatIf("--ref", "what-if/no-such-branch");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("the repository has no ref refs/heads/what-if/no-such-branch");
    const usage = await whatIf("--ref", "--upload-pack=touch");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("usage: npm run what-if");
  });
});
