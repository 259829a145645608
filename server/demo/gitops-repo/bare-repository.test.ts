import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createBareRepository } from "./bare-repository";

const scratch = mkdtempSync(path.join(tmpdir(), "sieve-demo-bare-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const git = (args: string[]) =>
  execFileSync("git", args, {
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" },
  });

const author = { name: "Homelab Admin", email: "admin@lab.example.net" };

describe("createBareRepository", () => {
  it("creates a bare repository whose branch holds exactly the files, in one commit", async () => {
    const directory = path.join(scratch, "first", "gitops.git");
    const files = new Map([
      ["README.md", "# hi\n"],
      ["kubernetes/platform/namespaces.yaml", "- name: a\n"],
    ]);
    const commit = await createBareRepository({ directory, files, branch: "main", message: "seed", author });
    expect(git(["--git-dir", directory, "rev-parse", "main"]).trim()).toBe(commit);
    expect(git(["--git-dir", directory, "rev-parse", "--is-bare-repository"]).trim()).toBe("true");
    expect(git(["--git-dir", directory, "ls-tree", "-r", "--name-only", "main"]).trim().split("\n")).toEqual([
      ...files.keys(),
    ]);
    expect(git(["--git-dir", directory, "show", "main:kubernetes/platform/namespaces.yaml"])).toBe(
      "- name: a\n",
    );
    expect(git(["--git-dir", directory, "log", "--format=%an <%ae>|%s", "main"]).trim()).toBe(
      "Homelab Admin <admin@lab.example.net>|seed",
    );
    expect(existsSync(path.join(directory, "index"))).toBe(false);
  });

  it("replaces its own repository from a previous start, pushed branches and all", async () => {
    const directory = path.join(scratch, "again.git");
    await createBareRepository({
      directory,
      files: new Map([["a.txt", "1\n"]]),
      branch: "main",
      message: "one",
      author,
    });
    const old = git(["--git-dir", directory, "rev-parse", "main"]).trim();
    git(["--git-dir", directory, "branch", "sieve/fix-old", "main"]);
    const commit = await createBareRepository({
      directory,
      files: new Map([["b.txt", "2\n"]]),
      branch: "main",
      message: "two",
      author,
    });
    expect(commit).not.toBe(old);
    expect(git(["--git-dir", directory, "for-each-ref", "--format=%(refname)"]).trim()).toBe(
      "refs/heads/main",
    );
    expect(git(["--git-dir", directory, "ls-tree", "--name-only", "main"]).trim()).toBe("b.txt");
  });

  it("refuses to delete a directory it did not make", async () => {
    const directory = path.join(scratch, "precious");
    mkdirSync(directory);
    writeFileSync(path.join(directory, "thesis.tex"), "years of work");
    await expect(
      createBareRepository({ directory, files: new Map([["a", "b"]]), branch: "main", message: "m", author }),
    ).rejects.toThrow("is not a Sieve demo repository");
    expect(readdirSync(directory)).toEqual(["thesis.tex"]);
  });

  it("refuses unsafe file paths before touching anything", async () => {
    const directory = path.join(scratch, "unsafe.git");
    await expect(
      createBareRepository({
        directory,
        files: new Map([["../x", "b"]]),
        branch: "main",
        message: "m",
        author,
      }),
    ).rejects.toThrow("not a safe repository path");
    expect(existsSync(directory)).toBe(false);
  });
});
