import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseSieveConfig, type GitOpsConfig } from "@/lib/config/sieve-config";
import { gitOpsSettings } from "./gitops-settings";

const TOKEN = "ghp_SieveSettingsTest0123456789";
const directory = mkdtempSync(path.join(tmpdir(), "sieve-gitops-settings-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function config(env: Record<string, string>): GitOpsConfig {
  const { config, problems } = parseSieveConfig({
    SIEVE_GITOPS_REPO: "https://github.com/acme/homelab",
    ...env,
  });
  if (!config.gitops) throw new Error(problems.map((p) => p.message).join("; "));
  return config.gitops;
}

describe("gitOpsSettings", () => {
  it("passes the token given in the environment", () => {
    const result = gitOpsSettings(config({ SIEVE_GITOPS_TOKEN: TOKEN, SIEVE_GITOPS_BRANCH: "prod" }));
    expect(result).toMatchObject({
      ok: true,
      settings: { baseBranch: "prod", repository: { provider: "github" }, cloneUrl: null },
    });
    expect(result.ok && result.settings.token()).toBe(TOKEN);
  });

  it("reads the token from SIEVE_GITOPS_TOKEN_FILE, without its line break", () => {
    const file = path.join(directory, "token");
    writeFileSync(file, `${TOKEN}\n`);
    const result = gitOpsSettings(config({ SIEVE_GITOPS_TOKEN_FILE: file }));
    expect(result.ok && result.settings.token()).toBe(TOKEN);
  });

  it("reads a rotated token file again, and keeps the last good token while the file is not one", () => {
    const file = path.join(directory, "rotating");
    writeFileSync(file, `${TOKEN}\n`);
    const result = gitOpsSettings(config({ SIEVE_GITOPS_TOKEN_FILE: file }));
    if (!result.ok) throw new Error(result.error);
    const rotated = "ghp_SieveSettingsRotated9876543210";
    // As a mounted Secret is updated: the new file is written beside it and swapped in.
    writeFileSync(`${file}.new`, `${rotated}\n`);
    renameSync(`${file}.new`, file);
    expect(result.settings.token()).toBe(rotated);
    writeFileSync(`${file}.new`, "two words\n");
    renameSync(`${file}.new`, file);
    expect(result.settings.token()).toBe(rotated);
    rmSync(file);
    expect(result.settings.token()).toBe(rotated);
  });

  it("has no token when none is configured", () => {
    const result = gitOpsSettings(config({}));
    expect(result.ok && result.settings.token()).toBe(null);
  });

  it("names a token file it cannot read, and never shows a malformed file's content", () => {
    const missing = path.join(directory, "missing");
    expect(gitOpsSettings(config({ SIEVE_GITOPS_TOKEN_FILE: missing }))).toEqual({
      ok: false,
      error: `SIEVE_GITOPS_TOKEN_FILE: cannot read ${missing} (ENOENT)`,
    });
    const twoLines = path.join(directory, "two-lines");
    writeFileSync(twoLines, `${TOKEN}\nsecond-${TOKEN}\n`);
    const result = gitOpsSettings(config({ SIEVE_GITOPS_TOKEN_FILE: twoLines }));
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining(twoLines) });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });
});
