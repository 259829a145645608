import { describe, expect, it } from "vitest";
import { inspect } from "node:util";
import { DEFAULT_GITOPS_PATHS } from "@/lib/gitops/repo-paths";
import { cloneUrlProblem, parseSieveConfig, hubbleAddressProblem, SecretText } from "./sieve-config";
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
        gitops: null,
        preview: null,
        watchdog: { probeIntervalMs: 15_000, silenceMs: 45_000 },
        web: { publicOrigin: null, trustedProxies: [] },
      },
    });
  });

  it("reads the watchdog's bounds and refuses a silence bound shorter than two probes", () => {
    expect(
      parseSieveConfig({ SIEVE_PROBE_INTERVAL: "5s", SIEVE_SILENCE_BOUND: "20s" }).config.watchdog,
    ).toEqual({
      probeIntervalMs: 5_000,
      silenceMs: 20_000,
    });
    // A longer probe period stretches the default silence bound with it.
    expect(parseSieveConfig({ SIEVE_PROBE_INTERVAL: "1m" }).config.watchdog.silenceMs).toBe(180_000);
    const short = parseSieveConfig({ SIEVE_PROBE_INTERVAL: "15s", SIEVE_SILENCE_BOUND: "20s" });
    expect(short.problems.map((p) => p.message)).toEqual([
      'SIEVE_SILENCE_BOUND: "20s" must be a duration between twice SIEVE_PROBE_INTERVAL (30s) and 30m (e.g. 45s)',
    ]);
    expect(short.config.watchdog).toEqual({ probeIntervalMs: 15_000, silenceMs: 45_000 });
    expect(parseSieveConfig({ SIEVE_PROBE_INTERVAL: "0s" }).problems[0]?.message).toMatch(
      /^SIEVE_PROBE_INTERVAL: "0s" must be a duration between 1s and 5m/,
    );
  });

  it("is in repository preview when SIEVE_PREVIEW_REPORT names the demo's report", () => {
    const result = parseSieveConfig({ SIEVE_PREVIEW_REPORT: "/tmp/preview.json" });
    expect(result.problems).toEqual([]);
    expect(result.config.preview).toEqual({ reportFile: "/tmp/preview.json" });
    expect(parseSieveConfig({ SIEVE_PREVIEW_REPORT: " " }).config.preview).toBeNull();
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
    // The same parser as a view's ?window=: the same words for the same mistake.
    expect(parseSieveConfig({ SIEVE_FLOW_WINDOW: "30s" }).problems[0]?.message).toBe(
      'SIEVE_FLOW_WINDOW: "30s" is outside 1m..1h (e.g. 5m)',
    );
    expect(parseSieveConfig({ SIEVE_FLOW_WINDOW: "soon" }).config.flowWindowMs).toBe(300_000);
    const ok = parseSieveConfig({ SIEVE_FLOW_WINDOW: "15m" });
    expect(ok.config.flowWindowMs).toBe(900_000);
  });
});

describe("parseSieveConfig: the GitOps repository", () => {
  const TOKEN = "glpat-SieveConfigTest0123456789";

  it("reads a GitHub repository with the default branch and paths, and no token", () => {
    const { config, problems } = parseSieveConfig({ SIEVE_GITOPS_REPO: "https://github.com/acme/homelab" });
    expect(problems).toEqual([]);
    expect(config.gitops).toEqual({
      repository: {
        provider: "github",
        origin: "https://github.com",
        segments: ["acme", "homelab"],
        webUrl: "https://github.com/acme/homelab",
        cloneUrl: "https://github.com/acme/homelab.git",
      },
      baseBranch: "main",
      paths: DEFAULT_GITOPS_PATHS,
      token: null,
      tokenFile: null,
      cloneUrl: null,
    });
  });

  it("takes the provider, branch, paths, token and clone URL of a self-hosted Gitea", () => {
    const { config, problems } = parseSieveConfig({
      SIEVE_GITOPS_REPO: "https://git.home.example/homelab/gitops.git",
      SIEVE_GITOPS_PROVIDER: "Gitea",
      SIEVE_GITOPS_BRANCH: "release/prod",
      SIEVE_GITOPS_TOKEN: TOKEN,
      SIEVE_GITOPS_CLONE_URL: "http://127.0.0.1:3000/homelab/gitops.git",
      SIEVE_GITOPS_NAMESPACES_FILE: "clusters/lab/namespaces.yaml",
      SIEVE_GITOPS_PLATFORM_CNP_DIR: "clusters/lab/cnp/",
    });
    expect(problems).toEqual([]);
    expect(config.gitops).toMatchObject({
      repository: { provider: "gitea", webUrl: "https://git.home.example/homelab/gitops" },
      baseBranch: "release/prod",
      paths: { namespacesFile: "clusters/lab/namespaces.yaml", platformCnpDir: "clusters/lab/cnp" },
      tokenFile: null,
      cloneUrl: "http://127.0.0.1:3000/homelab/gitops.git",
    });
    expect(config.gitops?.token?.reveal()).toBe(TOKEN);
  });

  it("never shows the token when the configuration is printed or serialized", () => {
    const { config } = parseSieveConfig({
      SIEVE_GITOPS_REPO: "https://gitlab.com/lab/infra/gitops",
      SIEVE_GITOPS_TOKEN: TOKEN,
    });
    expect(config.gitops?.repository.provider).toBe("gitlab");
    expect(config.gitops?.token).toBeInstanceOf(SecretText);
    expect(JSON.stringify(config)).not.toContain(TOKEN);
    expect(JSON.stringify(config)).toContain('"token":"[redacted]"');
    expect(inspect(config, { depth: 10 })).not.toContain(TOKEN);
    expect(`${config.gitops?.token}`).toBe("[redacted]");
  });

  it("keeps a token file's path for the server to read", () => {
    const { config, problems } = parseSieveConfig({
      SIEVE_GITOPS_REPO: "https://codeberg.org/lab/gitops",
      SIEVE_GITOPS_TOKEN_FILE: "/run/secrets/gitops-token",
    });
    expect(problems).toEqual([]);
    expect(config.gitops).toMatchObject({
      repository: { provider: "gitea" },
      token: null,
      tokenFile: "/run/secrets/gitops-token",
    });
  });

  it("asks for the provider of a self-hosted host", () => {
    const { config, problems } = parseSieveConfig({ SIEVE_GITOPS_REPO: "https://git.example.net/a/b" });
    expect(config.gitops).toBeNull();
    expect(problems).toEqual([
      {
        section: "gitops",
        message: expect.stringMatching(
          /^SIEVE_GITOPS_REPO: "https:\/\/git\.example\.net\/a\/b" cannot tell the provider.*SIEVE_GITOPS_PROVIDER/,
        ),
      },
    ]);
  });

  it("reports every malformed GitOps value, one line each, and offers no repository", () => {
    const { config, problems } = parseSieveConfig({
      SIEVE_GITOPS_REPO: "https://github.com/acme/homelab",
      SIEVE_GITOPS_PROVIDER: "bitbucket",
      SIEVE_GITOPS_BRANCH: "--upload-pack=x",
      SIEVE_GITOPS_TOKEN: "two words",
      SIEVE_GITOPS_TOKEN_FILE: "/run/token",
      SIEVE_GITOPS_CLONE_URL: "http://git.example.net/acme/homelab.git",
      SIEVE_GITOPS_NAMESPACES_FILE: "../namespaces.yaml",
      SIEVE_GITOPS_PLATFORM_CNP_DIR: "a/.git/b",
    });
    expect(config.gitops).toBeNull();
    expect(problems.every((p) => p.section === "gitops")).toBe(true);
    const lines = problems.map((p) => p.message);
    for (const name of [
      "SIEVE_GITOPS_PROVIDER",
      "SIEVE_GITOPS_BRANCH",
      "SIEVE_GITOPS_NAMESPACES_FILE",
      "SIEVE_GITOPS_PLATFORM_CNP_DIR",
      "SIEVE_GITOPS_CLONE_URL",
    ]) {
      expect(lines.filter((line) => line.startsWith(`${name}:`))).toHaveLength(1);
    }
    expect(lines).toContain("SIEVE_GITOPS_TOKEN and SIEVE_GITOPS_TOKEN_FILE are both set: keep one");
    expect(lines.some((line) => line.startsWith("SIEVE_GITOPS_TOKEN has characters"))).toBe(true);
    expect(lines.join("\n")).not.toContain("two words");
    for (const line of lines) expect(line).not.toContain("\n");
  });

  it("does not repeat credentials written into a repository URL", () => {
    const { config, problems } = parseSieveConfig({
      SIEVE_GITOPS_REPO: `https://bot:${TOKEN}@github.com/acme/homelab`,
      SIEVE_GITOPS_CLONE_URL: `https://${TOKEN}@git.internal/acme/homelab.git`,
    });
    expect(config.gitops).toBeNull();
    expect(problems).toHaveLength(2);
    expect(problems[0]?.message).toContain("must not contain credentials");
    expect(problems[1]?.message).toContain("must not contain credentials");
    for (const problem of problems) expect(problem.message).not.toContain(TOKEN);
  });

  it("says when GitOps variables are set without the repository", () => {
    const { config, problems } = parseSieveConfig({
      SIEVE_GITOPS_TOKEN: TOKEN,
      SIEVE_GITOPS_BRANCH: "main",
    });
    expect(config.gitops).toBeNull();
    expect(problems).toEqual([
      {
        section: "gitops",
        message:
          "SIEVE_GITOPS_BRANCH, SIEVE_GITOPS_TOKEN set but SIEVE_GITOPS_REPO is not: set the repository's web URL",
      },
    ]);
  });
});

describe("cloneUrlProblem", () => {
  it.each(["https://git.example.net/a/b.git", "http://localhost:3000/a/b.git", "http://[::1]:8080/x"])(
    "accepts %s",
    (url) => expect(cloneUrlProblem(url)).toBeNull(),
  );
  it.each([
    "git@github.com:a/b.git",
    "ssh://git@github.com/a/b.git",
    "http://10.0.0.5/a/b.git",
    "https://github.com",
    "https://github.com/a/b.git?x=1",
    "file:///srv/git/b.git",
  ])("rejects %s", (url) => expect(cloneUrlProblem(url)).not.toBeNull());
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
