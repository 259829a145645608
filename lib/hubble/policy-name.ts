const POLICY_NAME_LABEL = "k8s:io.cilium.k8s.policy.name=";
const POLICY_NAMESPACE_LABEL = "k8s:io.cilium.k8s.policy.namespace=";

/**
 * A policy named by the relay as namespace/name (a cluster-wide policy as its name alone), or null
 * when it has no name. Older agents fill only the policy's labels; its name and namespace are among them.
 */
export function policyName(
  name: string | undefined,
  namespace: string | undefined,
  labels: readonly string[] | undefined,
): string | null {
  const fromLabel = (prefix: string) => labels?.find((l) => l.startsWith(prefix))?.slice(prefix.length);
  const policy = name || fromLabel(POLICY_NAME_LABEL);
  if (!policy) return null;
  const policyNamespace = namespace || fromLabel(POLICY_NAMESPACE_LABEL);
  return policyNamespace ? `${policyNamespace}/${policy}` : policy;
}
