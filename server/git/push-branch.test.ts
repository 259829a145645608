import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { AddPlatformCnp, SetNamespaceLabels } from "@/lib/gitops/change";
import { addToKustomization } from "@/lib/gitops/kustomization";
import { patchNamespacesFile } from "@/lib/gitops/namespaces-file";
import { renderPlatformCnp } from "@/lib/gitops/platform-cnp";
import { DEFAULT_GITOPS_PATHS } from "@/lib/gitops/repo-paths";
import { comments } from "@/lib/gitops/testing/diff-lines";
import { parseRepositoryUrl, type GitProvider, type Repository } from "@/lib/gitops/repository-url";
import { authorizationHeader, defaultCredential } from "./git-auth";
import { pushBranch, type FilesResult, type ReadFile } from "./push-branch";
import { startGitHttpServer, type GitHttpServer } from "./testing/git-http-server";
import { git, SEED_GIT_ENV, seedBareRepository } from "./testing/seed-repository";

const TOKEN = "ghp_SieveTestToken0123456789abcdef";
const fixtures = path.resolve(import.meta.dirname, "../../lib/gitops/fixtures");
const NS_FILE = DEFAULT_GITOPS_PATHS.namespacesFile;
const CNP_DIR = DEFAULT_GITOPS_PATHS.platformCnpDir;

let scratch: string;
let projectRoot: string;
let workRoot: string;
let server: GitHttpServer;

/** A bare repository `acme/<name>.git` whose main branch holds `files`. */
function createRemote(
  name: string,
  files: Record<string, string>,
  links: Record<string, string> = {},
): string {
  const bare = path.join(projectRoot, "acme", `${name}.git`);
  seedBareRepository(path.join(scratch, `seed-${name}`), bare, files, links);
  return bare;
}

function repository(name: string, provider: GitProvider = "github"): Repository {
  const result = parseRepositoryUrl(`${server.origin}/acme/${name}.git`, provider);
  if (!result.ok) throw new Error(result.error);
  return result.repository;
}

function show(bare: string, ref: string): string {
  return git(["--git-dir", bare, "show", ref]);
}

const fixPaperless: SetNamespaceLabels = {
  type: "set-namespace-labels",
  namespace: "paperless",
  set: { "access.network-policy.homelab/postgres": "true", "network-policy.homelab/profile": "standard" },
  remove: ["network-policy.homelab/enforcement"],
};

/** The namespaces file of the fresh checkout, with `change` applied. */
function patchedNamespaces(change: SetNamespaceLabels) {
  return async (read: ReadFile): Promise<FilesResult> => {
    const text = await read(NS_FILE);
    if (text === null) return { ok: false, error: `${NS_FILE} is not in the checkout` };
    const patched = patchNamespacesFile(text, change);
    return patched.ok ? { ok: true, files: [{ path: NS_FILE, content: patched.content }] } : patched;
  };
}

/** A new platform CNP, listed in the checkout's kustomization of the folder. */
function newPlatformCnp(change: AddPlatformCnp) {
  return async (read: ReadFile): Promise<FilesResult> => {
    const cnp = renderPlatformCnp(change);
    if (!cnp.ok) return cnp;
    const target = `${CNP_DIR}/${cnp.fileName}`;
    if ((await read(target)) !== null) return { ok: false, error: `${target} already exists` };
    const kustomization = await read(`${CNP_DIR}/kustomization.yaml`);
    if (kustomization === null) return { ok: false, error: "the folder has no kustomization" };
    const listed = addToKustomization(kustomization, cnp.fileName);
    if (!listed.ok) return listed;
    return {
      ok: true,
      files: [
        { path: target, content: cnp.content },
        { path: `${CNP_DIR}/kustomization.yaml`, content: listed.content },
      ],
    };
  };
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), "sieve-push-test-"));
  projectRoot = path.join(scratch, "remotes");
  workRoot = path.join(scratch, "work");
  mkdirSync(projectRoot);
  mkdirSync(workRoot);
  server = await startGitHttpServer(projectRoot, authorizationHeader(defaultCredential("github", TOKEN)));
});

afterAll(async () => {
  await server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe("pushBranch against a real git remote", () => {
  it("pushes a branch with the file patched from the checkout of the base branch, comments kept", async () => {
    const original = readFileSync(path.join(fixtures, "namespaces-manifests.yaml"), "utf8");
    const bare = createRemote("homelab-manifests", {
      [NS_FILE]: original,
      [`${CNP_DIR}/kustomization.yaml`]: readFileSync(
        path.join(fixtures, "platform-kustomization.yaml"),
        "utf8",
      ),
    });
    const seenBefore = server.seen.length;
    const branch = "sieve/fix-paperless";
    const result = await pushBranch({
      repository: repository("homelab-manifests"),
      token: TOKEN,
      baseBranch: "main",
      branch,
      message: "network-policy(paperless): allow postgres\n\nProposed by Sieve.",
      files: patchedNamespaces(fixPaperless),
      workRoot,
    });
    if (!result.ok) throw new Error(result.error);
    expect(result).toMatchObject({ branch, files: [NS_FILE] });
    expect(result.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(git(["--git-dir", bare, "rev-parse", `refs/heads/${branch}`]).trim()).toBe(result.commit);

    const pushed = show(bare, `${branch}:${NS_FILE}`);
    for (const doc of parseAllDocuments(pushed)) expect(doc.errors).toEqual([]);
    for (const comment of comments(original)) expect(pushed).toContain(comment);
    expect(pushed).toContain('access.network-policy.homelab/postgres: "true"');
    expect(pushed).not.toContain("network-policy.homelab/enforcement");
    expect(show(bare, `main:${NS_FILE}`)).toBe(original);

    expect(git(["--git-dir", bare, "log", "-1", "--format=%an <%ae>|%s", branch]).trim()).toBe(
      "Sieve <sieve@localhost>|network-policy(paperless): allow postgres",
    );
    const requests = server.seen.slice(seenBefore);
    expect(requests.length).toBeGreaterThanOrEqual(4);
    expect(requests.every((header) => header === server.expectedAuthorization)).toBe(true);
    expect(readdirSync(workRoot)).toEqual([]);
  });

  it("creates a platform CNP and lists it in the kustomization in the same commit", async () => {
    const bare = createRemote("homelab-cnp", {
      [NS_FILE]: readFileSync(path.join(fixtures, "namespaces-manifests.yaml"), "utf8"),
      [`${CNP_DIR}/kustomization.yaml`]: readFileSync(
        path.join(fixtures, "platform-kustomization.yaml"),
        "utf8",
      ),
    });
    const result = await pushBranch({
      repository: repository("homelab-cnp"),
      token: TOKEN,
      baseBranch: "main",
      branch: "sieve/fix-garage-platform-cnp",
      message: "network-policy(garage): add platform CiliumNetworkPolicy",
      files: newPlatformCnp({
        type: "add-platform-cnp",
        namespace: "garage",
        description: "Garage S3",
        metricsPort: 3903,
        ambient: true,
      }),
      workRoot,
    });
    if (!result.ok) throw new Error(result.error);
    expect(result.files).toEqual([`${CNP_DIR}/garage.yaml`, `${CNP_DIR}/kustomization.yaml`]);
    expect(show(bare, `${result.branch}:${CNP_DIR}/garage.yaml`)).toContain("name: garage-default");
    expect(show(bare, `${result.branch}:${CNP_DIR}/kustomization.yaml`)).toContain("  - garage.yaml\n");
    expect(git(["--git-dir", bare, "rev-list", "--count", `main..${result.branch}`]).trim()).toBe("1");
  });

  it.each(["gitlab", "gitea"] as const)("speaks the %s token convention", async (provider) => {
    createRemote(`homelab-${provider}`, {
      [NS_FILE]: readFileSync(path.join(fixtures, "namespaces-manifests.yaml"), "utf8"),
    });
    const previous = server.expectedAuthorization;
    server.expectedAuthorization = authorizationHeader(defaultCredential(provider, TOKEN));
    try {
      expect(server.expectedAuthorization).not.toBe(previous);
      const result = await pushBranch({
        repository: repository(`homelab-${provider}`, provider),
        token: TOKEN,
        baseBranch: "main",
        branch: `sieve/fix-${provider}`,
        message: "fix",
        files: patchedNamespaces(fixPaperless),
        workRoot,
      });
      expect(result).toMatchObject({ ok: true, branch: `sieve/fix-${provider}` });
    } finally {
      server.expectedAuthorization = previous;
    }
  });
});

describe("pushBranch to a branch that exists (the same fix asked for again)", () => {
  it("links it unchanged, updates Sieve's own commit, and keeps a branch someone else committed on", async () => {
    const original = readFileSync(path.join(fixtures, "namespaces-manifests.yaml"), "utf8");
    const bare = createRemote("homelab-repush", { [NS_FILE]: original });
    const branch = "sieve/fix-paperless-repush";
    const push = (message: string, change: SetNamespaceLabels) =>
      pushBranch({
        repository: repository("homelab-repush"),
        token: TOKEN,
        baseBranch: "main",
        branch,
        message,
        files: patchedNamespaces(change),
        workRoot,
      });
    const tip = () => git(["--git-dir", bare, "rev-parse", `refs/heads/${branch}`]).trim();

    const first = await push("fix: 3 drops", fixPaperless);
    if (!first.ok) throw new Error(first.error);
    expect(first.outcome).toBe("created");

    // New drops, same change: the branch already holds it.
    const again = await push("fix: 5 drops", fixPaperless);
    expect(again).toMatchObject({ ok: true, outcome: "unchanged", commit: first.commit });
    expect(tip()).toBe(first.commit);

    // The fix grew: Sieve's own commit is replaced by one on top of the base branch.
    const grown = {
      ...fixPaperless,
      set: { ...fixPaperless.set, "access.network-policy.homelab/garage-s3": "true" },
    };
    const updated = await push("fix: 7 drops", grown);
    if (!updated.ok) throw new Error(updated.error);
    expect(updated.outcome).toBe("updated");
    expect(tip()).toBe(updated.commit);
    expect(git(["--git-dir", bare, "rev-list", "--count", `main..${branch}`]).trim()).toBe("1");
    expect(git(["--git-dir", bare, "log", "-1", "--format=%s", branch]).trim()).toBe("fix: 7 drops");
    expect(show(bare, `${branch}:${NS_FILE}`)).toContain('access.network-policy.homelab/garage-s3: "true"');

    // A reviewer commits on the branch: Sieve leaves it as it is and links it.
    const clone = path.join(scratch, "reviewer-clone");
    git(["clone", "--quiet", "--branch", branch, bare, clone]);
    writeFileSync(path.join(clone, "REVIEW.md"), "looked at it\n");
    git(["add", "REVIEW.md"], clone);
    git(["commit", "--quiet", "-m", "review"], clone);
    git(["push", "--quiet", "origin", branch], clone);
    const reviewed = tip();
    const kept = await push("fix: 9 drops", { ...grown, set: { ...grown.set, team: "docs" } });
    expect(kept).toMatchObject({ ok: true, outcome: "kept", commit: reviewed });
    expect(tip()).toBe(reviewed);
    expect(readdirSync(workRoot)).toEqual([]);
  });
});

describe("pushBranch failures", () => {
  it("reports a rejected token in one line without the token, and pushes nothing", async () => {
    const bare = createRemote("homelab-denied", { [NS_FILE]: "apiVersion: v1\nkind: Namespace\n" });
    const before = server.seen.length;
    const wrong = "ghp_WrongToken_abcdefghijklmnop";
    const result = await pushBranch({
      repository: repository("homelab-denied"),
      token: wrong,
      baseBranch: "main",
      branch: "sieve/denied",
      message: "fix",
      files: () => ({ ok: true, files: [{ path: NS_FILE, content: "pushed\n" }] }),
      workRoot,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(/^git clone failed: /);
    expect(result.error).not.toMatch(/[\r\n]/);
    const header = authorizationHeader(defaultCredential("github", wrong));
    for (const secret of [wrong, header, header.slice(6)]) expect(result.error).not.toContain(secret);
    expect(server.seen.slice(before)[0]).toBe(header);
    expect(git(["--git-dir", bare, "branch", "--list", "sieve/denied"]).trim()).toBe("");
    expect(readdirSync(workRoot)).toEqual([]);
  });

  it("sends no Authorization header to a request without the token, so the remote refuses it", async () => {
    createRemote("homelab-anon", { [NS_FILE]: "apiVersion: v1\nkind: Namespace\n" });
    const before = server.seen.length;
    // Asynchronously: the remote is served by this very process.
    const lsRemote = promisify(execFile)("git", ["ls-remote", `${server.origin}/acme/homelab-anon.git`], {
      env: { ...SEED_GIT_ENV, GIT_TERMINAL_PROMPT: "0" },
    });
    await expect(lsRemote).rejects.toThrow(/401|Authentication failed|could not read Username/);
    expect(server.seen.slice(before)).toEqual([undefined]);
  });

  it("never puts the token in git's argv", async () => {
    createRemote("homelab-argv", {
      [NS_FILE]: readFileSync(path.join(fixtures, "namespaces-manifests.yaml"), "utf8"),
    });
    const log = path.join(scratch, "argv.log");
    const wrapper = path.join(scratch, "git-wrapper.sh");
    writeFileSync(wrapper, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec git "$@"\n`);
    chmodSync(wrapper, 0o755);
    const result = await pushBranch({
      repository: repository("homelab-argv"),
      token: TOKEN,
      baseBranch: "main",
      branch: "sieve/argv",
      message: "fix",
      files: patchedNamespaces(fixPaperless),
      gitBinary: wrapper,
      workRoot,
    });
    expect(result.ok).toBe(true);
    const argv = readFileSync(log, "utf8");
    expect(argv).toContain("clone");
    expect(argv).toContain("push");
    const header = server.expectedAuthorization;
    for (const secret of [TOKEN, header.slice(6)]) expect(argv).not.toContain(secret);
  });

  it("refuses to write through a symbolic link planted in the repository", async () => {
    const outside = path.join(scratch, "outside");
    mkdirSync(outside);
    createRemote("homelab-symlink", { "README.md": "x\n" }, { "kubernetes/platform": outside });
    const result = await pushBranch({
      repository: repository("homelab-symlink"),
      token: TOKEN,
      baseBranch: "main",
      branch: "sieve/symlink",
      message: "fix",
      files: () => ({ ok: true, files: [{ path: NS_FILE, content: "pwned\n" }] }),
      workRoot,
    });
    expect(result).toEqual({ ok: false, error: "kubernetes/platform is a symbolic link" });
    expect(readdirSync(outside)).toEqual([]);
  });

  it("refuses unsafe branches, paths and tokens before running git", async () => {
    const base = {
      repository: repository("homelab-never"),
      token: TOKEN,
      baseBranch: "main",
      message: "fix",
      files: () => ({ ok: true as const, files: [] }),
      workRoot,
    };
    for (const branch of ["--upload-pack=x", "../main", "a b", "main"]) {
      expect(await pushBranch({ ...base, branch })).toMatchObject({ ok: false });
    }
    expect(await pushBranch({ ...base, branch: "sieve/x", token: "abc\r\nX-Evil: 1" })).toMatchObject({
      ok: false,
    });
    expect(
      await pushBranch({ ...base, branch: "sieve/x", author: { name: "a\nb", email: "x" } }),
    ).toMatchObject({ ok: false });
    expect(await pushBranch({ ...base, branch: "sieve/x", baseBranch: "-x" })).toMatchObject({ ok: false });
  });

  it("gives up after the timeout when the remote never answers", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const parsed = parseRepositoryUrl(`http://127.0.0.1:${port}/acme/slow.git`, "github");
      if (!parsed.ok) throw new Error(parsed.error);
      const result = await pushBranch({
        repository: parsed.repository,
        token: TOKEN,
        baseBranch: "main",
        branch: "sieve/slow",
        message: "fix",
        files: () => ({ ok: true, files: [] }),
        timeoutMs: 1500,
        workRoot,
      });
      expect(result).toEqual({ ok: false, error: "git clone failed: timed out after 2s" });
      expect(readdirSync(workRoot)).toEqual([]);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
