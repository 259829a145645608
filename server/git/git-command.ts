import "server-only";
import { execFile } from "node:child_process";

// Runs the git CLI without a shell, with a clean environment, a timeout, and errors reduced to one
// line from which every secret has been removed.

export type GitEnv = Record<string, string>;

export interface GitInvocation {
  args: readonly string[];
  cwd?: string;
  env: GitEnv;
  timeoutMs: number;
  /** Strings that must never appear in an error (token, header value). */
  secrets: readonly string[];
  gitBinary?: string;
}

export class GitCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GitCommandError";
  }
}

/** Variables passed through from Sieve's own environment: where git is, and how to reach the network. */
const PASSED_THROUGH = [
  "PATH",
  "HTTPS_PROXY",
  "https_proxy",
  "HTTP_PROXY",
  "http_proxy",
  "NO_PROXY",
  "no_proxy",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "GIT_SSL_CAINFO",
];

/**
 * An environment in which git reads no user or system configuration, never prompts, only speaks
 * http(s), and takes extra configuration from `config` (GIT_CONFIG_COUNT: not visible in argv).
 */
export function gitEnvironment(
  home: string,
  config: ReadonlyArray<[string, string]>,
  extra: GitEnv = {},
): GitEnv {
  const env: GitEnv = {};
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: home,
    LC_ALL: "C",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    GIT_ALLOW_PROTOCOL: "https:http",
    GCM_INTERACTIVE: "never",
    GIT_CONFIG_COUNT: String(config.length),
    ...extra,
  });
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/** Removes every secret, and anything shaped like a credential, from `text`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out
    .replace(/(authorization:\s*)(basic|bearer|token)\s+\S+/gi, "$1$2 [redacted]")
    .replace(/(\/\/)[^/@\s]+@/g, "$1[redacted]@");
}

/** Any error as one line with every secret removed: what may be shown to the user. */
export function redactedErrorLine(error: unknown, secrets: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  return redact(message.replace(/[\r\n]+/g, " ").trim(), secrets);
}

/** The line of git's stderr that says what went wrong. */
function reason(stderr: string): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter(Boolean);
  const fatal = lines.filter(
    (line) => /^(fatal|error|remote|!|\s*! \[)/i.test(line) || line.includes("rejected"),
  );
  return (fatal.length > 0 ? fatal.slice(-2).join("; ") : lines.at(-1)) ?? "";
}

export function runGit(invocation: GitInvocation): Promise<string> {
  return execGit(invocation, "utf8").then((stdout) => stdout.toString("utf8"));
}

/** Like runGit, with `input` written to git's standard input and the output as bytes. */
export function runGitBytes(invocation: GitInvocation & { input: string }): Promise<Buffer> {
  return execGit(invocation, "buffer");
}

function execGit(
  invocation: GitInvocation & { input?: string },
  encoding: "utf8" | "buffer",
): Promise<Buffer> {
  const { args, cwd, env, timeoutMs, secrets } = invocation;
  const command = args.find((arg) => !arg.startsWith("-")) ?? "git";
  return new Promise((resolve, reject) => {
    const child = execFile(
      invocation.gitBinary ?? "git",
      [...args],
      {
        cwd,
        env: env as NodeJS.ProcessEnv,
        timeout: timeoutMs,
        killSignal: "SIGKILL",
        maxBuffer: encoding === "buffer" ? 96 * 1024 * 1024 : 16 * 1024 * 1024,
        encoding: "buffer",
        windowsHide: true,
      },
      (error, stdout, stderrBytes) => {
        if (!error) {
          resolve(stdout);
          return;
        }
        const stderr = stderrBytes.toString("utf8");
        const timedOut = (error as NodeJS.ErrnoException & { killed?: boolean }).killed === true;
        const why = timedOut
          ? `timed out after ${Math.round(timeoutMs / 1000)}s`
          : reason(stderr) || error.message;
        const line = `git ${command} failed: ${why}`.replace(/[\r\n]+/g, " ");
        reject(new GitCommandError(redact(line, secrets)));
      },
    );
    if (invocation.input !== undefined) child.stdin?.end(invocation.input);
    else child.stdin?.end();
  });
}
