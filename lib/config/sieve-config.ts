import { parseDuration } from "./duration";

export interface HubbleSettings {
  address: string;
  tls: { caFile?: string; certFile?: string; keyFile?: string; serverName?: string } | null;
}

export interface KubernetesSettings {
  kubeconfigPath?: string;
  context?: string;
  inCluster: boolean;
}

export interface SieveConfig {
  kubernetes: KubernetesSettings;
  hubble: HubbleSettings;
  /** Default time window of the flow views, 1 minute to 1 hour. */
  flowWindowMs: number;
  /** A YAML or JSON file with the team's own conventions; the defaults when unset. */
  conventionsFile?: string;
}

export type ConfigSection = "kubernetes" | "hubble" | "flows" | "conventions";

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
const MIN_WINDOW_MS = 60_000;
const MAX_WINDOW_MS = 3_600_000;

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

  let flowWindowMs = 5 * 60_000;
  const windowText = nonEmpty(env, "SIEVE_FLOW_WINDOW");
  if (windowText) {
    const parsed = parseDuration(windowText);
    if (parsed === null || parsed < MIN_WINDOW_MS || parsed > MAX_WINDOW_MS) {
      problems.push({
        section: "flows",
        message: `SIEVE_FLOW_WINDOW: "${windowText}" must be a duration between 1m and 1h (e.g. 5m)`,
      });
    } else {
      flowWindowMs = parsed;
    }
  }

  const config: SieveConfig = {
    kubernetes: { kubeconfigPath, context: nonEmpty(env, "SIEVE_KUBE_CONTEXT"), inCluster },
    hubble: { address, tls: tlsWanted ? tlsFiles : null },
    flowWindowMs,
    conventionsFile: nonEmpty(env, "SIEVE_CONVENTIONS_FILE"),
  };
  return { config, problems };
}
