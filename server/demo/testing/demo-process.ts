import "server-only";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";

// The demo cluster as `sieve demo` runs it: server/demo/main.ts in a child process, ready once it
// prints `SIEVE_DEMO_READY {json}`.

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");

/** What the demo announces when it is ready. */
export interface DemoReady {
  kubeconfig: string;
  context: string;
  relay: string;
  kubeApi: string;
  control?: string;
  gitops?: { repo: string; cloneUrl: string; token: string };
  preview?: { report: string };
}

export function startDemoProcess(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "server/demo/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
}

/** The demo's announcement; rejects with its output when it exits first. */
export function demoReady(child: ChildProcessWithoutNullStreams): Promise<DemoReady> {
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^SIEVE_DEMO_READY (.*)$/m.exec(output);
      if (match) resolve(JSON.parse(match[1]!) as DemoReady);
    });
    child.once("exit", (code) =>
      reject(new Error(`the demo exited (${code}) before it was ready:\n${output}`)),
    );
  });
}
