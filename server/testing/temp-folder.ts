import "server-only";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

/** A scratch folder for one test file, removed after it, and a writer of files into it (giving their paths). */
export function tempFolder(prefix: string): { dir: string; file(name: string, content: string): string } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    file(name, content) {
      const full = path.join(dir, name);
      writeFileSync(full, content);
      return full;
    },
  };
}
