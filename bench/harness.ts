import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// What every benchmark shares: figures with their targets, statistics, and the bookkeeping that
// makes sure each child process and temporary directory goes away, however a run ends.

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface Target {
  /** "max": the figure should stay below `value`; "min": reach at least `value`. */
  kind: "max" | "min";
  value: number;
}

export interface Figure {
  label: string;
  value: number;
  unit: string;
  /** Only the headline figure of a benchmark carries the issue's target. */
  target?: Target;
  digits?: number;
}

export interface BenchResult {
  name: string;
  figures: Figure[];
  /** Lines of context: sizes, breakdowns, where the time goes. */
  notes: string[];
}

export interface Benchmark {
  name: string;
  /** The issue the target comes from, e.g. "#3". */
  issue: string;
  goal: string;
  run(log: (line: string) => void): Promise<BenchResult>;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function meets(figure: Figure): boolean | null {
  if (!figure.target) return null;
  return figure.target.kind === "max"
    ? figure.value < figure.target.value
    : figure.value >= figure.target.value;
}

export function formatNumber(value: number, digits = 1): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatTarget(figure: Figure): string {
  if (!figure.target) return "";
  const value = formatNumber(figure.target.value, 0);
  return figure.target.kind === "max" ? `< ${value} ${figure.unit}` : `>= ${value} ${figure.unit}`;
}

export function formatFigure(figure: Figure): string {
  const text = `${figure.label}: ${formatNumber(figure.value, figure.digits ?? 1)} ${figure.unit}`;
  const ok = meets(figure);
  if (ok === null) return text;
  return `${text}   (target ${formatTarget(figure)}: ${ok ? "met" : "MISSED"})`;
}

export const mb = (bytes: number) => bytes / (1024 * 1024);

/** The 1, 5 and 15 minute load averages, e.g. "0.42 0.61 0.80". */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
}

/** Whether an executable of that name is on PATH. */
export function onPath(command: string): boolean {
  return (process.env.PATH ?? "")
    .split(path.delimiter)
    .some((dir) => dir !== "" && existsSync(path.join(dir, command)));
}

// ── cleanup ────────────────────────────────────────────────────────────────────────────────────

type Cleanup = () => void | Promise<void>;

const cleanups: Cleanup[] = [];
/** Children still running and directories still there, for a process exit before cleanup ran. */
const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

export function onCleanup(cleanup: Cleanup): void {
  cleanups.push(cleanup);
}

let cleaning: Promise<void> | null = null;

/**
 * Runs every registered cleanup, newest first; errors are reported, not thrown. Callers that come
 * while it runs (a signal during a benchmark's own cleanup) share the same run.
 */
export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const cleanup = cleanups.pop()!;
      try {
        await cleanup();
      } catch (error) {
        process.stderr.write(`bench: cleanup failed: ${(error as Error).message}\n`);
      }
    }
  })().finally(() => {
    cleaning = null;
  });
  return cleaning;
}

/** Kills what is left of our children and removes our temporary directories, synchronously: for process exit. */
export function cleanUpNow(): void {
  for (const child of children) signalChild(child, "SIGKILL");
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}

function signalChild(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Detached children lead their own process group: signal it, so grandchildren go too.
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  signalChild(child, "SIGTERM");
  const timer = setTimeout(() => signalChild(child, "SIGKILL"), graceMs);
  await exited(child);
  clearTimeout(timer);
  children.delete(child);
}

/** Spawns a child in its own process group, stopped at cleanup. */
export function spawnTracked(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, detached: true, ...options });
  children.add(child);
  child.once("exit", () => children.delete(child));
  onCleanup(() => stopChild(child));
  return child;
}

/** A node child running a TypeScript file of the repository with an IPC channel. */
export function spawnTsChild(
  file: string,
  nodeFlags: string[] = [],
  env: Record<string, string | undefined> = {},
): ChildProcess {
  return spawnTracked(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", ...nodeFlags, path.join(ROOT, file)],
    { stdio: ["ignore", "inherit", "inherit", "ipc"], env: { ...process.env, ...env } },
  );
}

/**
 * TypeScript files of the repository bundled into plain JavaScript, as Next.js bundles the server
 * (packages left to node_modules, as serverExternalPackages does), for a child whose memory is the
 * figure: tsx's loader runs its hooks on a worker thread with a V8 heap of its own and keeps an
 * inline source map with every module, memory `next start` does not have. Returns the path of each
 * entry's output, in order. esbuild is tsx's own compiler.
 */
export async function bundleForNode(entries: string[]): Promise<string[]> {
  const { build } = await import("esbuild");
  mkdirSync(path.join(ROOT, ".sieve"), { recursive: true });
  // Inside the repository, so the bundle's imports of packages resolve to its node_modules.
  const outdir = mkdtempSync(path.join(ROOT, ".sieve", "bench-bundle-"));
  tempDirs.add(outdir);
  onCleanup(() => {
    rmSync(outdir, { recursive: true, force: true });
    tempDirs.delete(outdir);
  });
  await build({
    entryPoints: entries.map((entry) => path.join(ROOT, entry)),
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    conditions: ["react-server"],
    tsconfig: path.join(ROOT, "tsconfig.json"),
    logLevel: "error",
  });
  return entries.map((entry) => path.join(outdir, `${path.basename(entry, path.extname(entry))}.mjs`));
}

/** A node child running a bundle from bundleForNode, with an IPC channel and no loader of its own. */
export function spawnBundleChild(
  file: string,
  nodeFlags: string[] = [],
  env: Record<string, string | undefined> = {},
): ChildProcess {
  return spawnTracked(process.execPath, ["--conditions=react-server", ...nodeFlags, file], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, ...env },
  });
}

/** A temporary directory removed at cleanup. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `sieve-bench-${prefix}-`));
  tempDirs.add(dir);
  onCleanup(() => {
    rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  });
  return dir;
}

export { freePort } from "../scripts/free-port.mjs";

// ── IPC with a child ───────────────────────────────────────────────────────────────────────────

export interface ChildMessage {
  type: string;
  [key: string]: unknown;
}

/** The next message of `type` from the child; rejects if the child exits or reports an error first. */
export function nextMessage<T extends ChildMessage>(
  child: ChildProcess,
  type: string,
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = (settle: () => void) => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      settle();
    };
    const onMessage = (message: ChildMessage) => {
      if (message.type === type) done(() => resolve(message as T));
      else if (message.type === "error")
        done(() => reject(new Error(`child failed: ${String(message.message)}`)));
    };
    const onExit = (code: number | null, signal: string | null) =>
      done(() => reject(new Error(`child exited (${signal ?? `code ${code}`}) while waiting for "${type}"`)));
    const timer = setTimeout(
      () => done(() => reject(new Error(`no "${type}" from the child within ${timeoutMs / 1000} s`))),
      timeoutMs,
    );
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

/** In a child: reports an uncaught failure to the parent, then exits. */
export function reportFailures(): void {
  const fail = (error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    if (process.send) process.send({ type: "error", message }, () => process.exit(1));
    else {
      process.stderr.write(`${message}\n`);
      process.exit(1);
    }
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
  // The parent going away (its IPC channel closing) ends the child too.
  process.on("disconnect", () => process.exit(0));
}

// ── process memory ─────────────────────────────────────────────────────────────────────────────

function statusField(pid: number, field: string): number {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Resident memory of a process and its descendants in bytes (Linux /proc; 0 elsewhere). */
export function treeRss(pid: number): number {
  const parents = new Map<number, number>();
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        parents.set(Number(entry), ppid);
      } catch {
        // exited meanwhile
      }
    }
  } catch {
    return 0;
  }
  let total = statusField(pid, "VmRSS");
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.pop()!;
    for (const [child, ppid] of parents) {
      if (ppid !== parent) continue;
      total += statusField(child, "VmRSS");
      queue.push(child);
    }
  }
  return total;
}
