import "server-only";

/** The platform CNP folder's kustomization.yaml, listing every file in name order. */
export function kustomizationFileText(files: readonly string[]): string {
  return [
    "# Hand-crafted CiliumNetworkPolicies of the platform namespaces, one file per namespace.",
    "apiVersion: kustomize.config.k8s.io/v1beta1",
    "kind: Kustomization",
    "resources:",
    ...[...files].sort().map((file) => `  - ${file}`),
    "",
  ].join("\n");
}
