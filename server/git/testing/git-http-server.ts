import "server-only";
import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A real git remote for tests: `git http-backend` run as a CGI behind a tiny HTTP server on
// loopback, which insists on one Authorization header (as a hosted provider would).

export interface GitHttpServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The Authorization header a request must carry; anything else gets 401. */
  expectedAuthorization: string;
  /** Every Authorization header received (undefined when absent), in order. */
  readonly seen: Array<string | undefined>;
  close(): Promise<void>;
}

function cgi(req: IncomingMessage, res: ServerResponse, projectRoot: string): void {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(", ") : (value ?? "");
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: projectRoot,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: "1",
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    REQUEST_METHOD: req.method ?? "GET",
    CONTENT_TYPE: header("content-type"),
    ...(req.headers["content-length"] ? { CONTENT_LENGTH: header("content-length") } : {}),
    HTTP_CONTENT_ENCODING: header("content-encoding"),
    GIT_PROTOCOL: header("git-protocol"),
    REMOTE_USER: "sieve-test",
    REMOTE_ADDR: "127.0.0.1",
  };
  const child = spawn("git", ["http-backend"], { env: env as NodeJS.ProcessEnv });
  req.pipe(child.stdin);
  child.stdin.on("error", () => undefined);
  let head = Buffer.alloc(0);
  let headersDone = false;
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
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    res.write(head.subarray(match.index + match[0].length));
  });
  child.stdout.on("end", () => res.end());
  child.on("error", () => {
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
}

export async function startGitHttpServer(
  projectRoot: string,
  expectedAuthorization: string,
): Promise<GitHttpServer> {
  const seen: Array<string | undefined> = [];
  const state = { expectedAuthorization };
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization);
    if (req.headers.authorization !== state.expectedAuthorization) {
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="sieve-test"', "Content-Type": "text/plain" });
      res.end("authentication required\n");
      req.resume();
      return;
    }
    cgi(req, res, projectRoot);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    get expectedAuthorization() {
      return state.expectedAuthorization;
    },
    set expectedAuthorization(value: string) {
      state.expectedAuthorization = value;
    },
    seen,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
