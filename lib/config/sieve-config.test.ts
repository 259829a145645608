import { describe, expect, it } from "vitest";
import { parseSieveConfig, hubbleAddressProblem } from "./sieve-config";
import { parseDuration, formatDuration } from "./duration";

describe("parseSieveConfig", () => {
  it("uses the documented defaults for an empty environment", () => {
    const result = parseSieveConfig({});
    expect(result).toEqual({
      problems: [],
      config: {
        kubernetes: { kubeconfigPath: undefined, context: undefined, inCluster: false },
        hubble: { address: "localhost:4245", tls: null },
        flowWindowMs: 300_000,
      },
    });
  });

  it("prefers SIEVE_KUBECONFIG over KUBECONFIG and picks the context", () => {
    const result = parseSieveConfig({ SIEVE_KUBECONFIG: "/a", KUBECONFIG: "/b", SIEVE_KUBE_CONTEXT: "lab" });
    expect(result.problems.length === 0 && result.config.kubernetes).toEqual({
      kubeconfigPath: "/a",
      context: "lab",
      inCluster: false,
    });
  });

  it("goes in-cluster when running in a pod without a kubeconfig", () => {
    const result = parseSieveConfig({ KUBERNETES_SERVICE_HOST: "10.0.0.1" });
    expect(result.problems.length === 0 && result.config.kubernetes.inCluster).toBe(true);
  });

  it("turns TLS on when any TLS file is given", () => {
    const result = parseSieveConfig({
      SIEVE_HUBBLE_TLS_CA_FILE: "/ca.pem",
      SIEVE_HUBBLE_TLS_SERVER_NAME: "relay",
    });
    expect(result.problems.length === 0 && result.config.hubble.tls).toEqual({
      caFile: "/ca.pem",
      certFile: undefined,
      keyFile: undefined,
      serverName: "relay",
    });
  });

  it("reports every malformed value, one line each", () => {
    const result = parseSieveConfig({
      SIEVE_HUBBLE_ADDRESS: "relay:99999",
      SIEVE_HUBBLE_TLS: "maybe",
      SIEVE_HUBBLE_TLS_CERT_FILE: "/cert.pem",
      SIEVE_FLOW_WINDOW: "2d",
    });
    const errors = result.problems.map((p) => p.message);
    expect(result.problems.map((p) => p.section)).toEqual(["hubble", "hubble", "hubble", "flows"]);
    expect(errors.join("\n")).toMatch(/SIEVE_HUBBLE_ADDRESS: "relay:99999" is malformed: port 99999/);
    expect(errors.join("\n")).toMatch(/SIEVE_HUBBLE_TLS: "maybe" is not true or false/);
    expect(errors.join("\n")).toMatch(/must be set together/);
    expect(errors.join("\n")).toMatch(/SIEVE_FLOW_WINDOW/);
    for (const line of errors) expect(line).not.toContain("\n");
  });

  it("rejects windows outside 1m..1h", () => {
    expect(parseSieveConfig({ SIEVE_FLOW_WINDOW: "30s" }).problems).toHaveLength(1);
    expect(parseSieveConfig({ SIEVE_FLOW_WINDOW: "61m" }).problems).toHaveLength(1);
    const ok = parseSieveConfig({ SIEVE_FLOW_WINDOW: "15m" });
    expect(ok.config.flowWindowMs).toBe(900_000);
  });
});

describe("hubbleAddressProblem", () => {
  it.each([
    "localhost:4245",
    "127.0.0.1:80",
    "[::1]:4245",
    "hubble-relay.kube-system.svc:80",
    "unix:/run/h.sock",
  ])("accepts %s", (address) => expect(hubbleAddressProblem(address)).toBeNull());
  it.each(["localhost", ":4245", "host:0", "host:port", "http://host:4245", "unix:", "a b:1"])(
    "rejects %s",
    (address) => expect(hubbleAddressProblem(address)).not.toBeNull(),
  );
});

describe("durations", () => {
  it("parses compound durations and rejects others", () => {
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("5")).toBeNull();
    expect(parseDuration("-5m")).toBeNull();
  });
  it("formats back to the largest whole unit", () => {
    expect(formatDuration(300_000)).toBe("5m");
    expect(formatDuration(3_600_000)).toBe("1h");
    expect(formatDuration(1_500)).toBe("1500ms");
  });
});
