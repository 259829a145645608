import { describe, expect, it } from "vitest";
import {
  editorLinks,
  MAX_URL_LENGTH,
  pullRequestLink,
  TRUNCATION_NOTE,
  type PullRequestText,
} from "./pr-link";
import { parseRepositoryUrl, type GitProvider, type Repository } from "./repository-url";

function repo(url: string, provider?: GitProvider): Repository {
  const result = parseRepositoryUrl(url, provider);
  if (!result.ok) throw new Error(result.error);
  return result.repository;
}

const github = repo("https://github.com/acme/homelab.git");
const gitlab = repo("https://gitlab.com/acme/infra/homelab");
const gitea = repo("https://gitea.example.com/acme/homelab", "gitea");
const text: PullRequestText = {
  title: "network-policy(paperless): allow postgres",
  body: "Fixes **12 of 15** drops.\n\n- a & b",
};
const cnpPath = "kubernetes/platform/config/network-policy/platform/garage.yaml";
const cnp = "---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\n# a comment & more\n";

describe("editorLinks", () => {
  it.each([
    [github, "https://github.com/acme/homelab/edit/main/kubernetes/platform/namespaces.yaml"],
    [gitlab, "https://gitlab.com/acme/infra/homelab/-/edit/main/kubernetes/platform/namespaces.yaml"],
    [gitea, "https://gitea.example.com/acme/homelab/_edit/main/kubernetes/platform/namespaces.yaml"],
  ])("opens the web editor on the file for an edit (%#)", (repository, url) => {
    const result = editorLinks(
      repository,
      "main",
      [{ path: "kubernetes/platform/namespaces.yaml", before: "a", after: "b" }],
      text,
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.value.links).toEqual([
      {
        path: "kubernetes/platform/namespaces.yaml",
        kind: "edit",
        url,
        prefilled: false,
        note: expect.stringContaining("cannot be prefilled"),
      },
    ]);
    expect(result.value).toMatchObject(text);
  });

  it.each([
    [
      github,
      "/acme/homelab/new/main/kubernetes/platform/config/network-policy/platform",
      "filename",
      "value",
    ],
    [
      gitlab,
      "/acme/infra/homelab/-/new/main/kubernetes/platform/config/network-policy/platform",
      "file_name",
      "content",
    ],
    [
      gitea,
      "/acme/homelab/_new/main/kubernetes/platform/config/network-policy/platform",
      "filename",
      "value",
    ],
  ])("prefills the new-file form (%#)", (repository, pathname, nameKey, contentKey) => {
    const result = editorLinks(repository, "main", [{ path: cnpPath, before: null, after: cnp }], text);
    if (!result.ok) throw new Error(result.error);
    const link = result.value.links[0]!;
    expect(link).toMatchObject({ kind: "create", prefilled: true });
    const url = new URL(link.url);
    expect(url.pathname).toBe(pathname);
    expect(url.searchParams.get(nameKey)).toBe("garage.yaml");
    expect(url.searchParams.get(contentKey)).toBe(cnp);
    expect([...url.searchParams.keys()]).toEqual([nameKey, contentKey]);
  });

  it("drops the content, and says so, when the file is too long for a link", () => {
    const result = editorLinks(
      github,
      "main",
      [{ path: cnpPath, before: null, after: "x".repeat(MAX_URL_LENGTH) }],
      text,
    );
    if (!result.ok) throw new Error(result.error);
    const link = result.value.links[0]!;
    expect(link.prefilled).toBe(false);
    expect(link.note).toContain("too long");
    expect(new URL(link.url).searchParams.has("value")).toBe(false);
  });

  it("refuses unsafe paths and branches", () => {
    expect(editorLinks(github, "main", [{ path: "../etc/passwd", before: "", after: "" }], text).ok).toBe(
      false,
    );
    expect(editorLinks(github, "main", [{ path: "a/.git/config", before: "", after: "" }], text).ok).toBe(
      false,
    );
    expect(editorLinks(github, "-main", [], text).ok).toBe(false);
  });

  it("encodes every path segment and keeps the slashes between them", () => {
    const result = editorLinks(
      github,
      "release/1.0",
      [{ path: "dir with space/a#b?c&d.yaml", before: "x", after: "y" }],
      text,
    );
    if (!result.ok) throw new Error(result.error);
    const url = new URL(result.value.links[0]!.url);
    expect(url.pathname).toBe("/acme/homelab/edit/release/1.0/dir%20with%20space/a%23b%3Fc%26d.yaml");
    expect(url.search).toBe("");
    expect(url.hash).toBe("");
  });
});

describe("pullRequestLink", () => {
  const head = "sieve/fix-paperless-postgres-3f2a1c";

  it("prefills GitHub's compare page", () => {
    const result = pullRequestLink(github, "main", head, text);
    if (!result.ok) throw new Error(result.error);
    const url = new URL(result.value.url);
    expect(url.origin + url.pathname).toBe(`https://github.com/acme/homelab/compare/main...${head}`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ expand: "1", title: text.title, body: text.body });
    expect(result.value).toMatchObject({ bodyTruncated: false, note: null });
  });

  it("prefills GitLab's new merge request page", () => {
    const result = pullRequestLink(gitlab, "main", head, text);
    if (!result.ok) throw new Error(result.error);
    const url = new URL(result.value.url);
    expect(url.pathname).toBe("/acme/infra/homelab/-/merge_requests/new");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      "merge_request[source_branch]": head,
      "merge_request[target_branch]": "main",
      "merge_request[title]": text.title,
      "merge_request[description]": text.body,
    });
    expect(result.value.url).not.toMatch(/[[\]]/);
  });

  it("prefills Gitea's compare page and says which versions honour it", () => {
    const result = pullRequestLink(gitea, "main", head, text);
    if (!result.ok) throw new Error(result.error);
    const url = new URL(result.value.url);
    expect(url.pathname).toBe(`/acme/homelab/compare/main...${head}`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ expand: "1", title: text.title, body: text.body });
    expect(result.value.note).toContain("1.24");
  });

  it("shortens the body, never the title, to stay under the limit", () => {
    const body = Array.from({ length: 2000 }, (_, i) => `- drop ${i}: paperless → database:5432 ✓`).join(
      "\n",
    );
    for (const repository of [github, gitlab, gitea]) {
      const result = pullRequestLink(repository, "main", head, { title: text.title, body });
      if (!result.ok) throw new Error(result.error);
      expect(result.value.url.length).toBeLessThanOrEqual(MAX_URL_LENGTH);
      expect(result.value.url.length).toBeGreaterThan(MAX_URL_LENGTH - 400);
      expect(result.value.bodyTruncated).toBe(true);
      const params = new URL(result.value.url).searchParams;
      const sent = params.get("body") ?? params.get("merge_request[description]");
      expect(sent).toBe(result.value.body);
      expect(sent!.endsWith(TRUNCATION_NOTE)).toBe(true);
      expect(body.startsWith(sent!.slice(0, -TRUNCATION_NOTE.length))).toBe(true);
      expect(params.get("title") ?? params.get("merge_request[title]")).toBe(text.title);
    }
  });

  it("cannot be steered by hostile titles, bodies or branches", () => {
    const hostile = {
      title: 'x&expand=0&body=evil#frag\n<script>"',
      body: "a&title=evil&quick_pull=1#x?y=z%00 $(id) `--` ../..",
    };
    for (const repository of [github, gitlab, gitea]) {
      const result = pullRequestLink(repository, "main", head, hostile);
      if (!result.ok) throw new Error(result.error);
      const url = new URL(result.value.url);
      expect(url.hash).toBe("");
      expect(url.origin).toBe(repository.origin);
      const params = [...url.searchParams];
      expect(new Set(params.map(([key]) => key)).size).toBe(params.length);
      const values = Object.fromEntries(params);
      expect(values.title ?? values["merge_request[title]"]).toBe('x&expand=0&body=evil#frag <script>"');
      expect(values.body ?? values["merge_request[description]"]).toBe(hostile.body);
    }
    expect(pullRequestLink(github, "main", "../../main", text).ok).toBe(false);
    expect(pullRequestLink(github, "main?x=1", head, text).ok).toBe(false);
  });
});
