#!/usr/bin/env node
// npm run image:smoke [-- --build]
//
// Starts Sieve's container entrypoint as the image would, without a container runtime: the final
// stage of the Containerfile is read (WORKDIR, the COPY --from=build lines, ENV, USER, CMD), the
// image's /app is assembled from .next/ in a temporary folder owned by root and not writable by the
// image's user, the emptyDirs of deploy/base (/tmp, .next/cache) are the only writable folders,
// and CMD runs as USER (setpriv, no new privileges) with the image's environment and nothing of
// ours, against the demo cluster (its kubeconfig handed over as a mounted Secret would be).
// Checks: /api/health answers, the Kubernetes cache and the relay stream are in sync, the process
// runs as the image's user, and nothing failed on a read-only path. Builds first with --build or
// when .next/standalone is missing (`next build` takes minutes: this is not part of `npm test`).

import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TIMEOUT_MS = 90_000;
const children = new Set();
let scratch = null;

function say(message) {
  process.stdout.write(`image-smoke: ${message}\n`);
}

function cleanUp() {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = null;
}

function fail(message) {
  process.stderr.write(`image-smoke: FAILED: ${message}\n`);
  cleanUp();
  process.exit(1);
}

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => fail(`stopped by ${signal}`));

/** The final stage of the Containerfile: what the image is and how it starts. */
function finalStage(text) {
  const lines = text.replace(/\\\n/g, " ").split("\n");
  const start = lines.findLastIndex((line) => /^FROM\s/i.test(line));
  const stage = { workdir: "/", copies: [], env: {}, user: null, cmd: null };
  for (const line of lines.slice(start + 1)) {
    const [instruction, ...rest] = line.trim().split(/\s+/);
    const args = rest.join(" ");
    switch (instruction?.toUpperCase()) {
      case "WORKDIR":
        stage.workdir = path.posix.resolve(stage.workdir, args);
        break;
      case "COPY": {
        const match = /^--from=build\s+(\S+)\s+(\S+)$/.exec(args);
        if (match) stage.copies.push({ from: match[1], to: path.posix.resolve(stage.workdir, match[2]) });
        break;
      }
      case "ENV": {
        const match = /^([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"]*)"|(\S*))$/.exec(args);
        if (!match) throw new Error(`cannot read ENV ${args}`);
        stage.env[match[1]] = match[2] ?? match[3];
        break;
      }
      case "USER": {
        const match = /^(\d+)(?::(\d+))?$/.exec(args);
        if (!match) throw new Error(`USER must be numeric (uid:gid), got ${args}`);
        stage.user = { uid: Number(match[1]), gid: Number(match[2] ?? match[1]) };
        break;
      }
      case "CMD":
        stage.cmd = JSON.parse(args);
        break;
    }
  }
  if (!stage.user || !stage.cmd) throw new Error("the Containerfile's final stage needs USER and CMD");
  return stage;
}

/** Where a build-stage path (/src/...) is in this checkout. */
function sourceOf(buildPath) {
  if (!buildPath.startsWith("/src/")) throw new Error(`COPY --from=build ${buildPath}: expected /src/...`);
  return path.join(ROOT, buildPath.slice("/src/".length));
}

function startDemoCluster(dir) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "server", "demo", "main.ts")],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "inherit"],
        env: {
          ...process.env,
          SIEVE_DEMO_KUBECONFIG: path.join(dir, "kubeconfig"),
          SIEVE_DEMO_GITOPS_REPO: path.join(dir, "gitops.git"),
        },
      },
    );
    children.add(child);
    let buffered = "";
    child.stdout.on("data", (chunk) => {
      buffered += chunk.toString();
      const match = /^SIEVE_DEMO_READY (.*)$/m.exec(buffered);
      if (match) resolve(JSON.parse(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`the demo cluster exited (code ${code})`)));
  });
}

async function getJson(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.json() };
}

/** Polls until `check` returns a value (the server is starting; nothing to subscribe to). */
async function eventually(what, check, child) {
  const deadline = Date.now() + TIMEOUT_MS;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (code ${child.exitCode}) before ${what}`);
    try {
      const value = await check();
      if (value) return value;
      last = "not yet";
    } catch (error) {
      last = error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting until ${what} (${last})`);
}

function uidOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^Uid:\s+(\d+)/m.exec(status)[1]);
}

async function main() {
  const stage = finalStage(readFileSync(path.join(ROOT, "Containerfile"), "utf8"));
  const standalone = path.join(ROOT, ".next", "standalone", "server.js");
  if (process.argv.includes("--build") || !existsSync(standalone)) {
    say("next build (standalone output)…");
    const build = spawnSync(
      process.execPath,
      [path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), "build"],
      {
        cwd: ROOT,
        stdio: "inherit",
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", SIEVE_STANDALONE: "1" },
      },
    );
    if (build.status !== 0) fail("next build failed");
  }
  if (typeof process.getuid !== "function" || process.getuid() !== 0) {
    fail("run as root: the entrypoint is started as the image's user with setpriv");
  }
  if (spawnSync("setpriv", ["--version"]).status !== 0) fail("setpriv (util-linux) is needed");

  scratch = mkdtempSync(path.join(os.tmpdir(), "sieve-image-"));
  chmodSync(scratch, 0o755);
  const { uid, gid } = stage.user;

  // The image's filesystem: root-owned, read-only for the user.
  const imageRoot = path.join(scratch, "rootfs");
  const at = (containerPath) => path.join(imageRoot, containerPath);
  for (const { from, to } of stage.copies) {
    say(`COPY ${from} ${to}`);
    cpSync(sourceOf(from), at(to), { recursive: true, verbatimSymlinks: true });
  }
  spawnSync("chmod", ["-R", "u+rwX,go+rX,go-w", imageRoot]);
  // The emptyDirs of deploy/base, writable by the pod's user (fsGroup).
  const tmp = path.join(scratch, "tmp");
  mkdirSync(tmp);
  mkdirSync(at(path.posix.join(stage.workdir, ".next", "cache")), { recursive: true });
  for (const dir of [tmp, at(path.posix.join(stage.workdir, ".next", "cache"))]) {
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }

  say("starting the demo cluster…");
  const demoDir = path.join(scratch, "demo");
  mkdirSync(demoDir);
  const demo = await startDemoCluster(demoDir);
  // Handed over as a Secret volume would be: readable by the pod's group only.
  const secrets = path.join(scratch, "secrets");
  mkdirSync(secrets, { mode: 0o755 });
  const kubeconfig = path.join(secrets, "kubeconfig");
  copyFileSync(demo.kubeconfig, kubeconfig);
  chownSync(kubeconfig, 0, gid);
  chmodSync(kubeconfig, 0o440);

  const port = await freePort();
  const env = {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: "/nonexistent",
    ...stage.env,
    PORT: String(port),
    TMPDIR: tmp,
    SIEVE_KUBECONFIG: kubeconfig,
    SIEVE_KUBE_CONTEXT: demo.context,
    SIEVE_HUBBLE_ADDRESS: demo.relay,
    SIEVE_HUBBLE_TLS: "false",
    // The image listens on 0.0.0.0, where Sieve starts only with SIEVE_AUTH set (deploy/base sets it).
    SIEVE_AUTH: "none",
  };
  const [command, ...args] = stage.cmd;
  if (command !== "node") fail(`CMD starts ${command}, expected node`);
  say(
    `as ${uid}:${gid} in ${stage.workdir}: ${stage.cmd.join(" ")}  (NODE_OPTIONS=${env.NODE_OPTIONS ?? ""})`,
  );
  const server = spawn(
    "setpriv",
    [`--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", "--no-new-privs", process.execPath, ...args],
    { cwd: at(stage.workdir), env, stdio: ["ignore", "inherit", "pipe"] },
  );
  children.add(server);
  let stderr = "";
  server.stderr.on("data", (chunk) => {
    stderr += chunk.toString();
    process.stderr.write(chunk);
  });

  const base = `http://127.0.0.1:${port}`;
  const health = await eventually(
    "/api/health answers",
    async () => {
      const { status, body } = await getJson(`${base}/api/health`);
      return status === 200 ? body : null;
    },
    server,
  );
  if (health.ok !== true) fail(`/api/health answered ${JSON.stringify(health)}`);
  say("/api/health: ok");
  const status = await eventually(
    "Kubernetes and Hubble are in sync",
    async () => {
      const { body } = await getJson(`${base}/api/status`);
      return body.kubernetes.health === "ok" && body.hubble.health === "ok" ? body : null;
    },
    server,
  );
  const namespaces = status.kubernetes.kinds.find((kind) => kind.kind === "namespaces")?.count ?? 0;
  if (namespaces === 0) fail("the Kubernetes cache holds no namespaces");
  say(`/api/status: Kubernetes in sync (${namespaces} namespaces), Hubble ${status.hubble.message}`);
  // setpriv replaced itself with node: the child is the server.
  const runningAs = uidOf(server.pid);
  if (runningAs !== uid) fail(`the server runs as uid ${runningAs}, not ${uid}`);
  say(`the server runs as uid ${runningAs}`);
  if (/EACCES|EROFS|EPERM/.test(stderr)) fail("the server tried to write where the image is read-only");
  say("passed");
  cleanUp();
  process.exit(0);
}

main().catch((error) => fail(error.message));
