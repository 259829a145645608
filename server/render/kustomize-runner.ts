import "server-only";
import { execFile } from "node:child_process";

// Runs `kubectl kustomize` (the real kustomize, as vendored in kubectl) without a shell, at most two
// at a time across the process, each with a timeout and an output bound. The environment is bare:
// no kubeconfig, no proxy, nothing of Sieve's own (kustomize needs none to build local folders).

export interface KustomizeTool {
  binary: string;
  /** e.g. "v5.5.0", or null when kubectl did not say. */
  version: string | null;
}

const MAX_CONCURRENT = 2;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
let running = 0;
const waiting: Array<() => void> = [];

/** Runs `work` when fewer than two builds are under way in the process. */
export async function withBuildSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

function run(binary: string, args: string[], cwd: string, timeoutMs: number, home = cwd): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      args,
      {
        cwd,
        timeout: timeoutMs,
        killSignal: "SIGKILL",
        maxBuffer: MAX_OUTPUT_BYTES,
        encoding: "utf8",
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: home,
          KUBECONFIG: "/dev/null",
          LC_ALL: "C",
        } as unknown as NodeJS.ProcessEnv,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const killed = (error as { killed?: boolean }).killed === true;
        const message = killed ? `timed out after ${timeoutMs / 1000} s` : stderr.trim() || error.message;
        reject(Object.assign(new Error(message), { code: (error as { code?: unknown }).code }));
      },
    );
  });
}

const tools = new Map<string, Promise<KustomizeTool | null>>();

/** kubectl and its kustomize version, or null when it cannot be run (asked once per binary). */
export function findKustomizeTool(binary: string, cwd: string): Promise<KustomizeTool | null> {
  let found = tools.get(binary);
  if (!found) {
    found = run(binary, ["version", "--client"], cwd, 20_000).then(
      (output) => ({ binary, version: /Kustomize Version:\s*(\S+)/.exec(output)?.[1] ?? null }),
      (error: { code?: unknown }) => {
        // Absent or not executable: the built-in renderer takes over. Anything else (a slow
        // machine) is retried next time.
        if (error.code !== "ENOENT" && error.code !== "EACCES") tools.delete(binary);
        return null;
      },
    );
    tools.set(binary, found);
  }
  return found;
}

export function describeTool(tool: KustomizeTool): string {
  return `kubectl kustomize (kustomize ${tool.version ?? "version unknown"})`;
}

/** `kubectl kustomize` on `folder` (absolute); rejects with kustomize's own message. Call it in withBuildSlot. */
export function kustomizeBuild(
  tool: KustomizeTool,
  folder: string,
  options: { timeoutMs: number; home: string },
): Promise<string> {
  // Flux builds with LoadRestrictionsNone on a file system confined to the repository; the
  // renderer refuses references that leave the repository before building.
  return run(
    tool.binary,
    ["kustomize", "--load-restrictor", "LoadRestrictionsNone", folder],
    folder,
    options.timeoutMs,
    options.home,
  );
}
