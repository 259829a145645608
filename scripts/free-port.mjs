// A TCP port that nothing listens on now: one the system handed out and a server just let go of.
// For the launcher, the tests, benchmarks and smoke scripts that start servers on ports of their own.

import net from "node:net";

/** Resolves to a free port on `host` (127.0.0.1 unless told). */
export function freePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null && address.port > 0
          ? resolve(address.port)
          : reject(new Error(`no port was handed out on ${host}`)),
      );
    });
  });
}
