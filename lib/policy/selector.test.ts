import { describe, expect, it } from "vitest";
import {
  entityIdentityLabels,
  keyScope,
  namespaceInfo,
  normalizeLabelKey,
  parseLabelSelector,
  podIdentityLabels,
  selectorMatches,
  type Selector,
} from "./selector";

function parse(raw: unknown): Selector {
  const parsed = parseLabelSelector(raw, "sel");
  if (!parsed.selector) throw new Error(parsed.problems.join("; "));
  return parsed.selector;
}

const shop = namespaceInfo("shop", { team: "web", "network-policy.homelab/profile": "standard" });
const web = podIdentityLabels({ app: "web", tier: "frontend" }, shop, "web-sa");

describe("label selector matching", () => {
  it("matchLabels needs every label with its value", () => {
    expect(selectorMatches(parse({ matchLabels: { app: "web", tier: "frontend" } }), web)).toBe(true);
    expect(selectorMatches(parse({ matchLabels: { app: "web", tier: "backend" } }), web)).toBe(false);
  });

  it("an empty selector matches everything, including reserved identities", () => {
    expect(selectorMatches(parse({}), web)).toBe(true);
    expect(selectorMatches(parse({}), entityIdentityLabels("world"))).toBe(true);
  });

  it("In and NotIn", () => {
    const inSel = parse({ matchExpressions: [{ key: "app", operator: "In", values: ["api", "web"] }] });
    const notIn = parse({ matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }] });
    expect(selectorMatches(inSel, web)).toBe(true);
    expect(selectorMatches(inSel, { app: "db" })).toBe(false);
    expect(selectorMatches(notIn, web)).toBe(false);
    expect(selectorMatches(notIn, { app: "db" })).toBe(true);
    // NotIn also holds when the label is absent.
    expect(selectorMatches(notIn, {})).toBe(true);
  });

  it("Exists and DoesNotExist", () => {
    const exists = parse({ matchExpressions: [{ key: "tier", operator: "Exists" }] });
    const absent = parse({ matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] });
    expect(selectorMatches(exists, web)).toBe(true);
    expect(selectorMatches(exists, { app: "web" })).toBe(false);
    expect(selectorMatches(absent, web)).toBe(false);
    expect(selectorMatches(absent, { app: "web" })).toBe(true);
  });

  it("does not mistake Object.prototype members for labels", () => {
    const sel = parse({ matchExpressions: [{ key: "constructor", operator: "Exists" }] });
    expect(selectorMatches(sel, {})).toBe(false);
  });
});

describe("Cilium identity labels", () => {
  it("carry the namespace, the namespace's labels and the service account", () => {
    expect(web).toMatchObject({
      app: "web",
      "io.kubernetes.pod.namespace": "shop",
      "io.cilium.k8s.namespace.labels.team": "web",
      "io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name": "shop",
      "io.cilium.k8s.policy.serviceaccount": "web-sa",
    });
  });

  it("match io.kubernetes.pod.namespace with or without the k8s: and any: source prefixes", () => {
    for (const key of [
      "io.kubernetes.pod.namespace",
      "k8s:io.kubernetes.pod.namespace",
      "any:io.kubernetes.pod.namespace",
    ]) {
      expect(selectorMatches(parse({ matchLabels: { [key]: "shop" } }), web)).toBe(true);
      expect(selectorMatches(parse({ matchLabels: { [key]: "other" } }), web)).toBe(false);
    }
    expect(selectorMatches(parse({ matchLabels: { "k8s:app": "web" } }), web)).toBe(true);
  });

  it("match namespace labels through io.cilium.k8s.namespace.labels.*", () => {
    const byProfile = parse({
      matchLabels: { "io.cilium.k8s.namespace.labels.network-policy.homelab/profile": "standard" },
    });
    expect(selectorMatches(byProfile, web)).toBe(true);
    const other = podIdentityLabels(
      { app: "web" },
      namespaceInfo("batch", { "network-policy.homelab/profile": "isolated" }),
    );
    expect(selectorMatches(byProfile, other)).toBe(false);
  });

  it("keep reserved: keys apart from pod labels", () => {
    expect(normalizeLabelKey("reserved:host")).toBe("reserved:host");
    const host = parse({ matchLabels: { "reserved:host": "" } });
    expect(selectorMatches(host, entityIdentityLabels("host"))).toBe(true);
    expect(selectorMatches(host, podIdentityLabels({ host: "" }, shop))).toBe(false);
    expect(selectorMatches(parse({ matchLabels: { "reserved:all": "" } }), web)).toBe(true);
  });

  it("read reserved.<name> and $<name> as the reserved label, as Cilium's parseSource does", () => {
    expect(normalizeLabelKey("reserved.none")).toBe("reserved:none");
    expect(normalizeLabelKey("reserved.host")).toBe("reserved:host");
    expect(normalizeLabelKey("$health")).toBe("reserved:health");
    // With a source separator the source is what precedes it, whatever the key says.
    expect(normalizeLabelKey("k8s:reserved.none")).toBe("reserved.none");
    expect(normalizeLabelKey("reservedapp")).toBe("reservedapp");
    const host = parse({ matchLabels: { "reserved.host": "" } });
    expect(selectorMatches(host, entityIdentityLabels("host"))).toBe(true);
    expect(selectorMatches(host, web)).toBe(false);
  });

  it("match every pod and every entity with reserved.none DoesNotExist", () => {
    const everything = parse({ matchExpressions: [{ key: "reserved.none", operator: "DoesNotExist" }] });
    expect(everything.requirements[0]?.key).toBe("reserved:none");
    expect(selectorMatches(everything, web)).toBe(true);
    expect(selectorMatches(everything, entityIdentityLabels("health"))).toBe(true);
    expect(selectorMatches(everything, entityIdentityLabels("none"))).toBe(false);
  });

  it("match the service account and the cluster name Cilium gives every pod", () => {
    const bySa = parse({ matchLabels: { "k8s:io.cilium.k8s.policy.serviceaccount": "web-sa" } });
    expect(selectorMatches(bySa, web)).toBe(true);
    expect(selectorMatches(bySa, podIdentityLabels({ app: "web" }, shop))).toBe(false);
    // Sieve does not know the cluster's name: a pod is in the cluster a selector names…
    const named = parse({ matchLabels: { "any:io.cilium.k8s.policy.cluster": "homelab" } });
    expect(selectorMatches(named, web)).toBe(true);
    const none = parse({
      matchExpressions: [{ key: "io.cilium.k8s.policy.cluster", operator: "DoesNotExist" }],
    });
    expect(selectorMatches(none, web)).toBe(false);
    expect(selectorMatches(named, entityIdentityLabels("world"))).toBe(false);
    // …unless the identity says (a flow's labels carry it).
    expect(selectorMatches(named, { ...web, "io.cilium.k8s.policy.cluster": "other" })).toBe(false);
  });

  it("classify keys by what part of an identity they read", () => {
    expect(keyScope("io.kubernetes.pod.namespace")).toBe("namespace-name");
    expect(keyScope("io.cilium.k8s.namespace.labels.team")).toBe("namespace-label");
    expect(keyScope("app")).toBe("pod");
    expect(keyScope("reserved:world")).toBe("other-source");
    expect(keyScope("io.cilium.k8s.policy.cluster")).toBe("cluster");
    expect(keyScope("io.cilium.k8s.policy.serviceaccount")).toBe("pod");
  });
});

describe("parseLabelSelector", () => {
  it("rejects malformed selectors instead of widening them", () => {
    expect(parseLabelSelector("app=web", "x").selector).toBeNull();
    expect(parseLabelSelector({ matchLabels: ["app"] }, "x").selector).toBeNull();
    expect(
      parseLabelSelector({ matchExpressions: [{ key: "a", operator: "Equals", values: ["b"] }] }, "x")
        .selector,
    ).toBeNull();
    expect(parseLabelSelector({ matchExpressions: [{ operator: "Exists" }] }, "x").selector).toBeNull();
  });

  it("reports unquoted values and In without values", () => {
    const parsed = parseLabelSelector(
      { matchLabels: { enabled: true }, matchExpressions: [{ key: "a", operator: "In", values: [] }] },
      "sel",
    );
    expect(parsed.selector?.requirements[0]).toEqual({ key: "enabled", operator: "In", values: ["true"] });
    expect(parsed.problems).toHaveLength(2);
    // In with no values matches nothing.
    expect(selectorMatches(parsed.selector!, { enabled: "true", a: "x" })).toBe(false);
  });

  it("prefixes namespaceSelector keys", () => {
    const parsed = parseLabelSelector(
      { matchLabels: { team: "a" } },
      "ns",
      "io.cilium.k8s.namespace.labels.",
    );
    expect(parsed.selector?.requirements[0]?.key).toBe("io.cilium.k8s.namespace.labels.team");
  });
});
