import "server-only";
import { getRuntime } from "@/server/runtime";
import type { GitOpsSource } from "./gitops-source";

/** The process's GitOps repository, or null when none is configured (fix links are not offered). */
export function getGitOpsSource(): GitOpsSource | null {
  return getRuntime().gitops;
}
