import "server-only";
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { KubeConfig, type User } from "@kubernetes/client-node";
import { fileProblem, KubeConfigError } from "./kubeconfig-error";

// The pod's own credentials: the API server from KUBERNETES_SERVICE_HOST/PORT, the CA and the
// service-account token kubelet projects into the pod. client-node's loadFromCluster() keeps the
// token it read for up to 60 s, while kubelet rotates the file under a running pod (projected
// tokens live an hour; a bound token may be revoked sooner); Sieve reads the file on every request
// instead. Requests are few (list pages and watch openings), the file is a few hundred bytes.

export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/** The auth-provider name of the in-cluster user; its config names the token file. */
const PROVIDER = "sieve-service-account-token";

export interface InClusterOptions {
  /** Where the token, ca.crt and namespace files are; default the pod's service-account mount. */
  serviceAccountDir?: string;
  /** Where KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are read; default process.env. */
  env?: Record<string, string | undefined>;
}

function readToken(file: string): string {
  let token: string;
  try {
    token = readFileSync(/* turbopackIgnore: true */ file, "utf8").trim();
  } catch (error) {
    throw new KubeConfigError(`in-cluster config: cannot read ${file}: ${fileProblem(error)}`);
  }
  if (token === "") throw new KubeConfigError(`in-cluster config: ${file} is empty`);
  return token;
}

type Authenticator = Parameters<KubeConfig["addAuthenticator"]>[0];

function tokenFileOf(user: User): string | null {
  const config: unknown = user.authProvider?.name === PROVIDER ? user.authProvider.config : null;
  const file = (config as { serviceAccountTokenFile?: unknown } | null)?.serviceAccountTokenFile;
  return typeof file === "string" ? file : null;
}

/** Sets the bearer token from the file as it is now, on each request. */
const serviceAccountToken: Authenticator = {
  isAuthProvider: (user) => tokenFileOf(user) !== null,
  async applyAuthentication(user, options) {
    const file = tokenFileOf(user);
    if (file === null) return;
    const headers = (options.headers ??= {}) as Record<string, string>;
    headers.Authorization = `Bearer ${readToken(file)}`;
  },
};

/** A KubeConfig for the pod's service account; throws a one-line error when it cannot be used. */
export function loadInClusterConfig(options: InClusterOptions = {}): KubeConfig {
  const env = options.env ?? process.env;
  const dir = options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const host = env.KUBERNETES_SERVICE_HOST?.trim();
  const port = env.KUBERNETES_SERVICE_PORT?.trim();
  if (!host || !port) {
    throw new KubeConfigError(
      "in-cluster config: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set (not running in a pod?)",
    );
  }
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    throw new KubeConfigError(`in-cluster config: KUBERNETES_SERVICE_PORT "${port}" is not a port`);
  }
  const tokenFile = path.join(dir, "token");
  const caFile = path.join(dir, "ca.crt");
  readToken(tokenFile);
  try {
    readFileSync(/* turbopackIgnore: true */ caFile);
  } catch (error) {
    throw new KubeConfigError(`in-cluster config: cannot read ${caFile}: ${fileProblem(error)}`);
  }
  let namespace: string | undefined;
  try {
    namespace = readFileSync(/* turbopackIgnore: true */ path.join(dir, "namespace"), "utf8").trim();
  } catch {
    namespace = undefined; // only informative: Sieve reads cluster-wide
  }

  const kc = new KubeConfig();
  kc.addAuthenticator(serviceAccountToken);
  kc.loadFromOptions({
    clusters: [
      {
        name: "in-cluster",
        server: `https://${net.isIPv6(host) ? `[${host}]` : host}:${port}`,
        caFile,
        skipTLSVerify: false,
      },
    ],
    users: [
      {
        name: "service-account",
        authProvider: { name: PROVIDER, config: { serviceAccountTokenFile: tokenFile } },
      },
    ],
    contexts: [{ name: "in-cluster", cluster: "in-cluster", user: "service-account", namespace }],
    currentContext: "in-cluster",
  });
  return kc;
}
