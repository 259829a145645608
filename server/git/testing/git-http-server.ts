import "server-only";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serveGitHttpBackend } from "@/server/demo/forge/git-http-backend";

// A real git remote for tests: `git http-backend` (the demo forge's CGI bridge) behind a tiny
// HTTP server on loopback, which insists on one Authorization header (as a hosted provider would).

export interface GitHttpServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The Authorization header a request must carry; anything else gets 401. */
  expectedAuthorization: string;
  /** Every Authorization header received (undefined when absent), in order. */
  readonly seen: Array<string | undefined>;
  close(): Promise<void>;
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
    const pathInfo = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    serveGitHttpBackend(req, res, { projectRoot, pathInfo, remoteUser: "sieve-test" });
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
