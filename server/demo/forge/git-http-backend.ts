import "server-only";
import { spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";

// git's smart HTTP protocol, served by running `git http-backend` as a CGI program: the request
// goes to its stdin with the CGI variables in its environment, its output is a CGI response.

export interface GitCgiRequest {
  /** The directory repositories are found in. */
  projectRoot: string;
  /** The path below projectRoot: `/<repo>.git/info/refs`, `/<repo>.git/git-upload-pack`, … */
  pathInfo: string;
  /** Set once the client has authenticated; http-backend only accepts pushes with it. */
  remoteUser: string | null;
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : (value ?? "");
}

export function serveGitHttpBackend(req: IncomingMessage, res: ServerResponse, cgi: GitCgiRequest): void {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: cgi.projectRoot,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_PROJECT_ROOT: cgi.projectRoot,
    GIT_HTTP_EXPORT_ALL: "1",
    PATH_INFO: cgi.pathInfo,
    QUERY_STRING: url.search.slice(1),
    REQUEST_METHOD: req.method ?? "GET",
    CONTENT_TYPE: header(req, "content-type"),
    ...(req.headers["content-length"] ? { CONTENT_LENGTH: header(req, "content-length") } : {}),
    HTTP_CONTENT_ENCODING: header(req, "content-encoding"),
    GIT_PROTOCOL: header(req, "git-protocol"),
    REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
    ...(cgi.remoteUser ? { REMOTE_USER: cgi.remoteUser } : {}),
  };
  const child = spawn("git", ["http-backend"], { env: env as NodeJS.ProcessEnv });
  req.pipe(child.stdin);
  child.stdin.on("error", () => undefined);
  child.stderr.resume();
  let head = Buffer.alloc(0);
  let headersDone = false;
  let answered = false;
  // A client that hangs up mid-request should not leave git running.
  res.on("close", () => {
    if (!answered && child.exitCode === null) child.kill("SIGKILL");
  });
  child.stdout.on("data", (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const text = head.toString("latin1");
    const match = /\r?\n\r?\n/.exec(text);
    if (!match) return;
    headersDone = true;
    let status = 200;
    for (const line of text.slice(0, match.index).split(/\r?\n/)) {
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === "status") status = Number.parseInt(value, 10) || 500;
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    res.write(head.subarray(match.index + match[0].length));
  });
  child.stdout.on("end", () => {
    answered = true;
    if (!headersDone && !res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" });
    res.end();
  });
  child.on("error", () => {
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
}
