// Where Sieve's changes go in the GitOps repository (configurable), and the check every path must
// pass before it is joined to a URL or a checkout directory.

export interface GitOpsPaths {
  namespacesFile: string;
  /** Folder of the hand-crafted platform CNPs and their kustomization.yaml. */
  platformCnpDir: string;
}

export const DEFAULT_GITOPS_PATHS: GitOpsPaths = {
  namespacesFile: "kubernetes/platform/namespaces.yaml",
  platformCnpDir: "kubernetes/platform/config/network-policy/platform",
};

/** A relative path inside the repository: no `..`, no `.git`, no absolute or empty segments. */
export function isSafeRepoPath(path: string): boolean {
  if (path.length === 0 || path.length > 1024 || /[\x00-\x1f\x7f\\]/.test(path)) return false;
  const segments = path.split("/");
  return segments.every(
    (segment) => segment !== "" && segment !== "." && segment !== ".." && segment.toLowerCase() !== ".git",
  );
}

export function platformCnpPath(paths: GitOpsPaths, namespace: string): string {
  return `${paths.platformCnpDir}/${namespace}.yaml`;
}

export function kustomizationPath(paths: GitOpsPaths): string {
  return `${paths.platformCnpDir}/kustomization.yaml`;
}
