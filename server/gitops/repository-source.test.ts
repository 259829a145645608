import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { freePort } from "@/scripts/free-port.mjs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_GITOPS_PATHS } from "@/lib/gitops/repo-paths";
import { parseRepositoryUrl, type Repository } from "@/lib/gitops/repository-url";
import { startDemoForge, type DemoForge } from "@/server/demo/forge/forge-server";
import { authorizationHeader, defaultCredential } from "@/server/git/git-auth";
import { startGitHttpServer, type GitHttpServer } from "@/server/git/testing/git-http-server";
import { git, seedBareRepository } from "@/server/git/testing/seed-repository";
import { createGitOpsSource, type GitOpsSourceSettings } from "./repository-source";

const TOKEN = "gta_SieveSourceTestToken0123456789";
const NS_FILE = DEFAULT_GITOPS_PATHS.namespacesFile;
const KUSTOMIZATION = `${DEFAULT_GITOPS_PATHS.platformCnpDir}/kustomization.yaml`;

let scratch: string;
let projectRoot: string;
let privateServer: GitHttpServer;
let forge: DemoForge;
let forgeRepo: string;

/** A bare repository `acme/<name>.git` whose main holds `files`; returns its seed work tree. */
function createRemote(
  bare: string,
  files: Record<string, string>,
  links: Record<string, string> = {},
): string {
  const seed = mkdtempSync(path.join(scratch, "seed-"));
  seedBareRepository(seed, bare, files, links);
  return seed;
}

/** Someone else's commit on main. */
function commitToRemote(seed: string, bare: string, file: string, content: string): string {
  writeFileSync(path.join(seed, file), content);
  git(["commit", "--quiet", "-am", `edit ${file}`], seed);
  git(["push", "--quiet", bare, "main"], seed);
  return git(["--git-dir", bare, "rev-parse", "main"]).trim();
}

function repository(url: string): Repository {
  const parsed = parseRepositoryUrl(url, "gitea");
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.repository;
}

function settings(overrides: Partial<GitOpsSourceSettings> & Pick<GitOpsSourceSettings, "repository">) {
  return {
    baseBranch: "main",
    paths: DEFAULT_GITOPS_PATHS,
    token: () => null,
    cacheDir: mkdtempSync(path.join(scratch, "cache-")),
    workRoot: scratch,
    timeoutMs: 10_000,
    ...overrides,
  };
}

const NAMESPACES =
  "# inventory\n- name: paperless\n  labels:\n    network-policy.homelab/profile: standard\n";

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), "sieve-gitops-source-"));
  projectRoot = path.join(scratch, "remotes");
  mkdirSync(path.join(projectRoot, "acme"), { recursive: true });
  privateServer = await startGitHttpServer(
    projectRoot,
    authorizationHeader(defaultCredential("gitea", TOKEN)),
  );
  forgeRepo = path.join(scratch, "forge", "gitops.git");
  mkdirSync(path.dirname(forgeRepo));
  forge = await startDemoForge({
    repositoryDir: forgeRepo,
    owner: "homelab",
    repo: "gitops",
    token: TOKEN,
    baseBranch: "main",
  });
});

afterAll(async () => {
  await privateServer?.close();
  await forge?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("the GitOps source over git HTTPS", () => {
  let seed: string;

  beforeAll(() => {
    seed = createRemote(forgeRepo, { [NS_FILE]: NAMESPACES, [KUSTOMIZATION]: "resources: []\n" });
  });

  it("reads files at the head of the base branch of a public repository without a token", async () => {
    const source = createGitOpsSource(settings({ repository: repository(forge.webUrl) }));
    expect(source.status()).toMatchObject({ state: "pending", readAt: null, commit: null });
    const files = await source.readFiles([NS_FILE, KUSTOMIZATION, "kubernetes/absent.yaml"]);
    expect([...files]).toEqual([
      [NS_FILE, NAMESPACES],
      [KUSTOMIZATION, "resources: []\n"],
      ["kubernetes/absent.yaml", null],
    ]);
    const head = git(["--git-dir", forgeRepo, "rev-parse", "main"]).trim();
    expect(source.status()).toMatchObject({ state: "ok", commit: head });
    expect(source.status().readAt).toEqual(expect.any(Number));
    expect(source.canPush).toBe(false);
    expect(await source.pushBranch({ branch: "sieve/x", message: "m", files: [] })).toMatchObject({
      ok: false,
      error: expect.stringContaining("SIEVE_GITOPS_TOKEN"),
    });
  });

  it("sees a new commit on refresh, and on its own once the interval has passed", async () => {
    let clock = 1_000_000;
    const source = createGitOpsSource(
      settings({ repository: repository(forge.webUrl), refreshIntervalMs: 60_000, now: () => clock }),
    );
    expect((await source.readFiles([NS_FILE])).get(NS_FILE)).toBe(NAMESPACES);

    const first = `${NAMESPACES}- name: immich\n`;
    const firstCommit = commitToRemote(seed, forgeRepo, NS_FILE, first);
    clock += 59_000;
    expect((await source.readFiles([NS_FILE])).get(NS_FILE)).toBe(NAMESPACES);
    expect(await source.refresh()).toMatchObject({ state: "ok", commit: firstCommit });
    expect((await source.readFiles([NS_FILE])).get(NS_FILE)).toBe(first);

    const second = `${first}- name: mealie\n`;
    const secondCommit = commitToRemote(seed, forgeRepo, NS_FILE, second);
    clock += 60_000;
    expect((await source.readFiles([NS_FILE])).get(NS_FILE)).toBe(second);
    expect(source.status().commit).toBe(secondCommit);
  });

  it("reads through the clone URL when it differs from the web URL", async () => {
    const source = createGitOpsSource(
      settings({
        repository: repository("https://git.example.net/homelab/gitops"),
        cloneUrl: forge.cloneUrl,
      }),
    );
    expect((await source.readFiles([KUSTOMIZATION])).get(KUSTOMIZATION)).toBe("resources: []\n");
  });

  it("refuses unsafe paths and files that are links or folders", async () => {
    const bare = path.join(forgeRepo, "..", "links.git");
    createRemote(bare, { "real.yaml": "x: 1\n", "dir/inner.yaml": "y: 2\n" }, { "link.yaml": "real.yaml" });
    const links = await startDemoForge({
      repositoryDir: bare,
      owner: "o",
      repo: "links",
      token: TOKEN,
      baseBranch: "main",
    });
    try {
      const source = createGitOpsSource(settings({ repository: repository(links.webUrl) }));
      expect((await source.readFiles(["real.yaml"])).get("real.yaml")).toBe("x: 1\n");
      await expect(source.readFiles(["link.yaml"])).rejects.toThrow("link.yaml is a symbolic link");
      await expect(source.readFiles(["dir"])).rejects.toThrow("dir is not a regular file");
      await expect(source.readFiles(["../etc/passwd"])).rejects.toThrow("not a safe repository path");
      await expect(source.readFiles([".git/config"])).rejects.toThrow("not a safe repository path");
    } finally {
      await links.stop();
    }
  });

  it("reads every YAML and kustomization file of the base branch, and refuses past its bounds", async () => {
    const bare = path.join(forgeRepo, "..", "whole.git");
    const unicode = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ünïcode\ndata:\n  a: "✓"\n';
    createRemote(
      bare,
      {
        "clusters/home/apps.yaml": "kind: Kustomization\n",
        "apps/web/kustomization.yaml":
          "resources: [cm.yaml]\nconfigMapGenerator:\n  - name: dash\n    files: [dashboards/home.json]\n",
        "apps/web/dashboards/home.json": '{"title": "home"}\n',
        "apps/web/dashboards/unused.json": "{}\n",
        "apps/web/cm.yaml": unicode,
        "apps/other/Kustomization": "resources: []\n",
        "apps/web/README.md": "# not read\n",
        "charts/values.yml": "replicas: 1\n",
      },
      { "apps/link.yaml": "web/cm.yaml" },
    );
    const whole = await startDemoForge({
      repositoryDir: bare,
      owner: "o",
      repo: "whole",
      token: TOKEN,
      baseBranch: "main",
    });
    try {
      const source = createGitOpsSource(settings({ repository: repository(whole.webUrl) }));
      const files = await source.readRepository();
      expect([...files.keys()].sort()).toEqual([
        "apps/other/Kustomization",
        "apps/web/cm.yaml",
        "apps/web/dashboards/home.json",
        "apps/web/kustomization.yaml",
        "charts/values.yml",
        "clusters/home/apps.yaml",
      ]);
      expect(files.get("apps/web/cm.yaml")).toBe(unicode);
      expect(files.get("charts/values.yml")).toBe("replicas: 1\n");
      expect(files.get("apps/web/dashboards/home.json")).toBe('{"title": "home"}\n');

      const few = createGitOpsSource(
        settings({ repository: repository(whole.webUrl), repositoryLimits: { maxFiles: 3 } }),
      );
      await expect(few.readRepository()).rejects.toThrow("more than 3 YAML files");
      const small = createGitOpsSource(
        settings({ repository: repository(whole.webUrl), repositoryLimits: { maxBytes: 64 } }),
      );
      await expect(small.readRepository()).rejects.toThrow(/more than .* MiB/);
    } finally {
      await whole.stop();
    }
  });
});

describe("reading another ref of the GitOps repository", () => {
  it("reads a branch's files, says null for a ref the remote lacks, and refuses a ref that is not one", async () => {
    const bare = path.join(forgeRepo, "..", "refs.git");
    const seed = createRemote(bare, { [NS_FILE]: NAMESPACES, "apps/a.yaml": "kind: ConfigMap\n" });
    git(["checkout", "--quiet", "-b", "feature/drop-label"], seed);
    writeFileSync(path.join(seed, NS_FILE), "- name: paperless\n");
    git(["commit", "--quiet", "-am", "drop label"], seed);
    git(["push", "--quiet", bare, "feature/drop-label"], seed);
    const branchCommit = git(["rev-parse", "HEAD"], seed).trim();
    const forgeOfRefs = await startDemoForge({
      repositoryDir: bare,
      owner: "o",
      repo: "refs",
      token: TOKEN,
      baseBranch: "main",
    });
    try {
      const source = createGitOpsSource(settings({ repository: repository(forgeOfRefs.webUrl) }));
      const [base, branch] = await Promise.all([
        source.readRepository(),
        source.readRepositoryAt!("refs/heads/feature/drop-label"),
      ]);
      expect(base.get(NS_FILE)).toBe(NAMESPACES);
      expect(branch?.commit).toBe(branchCommit);
      expect(branch?.files.get(NS_FILE)).toBe("- name: paperless\n");
      expect(branch?.files.get("apps/a.yaml")).toBe("kind: ConfigMap\n");
      await expect(source.readRepositoryAt!("refs/heads/no-such-branch")).resolves.toBeNull();
      await expect(source.listBranches!()).resolves.toEqual(["feature/drop-label", "main"]);
      await expect(source.readRepositoryAt!("--upload-pack=touch /tmp/x")).rejects.toThrow(
        "is not a ref Sieve reads",
      );
      await expect(source.readRepositoryAt!("feature/drop-label")).rejects.toThrow(
        "is not a ref Sieve reads",
      );
    } finally {
      await forgeOfRefs.stop();
    }
  });
});

describe("the GitOps source with a token", () => {
  const bare = () => path.join(projectRoot, "acme", "private.git");
  let seed: string;

  beforeAll(() => {
    seed = createRemote(bare(), { [NS_FILE]: NAMESPACES });
  });

  it("reads a private repository with the token in a header, and pushes a branch with the commit", async () => {
    const seenBefore = privateServer.seen.length;
    const source = createGitOpsSource(
      settings({ repository: repository(`${privateServer.origin}/acme/private`), token: () => TOKEN }),
    );
    expect(source.canPush).toBe(true);
    const current = (await source.readFiles([NS_FILE])).get(NS_FILE);
    expect(current).toBe(NAMESPACES);

    const patched = `${current}    access.network-policy.homelab/postgres: "true"\n`;
    const result = await source.pushBranch({
      branch: "sieve/fix-paperless-postgres",
      message: "network-policy(paperless): allow postgres\n\nProposed by Sieve.",
      files: [{ path: NS_FILE, content: patched }],
    });
    if (!result.ok) throw new Error(result.error);
    expect(result.pushed.branch).toBe("sieve/fix-paperless-postgres");
    expect(git(["--git-dir", bare(), "rev-parse", "refs/heads/sieve/fix-paperless-postgres"]).trim()).toBe(
      result.pushed.commit,
    );
    expect(git(["--git-dir", bare(), "show", `sieve/fix-paperless-postgres:${NS_FILE}`])).toBe(patched);
    expect(git(["--git-dir", bare(), "show", `main:${NS_FILE}`])).toBe(NAMESPACES);
    const headers = privateServer.seen.slice(seenBefore);
    expect(headers.length).toBeGreaterThanOrEqual(4);
    expect(headers.every((header) => header === privateServer.expectedAuthorization)).toBe(true);
  });

  it("refuses to push content made from a base branch that has moved on since", async () => {
    const source = createGitOpsSource(
      settings({ repository: repository(`${privateServer.origin}/acme/private`), token: () => TOKEN }),
    );
    const read = (await source.readFiles([NS_FILE])).get(NS_FILE);
    commitToRemote(seed, bare(), NS_FILE, `${NAMESPACES}- name: moved\n`);
    const result = await source.pushBranch({
      branch: "sieve/stale",
      message: "stale",
      files: [{ path: NS_FILE, content: `${read}- name: mine\n` }],
    });
    expect(result).toEqual({
      ok: false,
      error: `${NS_FILE} changed on main since Sieve read it: reload and try again`,
    });
    expect(() =>
      git(["--git-dir", bare(), "rev-parse", "--verify", "--quiet", "refs/heads/sieve/stale"]),
    ).toThrow();
  });

  it("uses a rotated token for the next command, and redacts the one before it", async () => {
    const rotated = "gta_SieveRotatedToken9876543210";
    let token = TOKEN;
    const source = createGitOpsSource(
      settings({ repository: repository(`${privateServer.origin}/acme/private`), token: () => token }),
    );
    expect((await source.refresh()).state).toBe("ok");
    privateServer.expectedAuthorization = authorizationHeader(defaultCredential("gitea", rotated));
    try {
      const refused = await source.refresh();
      expect(refused.state).toBe("error");
      expect(refused.message).not.toContain(TOKEN);
      token = rotated;
      const seenBefore = privateServer.seen.length;
      expect((await source.refresh()).state).toBe("ok");
      const result = await source.pushBranch({
        branch: "sieve/rotated",
        message: "pushed with the rotated token",
        files: [{ path: NS_FILE, content: `${NAMESPACES}- name: rotated\n` }],
      });
      if (!result.ok) throw new Error(result.error);
      expect(
        privateServer.seen.slice(seenBefore).every((h) => h === privateServer.expectedAuthorization),
      ).toBe(true);
    } finally {
      privateServer.expectedAuthorization = authorizationHeader(defaultCredential("gitea", TOKEN));
    }
  });

  it("reports a private repository read without a token as an error status", async () => {
    const source = createGitOpsSource(
      settings({ repository: repository(`${privateServer.origin}/acme/private`) }),
    );
    const status = await source.refresh();
    expect(status.state).toBe("error");
    expect(status.commit).toBeNull();
    expect(status.message).toMatch(/^git fetch failed: /);
    await expect(source.readFiles([NS_FILE])).rejects.toThrow(status.message);
  });

  it("reports an unreachable remote in one line without the token, and keeps serving what it read", async () => {
    const port = await freePort();
    const source = createGitOpsSource(
      settings({ repository: repository(`http://127.0.0.1:${port}/acme/private`), token: () => TOKEN }),
    );
    const status = await source.refresh();
    const header = authorizationHeader(defaultCredential("gitea", TOKEN));
    expect(status).toMatchObject({ state: "error", commit: null, readAt: null });
    expect(status.message).toMatch(/^git fetch failed: /);
    expect(status.message).not.toMatch(/[\r\n]/);
    for (const secret of [TOKEN, header, header.slice(6)]) expect(status.message).not.toContain(secret);
    await expect(source.readFiles([NS_FILE])).rejects.toThrow(/^git fetch failed/);
    expect(
      await source.pushBranch({ branch: "sieve/x", message: "m", files: [{ path: NS_FILE, content: "x" }] }),
    ).toMatchObject({ ok: false, error: expect.not.stringContaining(TOKEN) });
  });

  it("keeps the files it read when a later fetch fails", async () => {
    let clock = 0;
    const cacheDir = mkdtempSync(path.join(scratch, "cache-"));
    const working = createGitOpsSource(
      settings({
        repository: repository(`${privateServer.origin}/acme/private`),
        token: () => TOKEN,
        cacheDir,
        now: () => clock,
      }),
    );
    const before = (await working.readFiles([NS_FILE])).get(NS_FILE);
    const commit = working.status().commit;
    privateServer.expectedAuthorization = "Basic bm9ib2R5Om5vdGhpbmc=";
    try {
      clock += 120_000;
      expect((await working.readFiles([NS_FILE])).get(NS_FILE)).toBe(before);
      expect(working.status()).toMatchObject({ state: "error", commit });
      expect(working.status().message).not.toContain(TOKEN);
    } finally {
      privateServer.expectedAuthorization = authorizationHeader(defaultCredential("gitea", TOKEN));
    }
  });
});
