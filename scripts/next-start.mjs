// How Sieve's launcher and the benchmarks start the production server: node running Next's own
// binary from this checkout, so no npx or PATH lookup stands between them and the port.

import path from "node:path";

/** The arguments, after node itself, of `next start` for the checkout at `root` on `hostname:port`. */
export function nextStartArguments(root, port, hostname) {
  return [
    path.join(root, "node_modules", "next", "dist", "bin", "next"),
    "start",
    "--port",
    String(port),
    "--hostname",
    hostname,
  ];
}
