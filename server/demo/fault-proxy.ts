import "server-only";
import net, { type AddressInfo, type Socket } from "node:net";

// A TCP proxy in front of a demo server that plays the network's and the server's failures for
// fault-injection tests: "refuse" resets every connection (a stopped server), "freeze" accepts and
// never answers while open connections fall silent (a SIGSTOPped server, a stalled path); "pass"
// forwards again, flushing what the frozen connections held. It works below TLS and HTTP/2, so
// Sieve's real clients see exactly what a hung kube-apiserver or relay would show them.

export type FaultMode = "pass" | "refuse" | "freeze";

export interface FaultProxy {
  /** host:port to dial instead of the target. */
  address: string;
  port: number;
  mode(): FaultMode;
  setMode(mode: FaultMode): void;
  stop(): Promise<void>;
}

interface Pipe {
  client: Socket;
  upstream: Socket | null;
}

export async function startFaultProxy(options: {
  /** Where connections go while passing. */
  target: { host: string; port: number };
  /** Default 0: any free port. */
  port?: number;
}): Promise<FaultProxy> {
  let mode: FaultMode = "pass";
  const pipes = new Set<Pipe>();

  function connectUpstream(pipe: Pipe): void {
    const upstream = net.connect(options.target.port, options.target.host);
    pipe.upstream = upstream;
    pipe.client.pipe(upstream);
    upstream.pipe(pipe.client);
    const close = () => {
      pipe.client.destroy();
      upstream.destroy();
      pipes.delete(pipe);
    };
    upstream.on("error", close);
    upstream.on("close", close);
  }

  const server = net.createServer((client) => {
    const pipe: Pipe = { client, upstream: null };
    client.on("error", () => client.destroy());
    client.on("close", () => {
      pipe.upstream?.destroy();
      pipes.delete(pipe);
    });
    if (mode === "refuse") {
      client.resetAndDestroy();
      return;
    }
    pipes.add(pipe);
    if (mode === "freeze") client.pause();
    else connectUpstream(pipe);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  function setMode(next: FaultMode): void {
    mode = next;
    for (const pipe of [...pipes]) {
      if (next === "refuse") {
        pipe.client.resetAndDestroy();
        pipe.upstream?.destroy();
        pipes.delete(pipe);
      } else if (next === "freeze") {
        pipe.client.pause();
        pipe.upstream?.pause();
      } else {
        if (!pipe.upstream) connectUpstream(pipe);
        pipe.client.resume();
        pipe.upstream?.resume();
      }
    }
  }

  return {
    address: `127.0.0.1:${port}`,
    port,
    mode: () => mode,
    setMode,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const pipe of pipes) {
          pipe.client.destroy();
          pipe.upstream?.destroy();
        }
        pipes.clear();
        server.close(() => resolve());
      }),
  };
}
