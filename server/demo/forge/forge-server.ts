import "server-only";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { isSafeBranchName } from "@/lib/gitops/branch-name";
import { isSafeRepoPath } from "@/lib/gitops/repo-paths";
import { authenticate } from "./forge-auth";
import {
  comparePage,
  editPage,
  FORGE_CSP,
  homePage,
  messagePage,
  newFilePage,
  type PageContext,
} from "./forge-pages";
import { ForgeRepository } from "./forge-repository";
import { forgeRoute, splitBranch } from "./forge-routes";
import { serveGitHttpBackend } from "./git-http-backend";

// The demo's forge on loopback: one repository, readable by anyone over git's smart HTTP,
// pushable with the demo token, and the Gitea-style pages Sieve links to (new pull request,
// edit a file, new file) showing what a real forge would prefill.

export interface DemoForgeOptions {
  /** The bare repository, e.g. `.sieve/demo/gitops.git`. */
  repositoryDir: string;
  owner: string;
  repo: string;
  token: string;
  baseBranch: string;
  /** 0 (default) for any free port. */
  port?: number;
}

export interface DemoForge {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `http://127.0.0.1:<port>/<owner>/<repo>` */
  webUrl: string;
  /** `<webUrl>.git` */
  cloneUrl: string;
  stop(): Promise<void>;
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": FORGE_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
  });
  res.end(html);
}

function challenge(req: IncomingMessage, res: ServerResponse, message: string): void {
  req.resume();
  res.writeHead(401, { "WWW-Authenticate": 'Basic realm="Sieve demo forge"', "Content-Type": "text/plain" });
  res.end(`${message}\n`);
}

export async function startDemoForge(options: DemoForgeOptions): Promise<DemoForge> {
  const repository = new ForgeRepository(options.repositoryDir);
  const projectRoot = path.dirname(options.repositoryDir);
  const repoDirName = path.basename(options.repositoryDir);
  const urls = { webUrl: "", cloneUrl: "" };
  const ctx = (): PageContext => ({ repository: `${options.owner}/${options.repo}`, webUrl: urls.webUrl });

  async function page(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const route = forgeRoute(url, options.owner, options.repo);
    if (route.kind !== "git" && req.method !== "GET" && req.method !== "HEAD") {
      req.resume();
      return send(
        res,
        405,
        messagePage(ctx(), "Method not allowed", "The demo forge's pages are read-only."),
      );
    }
    switch (route.kind) {
      case "git": {
        const auth = authenticate(req.headers.authorization, options.token);
        if (auth === "refused") return challenge(req, res, "the token is not valid for this repository");
        if (route.push && auth !== "authenticated")
          return challenge(req, res, "pushing needs the demo token");
        serveGitHttpBackend(req, res, {
          projectRoot,
          pathInfo: `/${repoDirName}${route.gitPath}`,
          remoteUser: auth === "authenticated" ? "sieve-demo" : null,
        });
        return;
      }
      case "home":
        return send(
          res,
          200,
          homePage(ctx(), {
            cloneUrl: urls.cloneUrl,
            baseBranch: options.baseBranch,
            branches: await repository.branches(),
            files: await repository.files(options.baseBranch),
          }),
        );
      case "compare": {
        for (const branch of [route.base, route.head]) {
          if (!(await repository.hasBranch(branch))) {
            return send(res, 404, messagePage(ctx(), "No such branch", `There is no branch "${branch}".`));
          }
        }
        return send(
          res,
          200,
          comparePage(ctx(), {
            base: route.base,
            head: route.head,
            title: url.searchParams.get("title") ?? "",
            body: url.searchParams.get("body") ?? "",
            commits: await repository.commits(route.base, route.head),
            diff: await repository.diff(route.base, route.head),
          }),
        );
      }
      case "edit":
      case "new": {
        const split = splitBranch(route.rest, await repository.branches());
        if (!split || !isSafeBranchName(split.branch)) {
          return send(
            res,
            404,
            messagePage(ctx(), "No such branch", `"${route.rest.join("/")}" names no branch.`),
          );
        }
        if (route.kind === "edit") {
          const content = isSafeRepoPath(split.path) ? await repository.file(split.branch, split.path) : null;
          if (content === null) {
            return send(
              res,
              404,
              messagePage(ctx(), "No such file", `${split.branch} has no file "${split.path}".`),
            );
          }
          return send(res, 200, editPage(ctx(), { branch: split.branch, path: split.path, content }));
        }
        const fileName = url.searchParams.get("filename") ?? "";
        const target = split.path ? `${split.path}/${fileName}` : fileName;
        const exists = isSafeRepoPath(target) && (await repository.file(split.branch, target)) !== null;
        return send(
          res,
          200,
          newFilePage(ctx(), {
            branch: split.branch,
            dir: split.path,
            fileName,
            content: url.searchParams.get("value") ?? "",
            exists,
          }),
        );
      }
      case "bad-request":
        return send(res, 400, messagePage(ctx(), "Bad request", "The address could not be read."));
      case "not-found":
        return send(res, 404, messagePage(ctx(), "Not found", `Nothing at ${url.pathname}.`));
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    page(req, res, url).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      const message = error instanceof Error ? error.message : String(error);
      send(res, 500, messagePage(ctx(), "Error", message.split("\n")[0] ?? ""));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  urls.webUrl = `${origin}/${options.owner}/${options.repo}`;
  urls.cloneUrl = `${urls.webUrl}.git`;
  return {
    origin,
    webUrl: urls.webUrl,
    cloneUrl: urls.cloneUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
