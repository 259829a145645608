import "server-only";
import { lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { isRepositoryFile, KUSTOMIZATION_FILE_NAMES, referencedFiles } from "@/lib/render/kustomize-tree";
import type { RepositoryFiles } from "@/lib/render/rendered";
import { DEFAULT_MAX_RENDER_BYTES, DEFAULT_MAX_RENDER_FILES } from "./render-repository";

// A checked-out repository on disk as RepositoryFiles: its YAML files and kustomization files
// (what Kustomize and Flux read), dot-folders and symbolic links left out, bounded in count and size.

export function readRepositoryFolder(
  folder: string,
  limits: { maxBytes?: number; maxFiles?: number } = {},
): Map<string, string> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_RENDER_BYTES;
  const maxFiles = limits.maxFiles ?? DEFAULT_MAX_RENDER_FILES;
  const root = path.resolve(folder);
  if (!statSync(root).isDirectory()) throw new Error(`${folder} is not a folder`);
  const files = new Map<string, string>();
  let total = 0;
  const visit = (dir: string, prefix: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) visit(path.join(dir, entry.name), relative);
      else if (entry.isFile() && isRepositoryFile(relative)) {
        const text = readFileSync(path.join(dir, entry.name), "utf8");
        total += Buffer.byteLength(text);
        if (files.size + 1 > maxFiles) throw new Error(`${folder} holds more than ${maxFiles} YAML files`);
        if (total > maxBytes)
          throw new Error(`${folder} holds more than ${Math.round(maxBytes / 1024 / 1024)} MiB of YAML`);
        files.set(relative, text);
      }
    }
  };
  visit(root, "");
  // Generator inputs and other non-YAML files the kustomizations read (regular files only).
  for (const relative of referencedFiles(files)) {
    const full = path.join(root, ...relative.split("/"));
    if (relative.split("/").some((segment) => segment.startsWith("."))) continue;
    const stat = lstatSync(full, { throwIfNoEntry: false });
    if (!stat?.isFile()) continue;
    const text = readFileSync(full, "utf8");
    total += Buffer.byteLength(text);
    if (files.size + 1 > maxFiles) throw new Error(`${folder} holds more than ${maxFiles} files to render`);
    if (total > maxBytes)
      throw new Error(`${folder} holds more than ${Math.round(maxBytes / 1024 / 1024)} MiB of YAML`);
    files.set(relative, text);
  }
  return files;
}

/** A repository to render (a kustomization or a Flux Kustomization somewhere), not a folder of output. */
export function isGitOpsRepository(files: RepositoryFiles): boolean {
  for (const [file, text] of files) {
    if ((KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(path.posix.basename(file))) return true;
    if (
      /^apiVersion:\s*["']?kustomize\.toolkit\.fluxcd\.io\//m.test(text) &&
      /^kind:\s*Kustomization\b/m.test(text)
    )
      return true;
  }
  return false;
}
