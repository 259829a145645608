import "server-only";

/** A kubeconfig that cannot be used; the message is one line naming the file or context at fault. */
export class KubeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KubeConfigError";
    // Shown as-is in logs and the page banner: the stack would only point into this module.
    this.stack = `${this.name}: ${message}`;
  }
}

/** Why a file could not be read, in a few words. */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "file not found";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a directory, not a file";
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]!.trim();
}
