// A TCP port on 127.0.0.1 that nothing listens on now: one the system handed out and a server just
// let go of. For the tests, benchmarks and smoke scripts that start servers on ports of their own.

import net from "node:net";

/** Resolves to a free port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
