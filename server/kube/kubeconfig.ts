import "server-only";
import { accessSync, constants, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KubeConfig, type Cluster, type Context, type User } from "@kubernetes/client-node";
import { parseDocument } from "yaml";
import { loadInClusterConfig, SERVICE_ACCOUNT_DIR } from "./in-cluster";
import { fileProblem, KubeConfigError } from "./kubeconfig-error";

export { KubeConfigError } from "./kubeconfig-error";

export interface KubeConfigOptions {
  /** One file, or several joined by the platform's path delimiter as in KUBECONFIG. */
  kubeconfigPath?: string;
  context?: string;
  inCluster?: boolean;
  /** The pod's service-account files (token, ca.crt); default where kubelet mounts them. */
  serviceAccountDir?: string;
  /** KUBECONFIG and KUBERNETES_SERVICE_HOST/PORT are read here; default process.env. */
  env?: Record<string, string | undefined>;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]!.trim();
}

function readable(file: string): boolean {
  try {
    accessSync(/* turbopackIgnore: true */ file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

function parseFile(file: string): KubeConfig {
  let text: string;
  try {
    text = readFileSync(/* turbopackIgnore: true */ file, "utf8");
  } catch (error) {
    throw new KubeConfigError(`kubeconfig ${file}: ${fileProblem(error)}`);
  }
  const document = parseDocument(text);
  const syntaxError = document.errors[0];
  if (syntaxError) throw new KubeConfigError(`kubeconfig ${file}: invalid YAML: ${firstLine(syntaxError)}`);
  const content: unknown = document.toJS();
  if (content !== null && (typeof content !== "object" || Array.isArray(content))) {
    throw new KubeConfigError(
      `kubeconfig ${file}: not a kubeconfig (expected a mapping with clusters, contexts, users)`,
    );
  }
  const part = new KubeConfig();
  try {
    part.loadFromString(text);
    part.makePathsAbsolute(path.dirname(file));
  } catch (error) {
    throw new KubeConfigError(`kubeconfig ${file}: ${firstLine(error)}`);
  }
  return part;
}

/** Merges files the way kubectl does: the first file to define a name, or the current context, wins. */
function mergeFiles(files: string[]): KubeConfig {
  const clusters = new Map<string, Cluster>();
  const contexts = new Map<string, Context>();
  const users = new Map<string, User>();
  let currentContext = "";
  for (const file of files) {
    const part = parseFile(file);
    for (const cluster of part.getClusters())
      if (!clusters.has(cluster.name)) clusters.set(cluster.name, cluster);
    for (const context of part.getContexts())
      if (!contexts.has(context.name)) contexts.set(context.name, context);
    for (const user of part.getUsers()) if (!users.has(user.name)) users.set(user.name, user);
    currentContext ||= part.getCurrentContext() ?? "";
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [...clusters.values()],
    contexts: [...contexts.values()],
    users: [...users.values()],
    currentContext,
  });
  return kc;
}

function kubeconfigFiles(explicit: string | undefined, env: KubeConfigOptions["env"]): string[] | null {
  const list = explicit ?? env?.KUBECONFIG;
  if (list) {
    const files = list.split(path.delimiter).filter(Boolean);
    if (files.length > 0) return files;
  }
  const fallback = path.join(os.homedir(), ".kube", "config");
  return readable(fallback) ? [fallback] : null;
}

function checkFile(where: string, what: string, file: string | undefined): void {
  if (!file) return;
  try {
    readFileSync(/* turbopackIgnore: true */ file);
  } catch (error) {
    throw new KubeConfigError(`${where}: ${what} ${file}: ${fileProblem(error)}`);
  }
}

function selectContext(kc: KubeConfig, source: string, wanted: string | undefined): void {
  const names = kc.getContexts().map((c) => c.name);
  const available = names.length > 0 ? `available: ${names.join(", ")}` : "it defines no contexts";
  const name = wanted ?? kc.getCurrentContext();
  if (!name)
    throw new KubeConfigError(
      `kubeconfig ${source}: no current-context and no context chosen (${available})`,
    );
  const context = kc.getContextObject(name);
  if (!context) throw new KubeConfigError(`kubeconfig ${source}: context "${name}" not found (${available})`);
  kc.setCurrentContext(name);

  const where = `kubeconfig ${source}, context "${name}"`;
  const cluster = kc.getCluster(context.cluster);
  if (!cluster) throw new KubeConfigError(`${where}: cluster "${context.cluster}" is not defined`);
  if (!/^https?:\/\//.test(cluster.server)) {
    throw new KubeConfigError(`${where}: cluster server "${cluster.server}" is not an http(s) URL`);
  }
  if (cluster.server.startsWith("http:") && !cluster.skipTLSVerify && !cluster.proxyUrl) {
    // client-node refuses plain HTTP unless TLS verification is explicitly off; say so now, not per request.
    throw new KubeConfigError(
      `${where}: server ${cluster.server} is plain HTTP; set insecure-skip-tls-verify: true`,
    );
  }
  checkFile(where, "certificate-authority", cluster.caFile);
  if (context.user) {
    const user = kc.getUser(context.user);
    if (!user) throw new KubeConfigError(`${where}: user "${context.user}" is not defined`);
    checkFile(where, "client-certificate", user.certFile);
    checkFile(where, "client-key", user.keyFile);
  }
}

/** The credentials Sieve uses: an explicit file, else KUBECONFIG or ~/.kube/config, else the pod's service account. */
export function loadKubeConfig(options: KubeConfigOptions = {}): KubeConfig {
  const env = options.env ?? process.env;
  const inCluster = () => loadInClusterConfig({ serviceAccountDir: options.serviceAccountDir, env });
  if (options.inCluster) return inCluster();
  const files = kubeconfigFiles(options.kubeconfigPath, env);
  if (!files) {
    const dir = options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
    if (readable(path.join(dir, "token")) && env.KUBERNETES_SERVICE_HOST) return inCluster();
    throw new KubeConfigError(
      `no kubeconfig: ${path.join(os.homedir(), ".kube", "config")} does not exist and KUBECONFIG is not set`,
    );
  }
  const kc = mergeFiles(files);
  selectContext(kc, files.join(path.delimiter), options.context);
  return kc;
}
