import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startFaultProxy, type FaultProxy } from "./fault-proxy";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An echo server behind a proxy. */
async function echoBehindProxy(): Promise<FaultProxy> {
  const echo = net.createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => echo.close(resolve)));
  const proxy = await startFaultProxy({
    target: { host: "127.0.0.1", port: (echo.address() as net.AddressInfo).port },
  });
  cleanups.push(() => proxy.stop());
  return proxy;
}

function connect(proxy: FaultProxy): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(proxy.port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
    cleanups.push(() => socket.destroy());
  });
}

function nextData(socket: net.Socket): Promise<string> {
  return new Promise((resolve) => socket.once("data", (chunk: Buffer) => resolve(chunk.toString())));
}

describe("fault proxy", () => {
  it("passes, holds everything while frozen and delivers it on thaw", async () => {
    const proxy = await echoBehindProxy();
    const socket = await connect(proxy);
    socket.write("one");
    expect(await nextData(socket)).toBe("one");

    proxy.setMode("freeze");
    let received = "";
    let onReceived = () => {};
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString();
      onReceived();
    });
    socket.write("two");
    // A connection opened while frozen is accepted and gets no answer either.
    const late = await connect(proxy);
    late.write("three");
    // Round-trips through the echo server would have completed long before this answer arrives.
    const control = await echoBehindProxy();
    const probe = await connect(control);
    probe.write("ping");
    expect(await nextData(probe)).toBe("ping");
    expect(received).toBe("");

    const lateAnswer = nextData(late);
    const heldAnswer = new Promise<void>((resolve) => (onReceived = () => received === "two" && resolve()));
    proxy.setMode("pass");
    expect(await lateAnswer).toBe("three");
    await heldAnswer;
    expect(received).toBe("two");
  });

  it("refusing resets open and new connections", async () => {
    const proxy = await echoBehindProxy();
    const socket = await connect(proxy);
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.on("error", () => {});
    proxy.setMode("refuse");
    await closed;
    const late = net.connect(proxy.port, "127.0.0.1");
    late.on("error", () => {});
    await new Promise<void>((resolve) => late.once("close", () => resolve()));
    expect(late.bytesRead).toBe(0);
  });
});
