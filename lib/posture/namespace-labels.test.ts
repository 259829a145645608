import { describe, expect, it } from "vitest";
import { summarizeNamespaceLabels } from "./namespace-labels";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";

describe("summarizeNamespaceLabels", () => {
  it("reads the profile, access labels and enforcement of an app namespace", () => {
    const summary = summarizeNamespaceLabels(
      "shop",
      {
        "network-policy.homelab/profile": "standard",
        "access.network-policy.homelab/postgres": "true",
        "access.network-policy.homelab/dragonfly": "yes",
        "network-policy.homelab/enforcement": "disabled",
      },
      {},
      DEFAULT_CONVENTIONS,
    );
    expect(summary.kind).toBe("application");
    expect(summary.profile).toBe("standard");
    expect(summary.profileSource).toBe("label");
    expect(summary.profileDefinition?.egress).toBe("DNS + HTTPS");
    expect(summary.accessLabels.map((a) => a.name)).toEqual(["postgres"]);
    expect(summary.malformedAccessLabels).toEqual([
      { key: "access.network-policy.homelab/dragonfly", value: "yes" },
    ]);
    expect(summary.enforcementDisabled).toBe(true);
  });

  it("accepts the annotation form of the profile", () => {
    const summary = summarizeNamespaceLabels(
      "tools",
      {},
      { "network-policy.homelab/profile": "internal" },
      DEFAULT_CONVENTIONS,
    );
    expect(summary.profile).toBe("internal");
    expect(summary.profileSource).toBe("annotation");
  });

  it("takes no profile from an annotation that names none, nor on a platform namespace", () => {
    // A ResourceSet writes `profile: platform` as an annotation beside no label on its platform namespaces.
    const annotations = { "network-policy.homelab/profile": "platform" };
    const app = summarizeNamespaceLabels("dbs", {}, annotations, DEFAULT_CONVENTIONS);
    expect(app.profile).toBeNull();
    expect(app.profileSource).toBeNull();
    const platform = summarizeNamespaceLabels(
      "monitoring",
      {},
      { "network-policy.homelab/profile": "internal" },
      DEFAULT_CONVENTIONS,
    );
    expect(platform.kind).toBe("platform");
    expect(platform.profile).toBeNull();
  });

  it("keeps an unknown profile name without a definition", () => {
    const summary = summarizeNamespaceLabels(
      "x",
      { "network-policy.homelab/profile": "public" },
      {},
      DEFAULT_CONVENTIONS,
    );
    expect(summary.profile).toBe("public");
    expect(summary.profileDefinition).toBeNull();
  });

  it("marks platform namespaces and a missing profile", () => {
    const summary = summarizeNamespaceLabels("monitoring", {}, {}, DEFAULT_CONVENTIONS);
    expect(summary.kind).toBe("platform");
    expect(summary.profile).toBeNull();
    expect(summary.enforcementDisabled).toBe(false);
  });
});
