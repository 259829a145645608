import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it, vi } from "vitest";
import { listenProblem } from "@/lib/auth/listen-address";
import { installPeerAddressStamp } from "./peer-address";

// The second line of the loopback rule: whatever the command line said, the first request to a
// server bound off loopback stops the process before it is served (here `exit` only records).

it("stops a server that listens on every interface without login at its first request", async () => {
  const events: string[] = [];
  const errors = vi.spyOn(console, "error").mockImplementation((line: string) => void events.push(line));
  installPeerAddressStamp(
    (host) => listenProblem({ mode: "none", explicit: false }, { host }),
    (code) => void events.push(`exit ${code}`),
  );
  const server = createServer((_req, res) => {
    events.push("served");
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await (await fetch(`http://127.0.0.1:${port}/`)).text();
    await (await fetch(`http://127.0.0.1:${port}/`)).text();
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    errors.mockRestore();
  }
  expect(events).toEqual([
    expect.stringMatching(/^sieve: refusing to serve: Sieve listens on "0\.0\.0\.0" without login/),
    "exit 1",
    "served",
    "served",
  ]);
});
