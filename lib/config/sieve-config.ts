import { isSafeBranchName } from "@/lib/gitops/branch-name";
import { DEFAULT_GITOPS_PATHS, isSafeRepoPath, type GitOpsPaths } from "@/lib/gitops/repo-paths";
import { parseRepositoryUrl, type GitProvider, type Repository } from "@/lib/gitops/repository-url";
import { DEFAULT_GRAPH_WINDOW_MS, parseGraphWindow } from "@/lib/graph/graph-window";
import { DEFAULT_WATCHDOG_BOUNDS, type WatchdogBounds } from "@/lib/status/source-health";
import { formatDuration, parseDuration } from "./duration";
import { LOOPBACK_HOSTNAMES, parseWebAccess, type WebAccess } from "./web-access";

export interface HubbleSettings {
  address: string;
  tls: { caFile?: string; certFile?: string; keyFile?: string; serverName?: string } | null;
}

export interface KubernetesSettings {
  kubeconfigPath?: string;
  context?: string;
  inCluster: boolean;
}

/**
 * A value that must never be printed: JSON, string conversion and console.log all show
 * "[redacted]"; only `reveal()` gives it out, for the one place that needs it.
 */
export class SecretText {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toJSON(): string {
    return "[redacted]";
  }
  toString(): string {
    return "[redacted]";
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return "[redacted]";
  }
}

/** The GitOps repository fixes are proposed to; absent when SIEVE_GITOPS_REPO is not set. */
export interface GitOpsConfig {
  repository: Repository;
  baseBranch: string;
  paths: GitOpsPaths;
  /** From SIEVE_GITOPS_TOKEN: server-side only, never logged or sent to the browser. */
  token: SecretText | null;
  /** SIEVE_GITOPS_TOKEN_FILE: read by server/ at start-up. */
  tokenFile: string | null;
  /** Where git reads and pushes when that is not the web URL's `.git`. */
  cloneUrl: string | null;
}

export interface SieveConfig {
  kubernetes: KubernetesSettings;
  hubble: HubbleSettings;
  /** Default time window of the flow views, 1 minute to 1 hour. */
  flowWindowMs: number;
  /** A YAML or JSON file with the team's own conventions; the defaults when unset. */
  conventionsFile?: string;
  /** Null when unset or malformed (fix links are then not offered; `problems` says why). */
  gitops: GitOpsConfig | null;
  /**
   * Repository preview (SIEVE_PREVIEW_REPORT, set by `sieve demo` with SIEVE_DEMO_MANIFESTS): the
   * objects come from a repository, not a cluster, so there is no CNI to check; `reportFile` says
   * how the repository was rendered and what could not be. Null for a cluster.
   */
  preview: { reportFile: string } | null;
  /** How often each source is probed, and how long a silent source stays "in sync". */
  watchdog: WatchdogBounds;
  /** The names the dashboard answers to and the proxies it trusts (SIEVE_PUBLIC_URL, SIEVE_TRUSTED_PROXIES). */
  web: WebAccess;
}

export type ConfigSection =
  "kubernetes" | "hubble" | "flows" | "conventions" | "gitops" | "preview" | "watchdog" | "web";

export interface ConfigProblem {
  section: ConfigSection;
  /** One line naming the variable, the value and what is expected. */
  message: string;
}

/** The configuration, with defaults where a value was malformed, and every problem found. */
export interface ConfigResult {
  config: SieveConfig;
  problems: ConfigProblem[];
}

type Env = Record<string, string | undefined>;

export const DEFAULT_HUBBLE_ADDRESS = "localhost:4245";

/** Address forms grpc accepts that Sieve supports: host:port, [v6]:port, unix:/path. */
export function hubbleAddressProblem(address: string): string | null {
  if (address.startsWith("unix:")) return address.length > 5 ? null : "unix: needs a socket path";
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(address);
  if (!match) return "expected host:port, [ipv6]:port or unix:/path";
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return `port ${port} is outside 1-65535`;
  return null;
}

function flag(
  env: Env,
  name: string,
  problems: ConfigProblem[],
  section: ConfigSection,
): boolean | undefined {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return undefined;
  if (["1", "true", "yes"].includes(raw)) return true;
  if (["0", "false", "no"].includes(raw)) return false;
  problems.push({ section, message: `${name}: "${env[name]}" is not true or false` });
  return undefined;
}

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

const GITOPS_VARIABLES = [
  "SIEVE_GITOPS_PROVIDER",
  "SIEVE_GITOPS_BRANCH",
  "SIEVE_GITOPS_TOKEN",
  "SIEVE_GITOPS_TOKEN_FILE",
  "SIEVE_GITOPS_CLONE_URL",
  "SIEVE_GITOPS_NAMESPACES_FILE",
  "SIEVE_GITOPS_PLATFORM_CNP_DIR",
];
const PROVIDERS: readonly GitProvider[] = ["github", "gitlab", "gitea"];

/** The URL as it may appear in a message: credentials out, or nothing when it is not a URL. */
function shownUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.username || url.password) {
      url.username = "";
      url.password = "";
      return ` "${url.href.replace("://", "://[redacted]@").slice(0, 200)}"`;
    }
    return ` "${raw.slice(0, 200)}"`;
  } catch {
    return "";
  }
}

/** Null when `raw` is a plain https URL (http only on loopback) without credentials or query. */
export function cloneUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTNAMES.includes(url.hostname))) {
    return "must use https (http only for localhost)";
  }
  if (url.username || url.password) return "must not contain credentials; configure a token instead";
  if (url.search || url.hash || raw.includes("?") || raw.includes("#"))
    return "must not have a query or fragment";
  if (url.pathname.replace(/\/+$/, "") === "") return "needs the repository's path";
  return null;
}

function parseGitOps(env: Env, problems: ConfigProblem[]): GitOpsConfig | null {
  const found: ConfigProblem[] = [];
  const problem = (message: string) => found.push({ section: "gitops", message });
  const raw = nonEmpty(env, "SIEVE_GITOPS_REPO");
  if (!raw) {
    const stray = GITOPS_VARIABLES.filter((name) => nonEmpty(env, name));
    if (stray.length > 0)
      problem(`${stray.join(", ")} set but SIEVE_GITOPS_REPO is not: set the repository's web URL`);
    problems.push(...found);
    return null;
  }

  const providerText = nonEmpty(env, "SIEVE_GITOPS_PROVIDER")?.toLowerCase();
  const provider = PROVIDERS.find((name) => name === providerText);
  if (providerText && !provider) {
    problem(`SIEVE_GITOPS_PROVIDER: "${env.SIEVE_GITOPS_PROVIDER}" is not github, gitlab or gitea`);
  }
  const parsed = parseRepositoryUrl(raw, provider);
  if (!parsed.ok) {
    const hint = parsed.error.startsWith("cannot tell the provider") ? " (SIEVE_GITOPS_PROVIDER)" : "";
    problem(`SIEVE_GITOPS_REPO:${shownUrl(raw)} ${parsed.error}${hint}`);
  }

  const baseBranch = nonEmpty(env, "SIEVE_GITOPS_BRANCH") ?? "main";
  if (!isSafeBranchName(baseBranch)) {
    problem(`SIEVE_GITOPS_BRANCH: "${baseBranch.slice(0, 200)}" is not a branch name Sieve accepts`);
  }

  const paths: GitOpsPaths = {
    namespacesFile: nonEmpty(env, "SIEVE_GITOPS_NAMESPACES_FILE") ?? DEFAULT_GITOPS_PATHS.namespacesFile,
    platformCnpDir:
      nonEmpty(env, "SIEVE_GITOPS_PLATFORM_CNP_DIR")?.replace(/\/+$/, "") ??
      DEFAULT_GITOPS_PATHS.platformCnpDir,
  };
  for (const [name, value] of [
    ["SIEVE_GITOPS_NAMESPACES_FILE", paths.namespacesFile],
    ["SIEVE_GITOPS_PLATFORM_CNP_DIR", paths.platformCnpDir],
  ] as const) {
    if (!isSafeRepoPath(value)) {
      problem(
        `${name}: "${value.slice(0, 200)}" must be a relative path inside the repository (no "..", no ".git")`,
      );
    }
  }

  const tokenText = nonEmpty(env, "SIEVE_GITOPS_TOKEN");
  const tokenFile = nonEmpty(env, "SIEVE_GITOPS_TOKEN_FILE") ?? null;
  if (tokenText && tokenFile)
    problem("SIEVE_GITOPS_TOKEN and SIEVE_GITOPS_TOKEN_FILE are both set: keep one");
  // The value itself is never repeated in a message.
  if (tokenText && !/^[\x21-\x7e]{1,4096}$/.test(tokenText)) {
    problem("SIEVE_GITOPS_TOKEN has characters an HTTP header cannot carry (spaces, line breaks, non-ASCII)");
  }

  const cloneUrl = nonEmpty(env, "SIEVE_GITOPS_CLONE_URL") ?? null;
  const cloneProblem = cloneUrl === null ? null : cloneUrlProblem(cloneUrl);
  if (cloneUrl !== null && cloneProblem)
    problem(`SIEVE_GITOPS_CLONE_URL:${shownUrl(cloneUrl)} ${cloneProblem}`);

  problems.push(...found);
  if (found.length > 0 || !parsed.ok) return null;
  return {
    repository: parsed.repository,
    baseBranch,
    paths,
    token: tokenText ? new SecretText(tokenText) : null,
    tokenFile,
    cloneUrl,
  };
}

const MIN_PROBE_MS = 1_000;
const MAX_PROBE_MS = 5 * 60_000;
const MAX_SILENCE_MS = 30 * 60_000;

function durationSetting(
  env: Env,
  name: string,
  problems: ConfigProblem[],
  fallback: number,
  range: { min: number; max: number; text: string },
): number {
  const text = nonEmpty(env, name);
  if (!text) return fallback;
  const parsed = parseDuration(text);
  if (parsed === null || parsed < range.min || parsed > range.max) {
    problems.push({ section: "watchdog", message: `${name}: "${text}" must be a duration ${range.text}` });
    return fallback;
  }
  return parsed;
}

/** SIEVE_PROBE_INTERVAL and SIEVE_SILENCE_BOUND; the silence bound must leave room for two probes. */
function watchdogOf(env: Env, problems: ConfigProblem[]): WatchdogBounds {
  const probeIntervalMs = durationSetting(
    env,
    "SIEVE_PROBE_INTERVAL",
    problems,
    DEFAULT_WATCHDOG_BOUNDS.probeIntervalMs,
    {
      min: MIN_PROBE_MS,
      max: MAX_PROBE_MS,
      text: "between 1s and 5m (e.g. 15s)",
    },
  );
  const silenceText = nonEmpty(env, "SIEVE_SILENCE_BOUND");
  const fallback = Math.max(DEFAULT_WATCHDOG_BOUNDS.silenceMs, 3 * probeIntervalMs);
  const silenceMs = durationSetting(env, "SIEVE_SILENCE_BOUND", problems, fallback, {
    min: 2 * probeIntervalMs,
    max: MAX_SILENCE_MS,
    text: `between twice SIEVE_PROBE_INTERVAL (${formatDuration(2 * probeIntervalMs)}) and 30m (e.g. 45s)`,
  });
  return { probeIntervalMs, silenceMs: silenceText ? silenceMs : fallback };
}

function previewOf(reportFile: string | undefined): SieveConfig["preview"] {
  return reportFile ? { reportFile } : null;
}

/**
 * SIEVE_FLOW_WINDOW: the window every view and API route counts flows over when the URL names none,
 * read by the same parser as a view's ?window= (a duration of 1m to 1h).
 */
export function parseFlowWindowSetting(env: Env): { windowMs: number; problem: ConfigProblem | null } {
  const text = nonEmpty(env, "SIEVE_FLOW_WINDOW");
  if (!text) return { windowMs: DEFAULT_GRAPH_WINDOW_MS, problem: null };
  const parsed = parseGraphWindow(text);
  if (parsed.ok) return { windowMs: parsed.ms, problem: null };
  return {
    windowMs: DEFAULT_GRAPH_WINDOW_MS,
    problem: {
      section: "flows",
      message: `SIEVE_FLOW_WINDOW: "${text.slice(0, 40)}" is ${parsed.problem} (e.g. 5m)`,
    },
  };
}

/** Reads Sieve's configuration from environment variables, reporting every problem at once. */
export function parseSieveConfig(env: Env): ConfigResult {
  const problems: ConfigProblem[] = [];

  const kubeconfigPath = nonEmpty(env, "SIEVE_KUBECONFIG") ?? nonEmpty(env, "KUBECONFIG");
  const explicitInCluster = flag(env, "SIEVE_KUBE_IN_CLUSTER", problems, "kubernetes");
  const inCluster = explicitInCluster ?? (!kubeconfigPath && Boolean(env.KUBERNETES_SERVICE_HOST));

  const address = nonEmpty(env, "SIEVE_HUBBLE_ADDRESS") ?? DEFAULT_HUBBLE_ADDRESS;
  const addressProblem = hubbleAddressProblem(address);
  if (addressProblem) {
    problems.push({
      section: "hubble",
      message: `SIEVE_HUBBLE_ADDRESS: "${address}" is malformed: ${addressProblem}`,
    });
  }

  const tlsFiles = {
    caFile: nonEmpty(env, "SIEVE_HUBBLE_TLS_CA_FILE"),
    certFile: nonEmpty(env, "SIEVE_HUBBLE_TLS_CERT_FILE"),
    keyFile: nonEmpty(env, "SIEVE_HUBBLE_TLS_KEY_FILE"),
    serverName: nonEmpty(env, "SIEVE_HUBBLE_TLS_SERVER_NAME"),
  };
  const tlsWanted =
    flag(env, "SIEVE_HUBBLE_TLS", problems, "hubble") ?? Object.values(tlsFiles).some(Boolean);
  if (Boolean(tlsFiles.certFile) !== Boolean(tlsFiles.keyFile)) {
    problems.push({
      section: "hubble",
      message: "SIEVE_HUBBLE_TLS_CERT_FILE and SIEVE_HUBBLE_TLS_KEY_FILE must be set together (mTLS)",
    });
  }

  const flowWindow = parseFlowWindowSetting(env);
  if (flowWindow.problem) problems.push(flowWindow.problem);

  const webAccess = parseWebAccess(env);
  problems.push(...webAccess.problems);

  const config: SieveConfig = {
    kubernetes: { kubeconfigPath, context: nonEmpty(env, "SIEVE_KUBE_CONTEXT"), inCluster },
    hubble: { address, tls: tlsWanted ? tlsFiles : null },
    flowWindowMs: flowWindow.windowMs,
    conventionsFile: nonEmpty(env, "SIEVE_CONVENTIONS_FILE"),
    preview: previewOf(nonEmpty(env, "SIEVE_PREVIEW_REPORT")),
    gitops: parseGitOps(env, problems),
    watchdog: watchdogOf(env, problems),
    web: webAccess.access,
  };
  return { config, problems };
}
