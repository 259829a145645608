import { describe, expect, it } from "vitest";
import { PeerInterner } from "./peer-interner";

const LABELS = ["k8s:app=web", "k8s:io.kubernetes.pod.namespace=shop"];

describe("PeerInterner", () => {
  it("gives one shared, frozen peer per endpoint and address", () => {
    const peers = new PeerInterner();
    const web = peers.endpoint("shop", "web-0", "web", LABELS, 4711);
    const first = peers.peer(web, "10.0.0.1", []);
    expect(first).toEqual({
      namespace: "shop",
      pod: "web-0",
      workload: "web",
      labels: { app: "web", "io.kubernetes.pod.namespace": "shop" },
      identity: 4711,
      reserved: null,
      ip: "10.0.0.1",
      dnsNames: [],
    });
    expect(peers.peer(web, "10.0.0.1", [])).toBe(first);
    expect(peers.peer(web, "10.0.0.2", []).ip).toBe("10.0.0.2");
    expect(peers.peer(web, "10.0.0.1", [])).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => {
      (first as { ip: string | null }).ip = "x";
    }).toThrow(TypeError);
  });

  it("shares one label record between endpoints with the same labels", () => {
    const peers = new PeerInterner();
    const a = peers.peer(peers.endpoint("shop", "web-0", "web", LABELS, 4711), "10.0.0.1", []);
    const b = peers.peer(peers.endpoint("shop", "web-1", "web", [...LABELS], 4711), "10.0.0.2", []);
    expect(b.labels).toBe(a.labels);
    expect(Object.isFrozen(a.labels)).toBe(true);
  });

  it("keeps peers with DNS names apart by their names", () => {
    const peers = new PeerInterner();
    const world = peers.endpoint(null, null, null, ["reserved:world"], 2);
    const github = peers.peer(world, "140.82.112.6", ["api.github.com"]);
    expect(github).toMatchObject({ reserved: "world", dnsNames: ["api.github.com"] });
    expect(peers.peer(world, "140.82.112.6", ["api.github.com"])).toBe(github);
    expect(peers.peer(world, "140.82.112.6", ["github.com"]).dnsNames).toEqual(["github.com"]);
    expect(peers.peer(world, "140.82.112.6", []).dnsNames).toEqual([]);
  });

  it("reads the reserved identity from the labels, else from the number", () => {
    const peers = new PeerInterner();
    expect(
      peers.peer(peers.endpoint(null, null, null, ["reserved:host", "reserved:kube-apiserver"], 1), null, [])
        .reserved,
    ).toBe("kube-apiserver");
    expect(peers.peer(peers.endpoint(null, null, null, [], 2), null, []).reserved).toBe("world");
    expect(peers.peer(peers.endpoint(null, null, null, ["k8s:app=x"], 48_213), null, []).reserved).toBeNull();
  });

  it("remembers a bounded number of addresses per endpoint", () => {
    const peers = new PeerInterner({ addressesPerEndpoint: 8 });
    const host = peers.endpoint(null, null, null, ["reserved:host"], 1);
    const first = peers.peer(host, "10.0.0.0", []);
    for (let i = 1; i < 100; i++) peers.peer(host, `10.0.0.${i}`, []);
    expect(host.peers!.size).toBeLessThanOrEqual(8);
    const again = peers.peer(host, "10.0.0.0", []);
    expect(again).toEqual(first);
  });
});
