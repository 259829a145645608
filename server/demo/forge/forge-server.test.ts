import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editorLinks, pullRequestLink } from "@/lib/gitops/pr-link";
import { parseRepositoryUrl, type Repository } from "@/lib/gitops/repository-url";
import { pushBranch } from "@/server/git/push-branch";
import { createBareRepository } from "../gitops-repo/bare-repository";
import { FORGE_CSP } from "./forge-pages";
import { startDemoForge, type DemoForge } from "./forge-server";

const run = promisify(execFile);
const TOKEN = "sieve-demo-ForgeTestToken0123456789";
const NS_FILE = "kubernetes/platform/namespaces.yaml";
const HOSTILE = `</pre><script>alert("x")</script><img src=x onerror='alert(1)'>&amp;`;
const README = `# demo <img src=x onerror=alert(2)>\n`;
const ALLOWED_TAGS = new Set(
  "html head meta title style body header a main p code div pre span ul li em h1".split(" "),
);
const GIT_ENV = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: tmpdir(),
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_TERMINAL_PROMPT: "0",
  GIT_AUTHOR_NAME: "Tester",
  GIT_AUTHOR_EMAIL: "t@example.com",
  GIT_COMMITTER_NAME: "Tester",
  GIT_COMMITTER_EMAIL: "t@example.com",
} as Record<string, string> as NodeJS.ProcessEnv;
const git = (args: string[], cwd?: string) => run("git", args, { cwd, env: GIT_ENV, encoding: "utf8" });

let scratch: string;
let bare: string;
let forge: DemoForge;
let repository: Repository;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), "sieve-forge-"));
  bare = path.join(scratch, "gitops.git");
  await createBareRepository({
    directory: bare,
    files: new Map([
      ["README.md", README],
      [NS_FILE, "- name: paperless\n  labels:\n    network-policy.homelab/profile: standard\n"],
    ]),
    branch: "main",
    message: "seed",
    author: { name: "Homelab Admin", email: "admin@lab.example.net" },
  });
  forge = await startDemoForge({
    repositoryDir: bare,
    owner: "homelab",
    repo: "gitops",
    token: TOKEN,
    baseBranch: "main",
  });
  const parsed = parseRepositoryUrl(forge.webUrl, "gitea");
  if (!parsed.ok) throw new Error(parsed.error);
  repository = parsed.repository;
});

afterAll(async () => {
  await forge?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Every HTML tag in the page is one the forge writes itself. */
function foreignTags(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)]
    .map((m) => m[1]!.toLowerCase())
    .filter((tag) => !ALLOWED_TAGS.has(tag));
}

async function page(url: string): Promise<{ status: number; html: string; csp: string | null }> {
  const response = await fetch(url);
  return {
    status: response.status,
    html: await response.text(),
    csp: response.headers.get("content-security-policy"),
  };
}

async function remoteBranches(): Promise<string[]> {
  const { stdout } = await git([
    "--git-dir",
    bare,
    "for-each-ref",
    "--format=%(refname:strip=2)",
    "refs/heads/",
  ]);
  return stdout.split("\n").filter(Boolean);
}

describe("the demo forge over git's smart HTTP", () => {
  it("serves anonymous clones at the web URL and at its .git", async () => {
    for (const [i, url] of [forge.cloneUrl, forge.webUrl].entries()) {
      const target = path.join(scratch, `clone-${i}`);
      await git(["clone", "--quiet", url, target]);
      expect(readFileSync(path.join(target, "README.md"), "utf8")).toBe(README);
    }
  });

  it("refuses an anonymous push", async () => {
    const work = path.join(scratch, "clone-0");
    writeFileSync(path.join(work, "README.md"), "anonymous\n");
    await git(["commit", "--quiet", "-am", "anonymous"], work);
    await expect(git(["push", "--quiet", "origin", "HEAD:refs/heads/anonymous"], work)).rejects.toThrow(
      /Authentication failed|401|could not read Username/,
    );
    expect(await remoteBranches()).toEqual(["main"]);
  });

  it("takes a push with the demo token as Sieve sends it (Gitea's token:x-oauth-basic)", async () => {
    const result = await pushBranch({
      repository,
      token: TOKEN,
      baseBranch: "main",
      branch: "sieve/fix-paperless-postgres",
      message: "network-policy(paperless): allow postgres",
      files: async (read) => ({
        ok: true,
        files: [
          {
            path: NS_FILE,
            content: `${await read(NS_FILE)}    access.network-policy.homelab/postgres: "true"\n`,
          },
        ],
      }),
      workRoot: scratch,
    });
    if (!result.ok) throw new Error(result.error);
    expect(await remoteBranches()).toEqual(["main", "sieve/fix-paperless-postgres"]);
    const { stdout } = await git(["--git-dir", bare, "rev-parse", "sieve/fix-paperless-postgres"]);
    expect(stdout.trim()).toBe(result.commit);
  });

  it("refuses a wrong token, for pushing and for reading", async () => {
    const result = await pushBranch({
      repository,
      token: "sieve-demo-not-the-token-000000",
      baseBranch: "main",
      branch: "sieve/intruder",
      message: "m",
      files: () => ({ ok: true, files: [{ path: "x.txt", content: "x" }] }),
      workRoot: scratch,
    });
    expect(result).toMatchObject({ ok: false });
    const response = await fetch(`${forge.cloneUrl}/info/refs?service=git-upload-pack`, {
      headers: { Authorization: `Basic ${Buffer.from("someone:wrong").toString("base64")}` },
    });
    expect(response.status).toBe(401);
    expect(await remoteBranches()).not.toContain("sieve/intruder");
  });
});

describe("the demo forge's pages", () => {
  it("shows the new pull request Sieve links to, with the title, body and the branch's diff", async () => {
    const link = pullRequestLink(repository, "main", "sieve/fix-paperless-postgres", {
      title: "network-policy(paperless): allow postgres",
      body: "## Why\nDrops to database:5432.\n",
    });
    if (!link.ok) throw new Error(link.error);
    const { status, html, csp } = await page(link.value.url);
    expect(status).toBe(200);
    expect(csp).toBe(FORGE_CSP);
    expect(html).toContain("network-policy(paperless): allow postgres");
    expect(html).toContain("## Why\nDrops to database:5432.");
    expect(html).toContain(
      `<span class="add">+    access.network-policy.homelab/postgres: &#34;true&#34;</span>`,
    );
    expect(html).toContain(`diff --git a/${NS_FILE} b/${NS_FILE}`);
  });

  it("escapes a hostile title and body", async () => {
    const url = `${forge.webUrl}/compare/main...sieve/fix-paperless-postgres?expand=1&title=${encodeURIComponent(HOSTILE)}&body=${encodeURIComponent(HOSTILE)}`;
    const { status, html } = await page(url);
    expect(status).toBe(200);
    expect(foreignTags(html)).toEqual([]);
    expect(html).not.toContain("<script");
    expect(html).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;");
    expect(html).toContain("&#38;amp;");
  });

  it("shows the current file on the edit page, escaped", async () => {
    const links = editorLinks(repository, "main", [{ path: "README.md", before: README, after: "# new\n" }], {
      title: "t",
      body: "b",
    });
    if (!links.ok) throw new Error(links.error);
    const { status, html, csp } = await page(links.value.links[0]!.url);
    expect(status).toBe(200);
    expect(csp).toBe(FORGE_CSP);
    expect(html).toContain("# demo &#60;img src=x onerror=alert(2)&#62;");
    expect(foreignTags(html)).toEqual([]);
  });

  it("shows a new file's name and content as Sieve's link prefills them", async () => {
    const content = `---\nkind: CiliumNetworkPolicy\n# ${HOSTILE}\n`;
    const links = editorLinks(
      repository,
      "main",
      [
        {
          path: "kubernetes/platform/config/network-policy/platform/garage.yaml",
          before: null,
          after: content,
        },
      ],
      { title: "t", body: "b" },
    );
    if (!links.ok) throw new Error(links.error);
    const { status, html } = await page(links.value.links[0]!.url);
    expect(status).toBe(200);
    expect(html).toContain("<code>kubernetes/platform/config/network-policy/platform</code>");
    expect(html).toContain("garage.yaml");
    expect(html).toContain("kind: CiliumNetworkPolicy");
    expect(foreignTags(html)).toEqual([]);

    const hostileName = await page(
      `${forge.webUrl}/_new/main/kubernetes?filename=${encodeURIComponent(HOSTILE)}&value=${encodeURIComponent(HOSTILE)}`,
    );
    expect(hostileName.status).toBe(200);
    expect(foreignTags(hostileName.html)).toEqual([]);
  });

  it("says when a new file already exists", async () => {
    const { html } = await page(
      `${forge.webUrl}/_new/main/kubernetes/platform?filename=namespaces.yaml&value=x`,
    );
    expect(html).toContain("already exists on main");
  });

  it("answers branches with slashes on the edit page", async () => {
    const { status, html } = await page(`${forge.webUrl}/_edit/sieve/fix-paperless-postgres/${NS_FILE}`);
    expect(status).toBe(200);
    expect(html).toContain("access.network-policy.homelab/postgres: &#34;true&#34;");
  });

  it("lists the branches to compare on the repository's home page", async () => {
    const { status, html } = await page(forge.webUrl);
    expect(status).toBe(200);
    expect(html).toContain(`${forge.webUrl}/compare/main...sieve/fix-paperless-postgres`);
    expect(html).toContain(`<code>${NS_FILE}</code>`);
  });

  it("answers what it does not have with 404, unreadable addresses with 400 and writes with 405", async () => {
    expect((await page(`${forge.webUrl}/compare/main...sieve/none?title=x`)).status).toBe(404);
    expect((await page(`${forge.webUrl}/_edit/main/kubernetes/none.yaml`)).status).toBe(404);
    expect((await page(`${forge.webUrl}/_edit/nobranch/README.md`)).status).toBe(404);
    expect((await page(`${forge.webUrl}/_edit/main/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
    expect((await page(`${forge.origin}/other/repo`)).status).toBe(404);
    expect((await page(`${forge.webUrl}/compare/%E0%A4%A`)).status).toBe(400);
    const post = await fetch(`${forge.webUrl}/compare/main...main`, { method: "POST", body: "x" });
    expect(post.status).toBe(405);
    const notFound = await page(`${forge.webUrl}/compare/main...${encodeURIComponent("<b>x</b>")}`);
    expect(notFound.status).toBe(404);
    expect(foreignTags(notFound.html)).toEqual([]);
  });
});
