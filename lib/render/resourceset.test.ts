import { readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import type { KubeManifest, RenderedObject } from "./rendered";
import { fieldsReadFor, renderResourceSet, type ResourceSetRender } from "./resourceset";

function fixture(name: string): KubeManifest[] {
  const text = readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");
  return parseAllDocuments(text).map((document) => document.toJS() as KubeManifest);
}

function renderFixture(name: string, providers: KubeManifest[] = []): ResourceSetRender {
  const documents = fixture(name);
  const document = documents.findIndex((d) => d.kind === "ResourceSet");
  const found = documents[document];
  if (!found) throw new Error(`no ResourceSet in ${name}`);
  const fromFile = documents.filter((d) => d.kind === "ResourceSetInputProvider");
  return renderResourceSet(found, {
    file: `clusters/home/${name}`,
    document,
    providers: [...fromFile, ...providers],
  });
}

function find(render: ResourceSetRender, kind: string, name: string): RenderedObject {
  const match = render.objects.find(
    (o) => o.object.kind === kind && (o.object.metadata as { name?: string }).name === name,
  );
  if (!match) throw new Error(`${kind}/${name} was not rendered`);
  return match;
}

const labelsOf = (o: RenderedObject) =>
  (o.object.metadata as { labels?: Record<string, string> }).labels ?? {};
const annotationsOf = (o: RenderedObject) =>
  (o.object.metadata as { annotations?: Record<string, string> }).annotations ?? {};

describe("renderResourceSet on a resourcesTemplate of namespaces", () => {
  const render = renderFixture("platform-namespaces-resourceset.yaml");

  it("renders one Namespace per input, and the quota only where the input has one", () => {
    expect(render.problems).toEqual([]);
    expect(
      render.objects.map(
        (o) => `${String(o.object.kind)}/${String((o.object.metadata as { name: string }).name)}`,
      ),
    ).toEqual(["Namespace/paperless", "Namespace/immich", "ResourceQuota/default", "Namespace/monitoring"]);
  });

  it("writes the nested network.profile into both the label and its annotation twin", () => {
    const immich = find(render, "Namespace", "immich");
    expect(labelsOf(immich)["network-policy.homelab/profile"]).toBe("standard");
    expect(annotationsOf(immich)["network-policy.homelab/profile"]).toBe("standard");
    expect(annotationsOf(immich)["network-policy.homelab/profile-source"]).toBe("ResourceSet input immich");
  });

  it("writes the postgres access label only when the boolean input is true, and one label per shared entry", () => {
    const paperless = labelsOf(find(render, "Namespace", "paperless"));
    expect(paperless["access.network-policy.homelab/postgres"]).toBe("true");
    expect(paperless["access.network-policy.homelab/dragonfly"]).toBe("true");
    expect(paperless["access.network-policy.homelab/garage-s3"]).toBe("true");
    const immich = labelsOf(find(render, "Namespace", "immich"));
    expect(Object.keys(immich).filter((k) => k.startsWith("access."))).toEqual([]);
  });

  it("leaves the profile out for the platform namespace and applies default/quote", () => {
    const monitoring = labelsOf(find(render, "Namespace", "monitoring"));
    expect(monitoring["network-policy.homelab/profile"]).toBeUndefined();
    expect(monitoring["pod-security.kubernetes.io/enforce"]).toBe("privileged");
    expect(monitoring["access.network-policy.homelab/kube-api"]).toBe("true");
    expect(labelsOf(find(render, "Namespace", "paperless"))["pod-security.kubernetes.io/enforce"]).toBe(
      "baseline",
    );
  });

  it("never writes the input's labels map", () => {
    expect(labelsOf(find(render, "Namespace", "paperless")).team).toBeUndefined();
  });

  it("nests toYaml output with nindent", () => {
    const quota = find(render, "ResourceQuota", "default");
    expect(quota.object.spec).toEqual({ hard: { pods: "40", "requests.memory": "8Gi" } });
    expect((quota.object.metadata as { namespace: string }).namespace).toBe("immich");
  });

  it("adds commonMetadata and the owner labels, as the operator does", () => {
    const labels = labelsOf(find(render, "Namespace", "immich"));
    expect(labels["app.kubernetes.io/managed-by"]).toBe("flux-operator");
    expect(labels["resourceset.fluxcd.controlplane.io/name"]).toBe("namespaces");
    expect(labels["resourceset.fluxcd.controlplane.io/namespace"]).toBe("flux-system");
  });

  it("knows each object's origin: file, document, ResourceSet, input and template", () => {
    expect(find(render, "Namespace", "immich").origin).toEqual({
      file: "clusters/home/platform-namespaces-resourceset.yaml",
      document: 0,
      kustomization: null,
      template: {
        resourceSet: "flux-system/namespaces",
        file: "clusters/home/platform-namespaces-resourceset.yaml",
        inputIndex: 1,
        inputSource: "inputs",
        inputName: "immich",
        resourceIndex: -1,
      },
    });
  });

  it("tells which input fields the template read: not the labels map", () => {
    const paperless = find(render, "Namespace", "paperless");
    const template = paperless.origin.template;
    if (!template) throw new Error("no template origin");
    expect(fieldsReadFor(render, template)).toEqual([
      "name",
      "network.profile",
      "podSecurity",
      "postgres",
      "quota",
      "shared",
    ]);
    expect(render.inputFieldsRead.get(1)).toEqual(
      new Set(["name", "network.profile", "podSecurity", "postgres", "quota", "shared"]),
    );
    expect([...(render.inputFieldsRead.get(0) ?? [])]).not.toContain("labels");
  });
});

describe("renderResourceSet on object templates with providers", () => {
  const render = renderFixture("apps-resourceset.yaml");

  it("renders the in-line input first, then the Static provider's defaultValues", () => {
    const namespaces = render.objects.filter((o) => o.object.kind === "Namespace");
    expect(namespaces.map((o) => (o.object.metadata as { name: string }).name)).toEqual(["shop", "billing"]);
    expect(labelsOf(namespaces[1] as RenderedObject)["tenant.example.org/source"]).toBe(
      "resourcesetinputprovider",
    );
    expect(namespaces[1]?.origin.template).toMatchObject({
      inputIndex: 1,
      inputSource: "apps/tenants",
      inputName: null,
    });
  });

  it("reports the network provider instead of rendering it as empty", () => {
    expect(render.problems).toEqual([
      {
        kind: "not-rendered",
        file: "clusters/home/apps-resourceset.yaml",
        message:
          "ResourceSet apps/tenants: ResourceSetInputProvider apps/previews (type GitHubPullRequest) gets its inputs from outside the repository; they are not rendered",
      },
    ]);
  });

  it("loses the quotes around a template in the object form, as the JSON to YAML round trip does", () => {
    const deployment = find(render, "Deployment", "shop-api");
    expect((deployment.object.spec as { replicas: unknown }).replicas).toBe(3);
  });

  it("keeps a shared object once (first input wins)", () => {
    expect(render.objects.filter((o) => o.object.kind === "ConfigMap")).toHaveLength(1);
  });

  it("reports a provider named in inputsFrom that the repository does not hold", () => {
    const [resourceSet] = fixture("apps-resourceset.yaml").filter((d) => d.kind === "ResourceSet");
    const spec = {
      ...(resourceSet?.spec as object),
      inputsFrom: [{ kind: "ResourceSetInputProvider", name: "gone" }],
    };
    const result = renderResourceSet(
      { ...resourceSet, spec },
      { file: "a.yaml", document: 2, providers: [] },
    );
    expect(result.problems.map((p) => p.message)).toEqual([
      "ResourceSet apps/tenants: inputsFrom[0] ResourceSetInputProvider apps/gone is not in the repository; its inputs are unknown",
    ]);
    expect(result.objects.filter((o) => o.object.kind === "Namespace")).toHaveLength(1);
  });
});

describe("renderResourceSet failures", () => {
  it("reports a missing key naming the ResourceSet, the input and the key; other inputs render", () => {
    const render = renderFixture("partly-broken-resourceset.yaml");
    expect(render.objects.map((o) => (o.object.metadata as { name: string }).name)).toEqual([
      "lab-a",
      "lab-c",
    ]);
    expect(render.problems).toHaveLength(1);
    expect(render.problems[0]?.kind).toBe("template");
    expect(render.problems[0]?.message).toBe(
      'ResourceSet flux-system/labs, input "lab-b" (spec.inputs[1]), resources[0]: 5:40 at <inputs.network.profile>: map has no entry for key "profile"; the input has no field "profile"; flux-operator would stop reconciling the whole ResourceSet',
    );
    // The failure stops that execution: `metadata.labels` comes before `metadata.name` in the sorted YAML.
    expect(render.inputFieldsRead.get(1)).toEqual(new Set(["network.profile"]));
    expect(render.inputFieldsRead.get(2)).toEqual(new Set(["name", "network.profile"]));
  });

  it("reports a template that does not parse once, and renders nothing from it", () => {
    const resourceSet: KubeManifest = {
      apiVersion: "fluxcd.controlplane.io/v1",
      kind: "ResourceSet",
      metadata: { name: "x", namespace: "ns" },
      spec: { inputs: [{ a: 1 }, { a: 2 }], resourcesTemplate: '<< required "a" inputs.a >>' },
    };
    const render = renderResourceSet(resourceSet, { file: "x.yaml", document: 0, providers: [] });
    expect(render.objects).toEqual([]);
    expect(render.problems.map((p) => p.message)).toEqual([
      'ResourceSet ns/x resourcesTemplate: 1:4: function "required" not defined; no input renders',
    ]);
  });

  it("renders once without inputs, and skips objects the operator is told not to reconcile", () => {
    const resourceSet: KubeManifest = {
      apiVersion: "fluxcd.controlplane.io/v1",
      kind: "ResourceSet",
      metadata: { name: "plain", namespace: "ns" },
      spec: {
        resources: [
          { apiVersion: "v1", kind: "Namespace", metadata: { name: "one" } },
          {
            apiVersion: "v1",
            kind: "Namespace",
            metadata: { name: "off", annotations: { "fluxcd.controlplane.io/reconcile": "disabled" } },
          },
        ],
      },
    };
    const render = renderResourceSet(resourceSet, { file: "p.yaml", document: 3, providers: [] });
    expect(
      render.objects.map((o) => [
        (o.object.metadata as { name: string }).name,
        o.origin.template?.inputIndex,
      ]),
    ).toEqual([["one", -1]]);
  });

  it("renders nested inputs with toYaml | nindent in the object form, as upstream's nestedinputs test", () => {
    const resourceSet: KubeManifest = {
      apiVersion: "fluxcd.controlplane.io/v1",
      kind: "ResourceSet",
      metadata: { name: "app1", namespace: "apps" },
      spec: {
        inputs: [{ foo: { bar: { k1: "v1", k2: "v2" } } }],
        resources: [
          {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: "configmap1" },
            data: "<< inputs.foo.bar | toYaml | nindent 2 >>",
          },
        ],
      },
    };
    const render = renderResourceSet(resourceSet, { file: "n.yaml", document: 0, providers: [] });
    expect(render.problems).toEqual([]);
    expect(render.objects[0]?.object.data).toEqual({ k1: "v1", k2: "v2" });
    // No namespace defaulting: the operator applies the object as rendered.
    expect((render.objects[0]?.object.metadata as { namespace?: string }).namespace).toBeUndefined();
    expect(render.inputFieldsRead.get(0)).toEqual(new Set(["foo.bar"]));
  });

  it("reports the Permute strategy as not rendered", () => {
    const resourceSet: KubeManifest = {
      apiVersion: "fluxcd.controlplane.io/v1",
      kind: "ResourceSet",
      metadata: { name: "perm", namespace: "ns" },
      spec: { inputStrategy: { name: "Permute" }, inputs: [{ a: 1 }], resources: [] },
    };
    const render = renderResourceSet(resourceSet, { file: "p.yaml", document: 0, providers: [] });
    expect(render.problems).toEqual([
      {
        kind: "not-rendered",
        file: "p.yaml",
        message: "ResourceSet ns/perm: input strategy Permute is not rendered by Sieve (only Flatten)",
      },
    ]);
  });

  it("explains a Static provider's inputs.id", () => {
    const provider: KubeManifest = {
      apiVersion: "fluxcd.controlplane.io/v1",
      kind: "ResourceSetInputProvider",
      metadata: { name: "one", namespace: "ns" },
      spec: { type: "Static", defaultValues: { env: "prod" } },
    };
    const resourceSet: KubeManifest = {
      apiVersion: "fluxcd.controlplane.io/v1",
      kind: "ResourceSet",
      metadata: { name: "ids", namespace: "ns" },
      spec: {
        inputsFrom: [{ name: "one" }],
        resources: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm-<< inputs.id >>" } }],
      },
    };
    const render = renderResourceSet(resourceSet, { file: "i.yaml", document: 0, providers: [provider] });
    expect(render.problems[0]?.message).toContain("derived from its cluster UID");
  });
});
