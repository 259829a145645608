import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderEveryDocument } from "@/lib/render/testing/every-document";
import { platformNamespacesDeclaredByTemplates } from "./declared-platform";

const FIXTURE = path.join(
  import.meta.dirname,
  "../../test/fixtures/repos/resourceset-namespaces/platform/namespaces/namespaces.yaml",
);

describe("platformNamespacesDeclaredByTemplates", () => {
  it("names the inputs a ResourceSet renders without the profile label its other inputs get", async () => {
    const render = await renderEveryDocument(new Map([["namespaces.yaml", readFileSync(FIXTURE, "utf8")]]));
    expect(platformNamespacesDeclaredByTemplates(render, "network-policy.homelab/profile")).toEqual([
      {
        name: "database",
        source:
          "ResourceSet flux-system/namespaces (namespaces.yaml), input database: no network-policy.homelab/profile, unlike 2 other inputs",
      },
      {
        name: "monitoring",
        source:
          "ResourceSet flux-system/namespaces (namespaces.yaml), input monitoring: no network-policy.homelab/profile, unlike 2 other inputs",
      },
    ]);
  });

  it("declares nothing when no input gets the label (the label is not this repository's profile)", async () => {
    const render = await renderEveryDocument(new Map([["namespaces.yaml", readFileSync(FIXTURE, "utf8")]]));
    expect(platformNamespacesDeclaredByTemplates(render, "netpol.example.org/tier")).toEqual([]);
    expect(platformNamespacesDeclaredByTemplates(render, "")).toEqual([]);
  });
});
