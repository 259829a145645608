import "server-only";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";

export interface KubeconfigFileOptions {
  server: string;
  token: string;
  contextName: string;
  /** PEM of the CA that signed the server's certificate; without it TLS verification is skipped. */
  certificateAuthority?: string;
}

/** A kubeconfig with one cluster, user and context, all named `contextName`, usable by kubectl and Sieve. */
export function renderKubeconfig({
  server,
  token,
  contextName,
  certificateAuthority,
}: KubeconfigFileOptions): string {
  const cluster = certificateAuthority
    ? { server, "certificate-authority-data": Buffer.from(certificateAuthority).toString("base64") }
    : { server, "insecure-skip-tls-verify": true };
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: contextName, cluster }],
    users: [{ name: contextName, user: { token } }],
    contexts: [
      { name: contextName, context: { cluster: contextName, user: contextName, namespace: "default" } },
    ],
    "current-context": contextName,
    preferences: {},
  });
}

/** Writes the kubeconfig readable by its owner only: it holds the token. */
export async function writeKubeconfig(file: string, options: KubeconfigFileOptions): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, renderKubeconfig(options), { mode: 0o600 });
  await chmod(file, 0o600);
}
