#!/usr/bin/env node
// Sieve's launcher: the README's two commands go through here so that a fresh clone works
// without any manual step. `demo` installs, builds, starts the embedded demo cluster and the
// dashboard; `serve` starts the dashboard against the cluster in the environment; `test` runs
// every check CI runs.

import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { nextStartArguments } from "./next-start.mjs";
import { freePort } from "./free-port.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "server",
  "public",
  "next.config.ts",
  "package-lock.json",
  "tsconfig.json",
  "postcss.config.mjs",
];
const BUILD_STAMP = path.join(ROOT, ".next", "sieve-source-hash");

function say(message) {
  process.stdout.write(`sieve: ${message}\n`);
}

function fail(message) {
  process.stderr.write(`sieve: ${message}\n`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", ...options });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

function parseArgs(argv) {
  const options = { port: undefined, host: undefined, build: true };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === "--port") options.port = argv[++i];
    else if (arg === "--host") options.host = argv[++i];
    else if (arg === "--no-build") options.build = false;
    else fail(`unknown option ${arg}`);
  }
  return options;
}

function validPort(text, name) {
  if (text === undefined) return undefined;
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    fail(`${name}: "${text}" is not a port number (1-65535)`);
  }
  return Number(text);
}

function ensureDependencies() {
  const installedStamp = path.join(ROOT, "node_modules", ".package-lock.json");
  const lockfile = path.join(ROOT, "package-lock.json");
  if (existsSync(installedStamp) && statSync(installedStamp).mtimeMs >= statSync(lockfile).mtimeMs) return;
  say("installing dependencies (npm ci)…");
  if (run(NPM, ["ci", "--no-audit", "--no-fund"]) !== 0) fail("npm ci failed; see the output above");
}

function hashInputs() {
  const hash = createHash("sha256");
  const visit = (relative) => {
    const full = path.join(ROOT, relative);
    if (!existsSync(full)) return;
    const stats = statSync(full);
    if (stats.isDirectory()) {
      for (const entry of readdirSync(full).sort()) {
        if (entry === "node_modules" || entry.startsWith(".")) continue;
        visit(path.join(relative, entry));
      }
    } else if (!/\.test\.tsx?$/.test(relative)) {
      hash.update(relative);
      hash.update(readFileSync(full));
    }
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest("hex");
}

function ensureBuild() {
  const digest = hashInputs();
  if (existsSync(BUILD_STAMP) && readFileSync(BUILD_STAMP, "utf8") === digest) return;
  say("building the dashboard (next build)…");
  const status = run(
    process.execPath,
    [path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), "build"],
    {
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    },
  );
  if (status !== 0) fail("next build failed; see the output above");
  writeFileSync(BUILD_STAMP, digest);
}

function portIsFree(port, host) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

async function choosePort(wanted, host) {
  return (await portIsFree(wanted, host)) ? wanted : freePort(host);
}

const children = new Set();

function stopChildren() {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopChildren();
    process.exit(0);
  });
}

function startDemoCluster() {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "server", "demo", "main.ts")],
      { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"], env: process.env },
    );
    children.add(child);
    let buffered = "";
    let ready = false;
    child.stdout.on("data", (chunk) => {
      if (ready) {
        process.stdout.write(chunk);
        return;
      }
      buffered += chunk.toString();
      const match = /^SIEVE_DEMO_READY (.*)$/m.exec(buffered);
      if (match) {
        ready = true;
        resolve(JSON.parse(match[1]));
      }
    });
    child.once("exit", (code) => {
      if (!ready) reject(new Error(`the demo cluster exited (code ${code}) before it was ready`));
      else {
        process.stderr.write(`sieve: the demo cluster stopped (code ${code})\n`);
        stopChildren();
        process.exit(1);
      }
    });
  });
}

// The dashboard's V8 heap. Capping the old generation makes V8 collect before the heap grows far
// past what is live, and a smaller young generation keeps less memory committed: with 2 million
// flows through the runtime, RSS stays under 300 MB (about 340 MB without), for ~8 % fewer flows
// per second at full ingest speed. Past the cap V8 stops the process (out of memory), so a cluster
// far larger than 1,000 namespaces may need more: a --max-old-space-size in NODE_OPTIONS wins.
const DASHBOARD_HEAP_FLAGS = ["--max-old-space-size=384", "--max-semi-space-size=8"];

function withHeapFlags(nodeOptions = "") {
  const given = nodeOptions.replaceAll("_", "-");
  const missing = DASHBOARD_HEAP_FLAGS.filter((flag) => !given.includes(flag.split("=")[0]));
  return [nodeOptions, ...missing].filter(Boolean).join(" ");
}

function startDashboard({ port, host, env }) {
  const child = spawn(process.execPath, nextStartArguments(ROOT, port, host), {
    cwd: ROOT,
    stdio: "inherit",
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_OPTIONS: withHeapFlags(process.env.NODE_OPTIONS),
      ...env,
    },
  });
  children.add(child);
  child.once("exit", (code) => {
    stopChildren();
    process.exit(code ?? 1);
  });
  return child;
}

/** The status of the first answer from `url`, or null when the child exits first. */
async function waitForHttp(url, child) {
  for (;;) {
    if (child.exitCode !== null) return null;
    try {
      const response = await fetch(url);
      // 403: listening, but not under this name (the Host allowlist refuses it).
      if (response.ok || response.status === 403) return response.status;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function serve(argv, { demo }) {
  const options = parseArgs(argv);
  const host = options.host ?? process.env.SIEVE_HOST ?? "127.0.0.1";
  const wantedPort = validPort(options.port ?? process.env.SIEVE_PORT, "SIEVE_PORT") ?? 3000;
  ensureDependencies();
  if (options.build) ensureBuild();
  const port = await choosePort(wantedPort, host);
  if (port !== wantedPort) say(`port ${wantedPort} is taken; using ${port}`);

  const env = {};
  if (demo) {
    say("starting the demo cluster…");
    const cluster = await startDemoCluster().catch((error) => fail(error.message));
    env.SIEVE_KUBECONFIG = cluster.kubeconfig;
    env.SIEVE_KUBE_CONTEXT = cluster.context;
    env.SIEVE_HUBBLE_ADDRESS = cluster.relay;
    env.SIEVE_HUBBLE_TLS = "false";
    say(`demo Kubernetes API: ${cluster.kubeApi}`);
    say(`demo kubeconfig:     ${cluster.kubeconfig}   (kubectl --kubeconfig ${cluster.kubeconfig} get ns)`);
    say(
      `demo Hubble Relay:   ${cluster.relay}   (hubble observe --server ${cluster.relay} --verdict DROPPED)`,
    );
    if (cluster.control) say(`demo control hook:   ${cluster.control}   (POST /flows adds flows)`);
    if (cluster.preview) {
      // A repository preview, not a cluster: the dashboard skips CNI checks and shows the report.
      env.SIEVE_PREVIEW_REPORT = cluster.preview.report;
      say(`repository preview:  ${cluster.preview.report}`);
    }
    if (cluster.gitops) {
      // The forge's token goes to the dashboard's environment only; it is never printed.
      Object.assign(env, {
        SIEVE_GITOPS_REPO: cluster.gitops.repo,
        SIEVE_GITOPS_PROVIDER: "gitea",
        SIEVE_GITOPS_BRANCH: "main",
        SIEVE_GITOPS_TOKEN: cluster.gitops.token,
        SIEVE_GITOPS_TOKEN_FILE: "",
        SIEVE_GITOPS_CLONE_URL: "",
        SIEVE_GITOPS_NAMESPACES_FILE: "",
        SIEVE_GITOPS_PLATFORM_CNP_DIR: "",
      });
      say(`demo GitOps forge:   ${cluster.gitops.repo}   (git clone ${cluster.gitops.cloneUrl})`);
    }
  }
  const child = startDashboard({ port, host, env });
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const status = await waitForHttp(`${url}/api/health`, child);
  if (status === 403) {
    say(
      `Sieve is listening on ${url} but answers only to localhost, 127.0.0.1, [::1] and SIEVE_PUBLIC_URL: ` +
        "set SIEVE_PUBLIC_URL to the URL people open",
    );
  } else if (status !== null) say(`Sieve is ready: ${url}`);
}

function ensureChromium() {
  if (process.env.SIEVE_CHROMIUM && existsSync(process.env.SIEVE_CHROMIUM)) return;
  if (existsSync("/usr/bin/chromium")) return;
  if (typeof process.getuid === "function" && process.getuid() === 0) {
    say("installing Debian's chromium for the browser tests…");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    if (
      run("apt-get", ["update", "-qq"], { env }) === 0 &&
      run("apt-get", ["install", "-y", "-qq", "chromium"], { env }) === 0
    ) {
      return;
    }
  }
  fail(
    "the end-to-end tests need Chromium: install Debian's chromium package or set SIEVE_CHROMIUM to a Chromium binary",
  );
}

function test() {
  ensureDependencies();
  ensureChromium();
  const bin = (name) => path.join(ROOT, "node_modules", ".bin", name);
  const steps = [
    ["types", bin("tsc"), ["--noEmit", "-p", "."]],
    ["lint", bin("eslint"), [".", "--max-warnings=0"]],
    ["format", bin("prettier"), ["--check", "."]],
    ["unused files, exports and dependencies", bin("knip"), ["--no-progress"]],
    ["unit and integration tests", bin("vitest"), ["run"]],
    ["build", null, []],
    ["end-to-end tests", bin("playwright"), ["test"]],
  ];
  const failed = [];
  for (const [name, command, args] of steps) {
    say(`── ${name}`);
    if (command === null) {
      ensureBuild();
      continue;
    }
    if (run(command, args, { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } }) !== 0)
      failed.push(name);
  }
  if (failed.length > 0) fail(`failed: ${failed.join(", ")}`);
  say("every check passed");
}

async function main() {
  const [command = "demo", ...rest] = process.argv.slice(2);
  mkdirSync(path.join(ROOT, ".sieve"), { recursive: true });
  if (command === "demo") await serve(rest, { demo: true });
  else if (command === "serve") await serve(rest, { demo: false });
  else if (command === "test") test();
  else if (command === "build") {
    ensureDependencies();
    ensureBuild();
  } else fail(`unknown command "${command}" (demo, serve, test, build)`);
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
