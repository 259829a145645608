import "server-only";
import { randomBytes } from "node:crypto";
import { DEFAULT_GITOPS_PATHS } from "@/lib/gitops/repo-paths";
import { startDemoForge, type DemoForge } from "../forge/forge-server";
import { createBareRepository } from "./bare-repository";
import { homelabGitOpsFiles } from "./homelab-repo-files";

// The demo's GitOps side: the homelab repository created afresh and served by the demo forge.

export const DEMO_GITOPS_OWNER = "homelab";
export const DEMO_GITOPS_REPO = "gitops";
export const DEMO_GITOPS_BRANCH = "main";

export interface DemoGitOps {
  forge: DemoForge;
  /** Pushes need it; Sieve gets it through its environment. */
  token: string;
  commit: string;
}

export async function startDemoGitOps(options: {
  repositoryDir: string;
  port?: number;
  now: number;
}): Promise<DemoGitOps> {
  const commit = await createBareRepository({
    directory: options.repositoryDir,
    files: homelabGitOpsFiles(options.now, DEFAULT_GITOPS_PATHS),
    branch: DEMO_GITOPS_BRANCH,
    message: "Homelab platform: namespaces and platform network policies",
    author: { name: "Homelab Admin", email: "admin@lab.example.net" },
  });
  const token = `sieve-demo-${randomBytes(24).toString("base64url")}`;
  const forge = await startDemoForge({
    repositoryDir: options.repositoryDir,
    owner: DEMO_GITOPS_OWNER,
    repo: DEMO_GITOPS_REPO,
    token,
    baseBranch: DEMO_GITOPS_BRANCH,
    port: options.port,
  });
  return { forge, token, commit };
}
