import { describe, expect, it } from "vitest";
import { FieldReads } from "./field-reads";
import { render } from "./testing/test-render";

function readsOf(text: string, data: Record<string, unknown>): string[] {
  const reads = new FieldReads(data);
  render(text, data, { reads });
  return reads.fields();
}

describe("FieldReads", () => {
  const data = {
    name: "app",
    network: { profile: "standard", other: "x" },
    postgres: true,
    labels: { team: "a" },
    hosts: [{ name: "h1" }],
  };

  it("records the scalar fields a template reads, through variables and with", () => {
    expect(readsOf(`<< .name >><< $n := .network >><< $n.profile >>`, data)).toEqual([
      "name",
      "network.profile",
    ]);
    expect(readsOf(`<< with .network >><< .profile >><< end >>`, data)).toEqual(["network.profile"]);
    expect(readsOf(`<< if .postgres >>x<< end >>`, data)).toEqual(["postgres"]);
  });

  it("does not record fields the template never reads", () => {
    expect(readsOf(`<< .network.profile >>`, data)).not.toContain("labels");
  });

  it("records a map used whole, and keys read through index/get/hasKey", () => {
    expect(readsOf(`<< toJson .labels >>`, data)).toEqual(["labels"]);
    expect(
      readsOf(`<< index .labels "team" >><< get .network "zone" >><< hasKey . "owner" >>`, data),
    ).toEqual(["labels.team", "network.zone", "owner"]);
    expect(readsOf(`<< range .hosts >><< .name >><< end >>`, data)).toEqual(["hosts", "hosts[0].name"]);
    expect(readsOf(`<< range $k, $v := .labels >><< $v >><< end >>`, data)).toEqual(["labels"]);
    expect(readsOf(`<< toJson . >>`, data)).toEqual(["*"]);
  });

  it("records a missing key that failed the render", () => {
    const reads = new FieldReads(data);
    expect(() => render(`<< .network.zone >>`, data, { reads })).toThrow();
    expect(reads.fields()).toEqual(["network.zone"]);
  });
});
