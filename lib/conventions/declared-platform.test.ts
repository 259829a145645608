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
          'ResourceSet flux-system/namespaces (namespaces.yaml): input database sets network.profile to ""',
      },
      {
        name: "monitoring",
        source:
          'ResourceSet flux-system/namespaces (namespaces.yaml): input monitoring sets network.profile to ""',
      },
    ]);
  });

  it("does not take an input that merely lacks the profile for a declaration (an app without a profile)", async () => {
    const text = `apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSet
metadata: { name: namespaces, namespace: flux-system }
spec:
  inputs:
    - name: mealie
      labels: { network-policy.homelab/profile: standard }
    - name: scratch
      labels: {}
  resourcesTemplate: |
    apiVersion: v1
    kind: Namespace
    metadata:
      name: << inputs.name >>
      labels:
        <<- range $key, $value := inputs.labels >>
        << $key >>: << $value | quote >>
        <<- end >>
`;
    const render = await renderEveryDocument(new Map([["namespaces.yaml", text]]));
    expect(render.problems).toEqual([]);
    expect(platformNamespacesDeclaredByTemplates(render, "network-policy.homelab/profile")).toEqual([]);
  });

  it("declares nothing when no input gets the label (the label is not this repository's profile)", async () => {
    const render = await renderEveryDocument(new Map([["namespaces.yaml", readFileSync(FIXTURE, "utf8")]]));
    expect(platformNamespacesDeclaredByTemplates(render, "netpol.example.org/tier")).toEqual([]);
    expect(platformNamespacesDeclaredByTemplates(render, "")).toEqual([]);
  });
});

describe("platformNamespacesDeclaredByTemplates with a field that only happens to equal the profile", () => {
  it("declares nothing for an input whose value in that field does not turn the profile off", async () => {
    const text = `apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSet
metadata: { name: namespaces, namespace: flux-system }
spec:
  inputs:
    - { name: app1, tier: internal, profile: internal }
    - { name: mealie, tier: backend }
  resourcesTemplate: |
    apiVersion: v1
    kind: Namespace
    metadata:
      name: << inputs.name >>
      labels:
        tier: << inputs.tier >>
        <<- if hasKey inputs "profile" >>
        network-policy.homelab/profile: << inputs.profile >>
        <<- end >>
`;
    const render = await renderEveryDocument(new Map([["namespaces.yaml", text]]));
    expect(render.problems).toEqual([]);
    expect(platformNamespacesDeclaredByTemplates(render, "network-policy.homelab/profile")).toEqual([]);
  });
});
