import { describe, expect, it } from "vitest";
import { parseRepositoryUrl } from "./repository-url";

describe("parseRepositoryUrl", () => {
  it.each([
    ["https://github.com/acme/homelab", "github", ["acme", "homelab"]],
    ["https://github.com/acme/homelab.git", "github", ["acme", "homelab"]],
    ["https://gitlab.com/group/sub/homelab/", "gitlab", ["group", "sub", "homelab"]],
    ["https://codeberg.org/acme/homelab.git", "gitea", ["acme", "homelab"]],
  ])("reads %s", (url, provider, segments) => {
    const result = parseRepositoryUrl(url);
    if (!result.ok) throw new Error(result.error);
    expect(result.repository.provider).toBe(provider);
    expect(result.repository.segments).toEqual(segments);
    expect(result.repository.cloneUrl).toBe(`${result.repository.webUrl}.git`);
  });

  it("needs the provider for self-hosted instances and takes it from configuration", () => {
    expect(parseRepositoryUrl("https://git.example.com/acme/homelab")).toMatchObject({ ok: false });
    const result = parseRepositoryUrl("https://git.example.com:3000/acme/homelab", "gitea");
    expect(result).toMatchObject({
      ok: true,
      repository: { origin: "https://git.example.com:3000", provider: "gitea" },
    });
  });

  it.each([
    "http://github.com/acme/homelab",
    "https://user:secret@github.com/acme/homelab",
    "https://token@github.com/acme/homelab",
    "https://github.com/acme/homelab?ref=main",
    "https://github.com/acme/homelab#readme",
    "https://github.com/acme",
    "https://github.com/acme/homelab/extra",
    "https://github.com/acme/..%2F..",
    "https://github.com/acme/<script>",
    "git@github.com:acme/homelab.git",
    "ssh://git@github.com/acme/homelab",
    "javascript:alert(1)",
    "not a url",
  ])("refuses %s", (url) => {
    expect(parseRepositoryUrl(url, "github").ok).toBe(false);
  });

  it("allows http only on loopback", () => {
    expect(parseRepositoryUrl("http://127.0.0.1:8080/acme/homelab.git", "gitea").ok).toBe(true);
    expect(parseRepositoryUrl("http://localhost/acme/homelab", "gitea").ok).toBe(true);
    expect(parseRepositoryUrl("http://10.0.0.1/acme/homelab", "gitea").ok).toBe(false);
  });
});
