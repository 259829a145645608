import { describe, expect, it } from "vitest";
import type { GitOpsChange } from "./change";
import { mdCode, mdText, shellWord } from "./markdown";
import { pullRequestBody, pullRequestTitle } from "./pr-text";

const fix: GitOpsChange = {
  type: "set-namespace-labels",
  namespace: "paperless",
  set: { "access.network-policy.homelab/postgres": "true", "network-policy.homelab/profile": "standard" },
  remove: [],
};

describe("pullRequestTitle", () => {
  it("says what changes, per namespace", () => {
    expect(pullRequestTitle([fix])).toBe("network-policy(paperless): allow postgres, use profile standard");
    expect(
      pullRequestTitle([
        { ...fix, set: {}, remove: ["network-policy.homelab/enforcement"] },
        {
          type: "add-platform-cnp",
          namespace: "garage",
          description: "S3",
          metricsPort: 3903,
          ambient: true,
        },
      ]),
    ).toBe(
      "network-policy(paperless): re-enable enforcement; network-policy(garage): add platform CiliumNetworkPolicy",
    );
  });

  it("stays on one line whatever the input", () => {
    expect(pullRequestTitle([{ ...fix, namespace: "a\nb\r\nc" }])).not.toMatch(/[\r\n]/);
  });

  it("shows a bidi override by its code point instead of reversing the text after it", () => {
    const title = pullRequestTitle([{ ...fix, set: { "team.example/owner": "ops\u202Etxt.exe" } }]);
    expect(title).toBe("network-policy(paperless): set team.example/owner=ops⟨U+202E⟩txt.exe");
  });
});

describe("pullRequestBody", () => {
  it("shows bidi and control characters of cluster values by their code points", () => {
    const body = pullRequestBody({
      changes: [
        {
          type: "add-cnp-rules",
          namespace: "paperless",
          egress: [{ comment: "from the annotation \u202Eevil\u202C \x1b[2J", entities: ["world"] }],
        },
      ],
      samples: [
        { direction: "egress", source: "paperless/web\u2067x", destination: "world", port: 443, count: 2 },
      ],
    });
    // Markdown escapes the "+": GitHub shows "⟨U+202E⟩evil⟨U+202C⟩ ⟨U+001B⟩[2J".
    expect(body).toContain("⟨U\\+202E⟩evil⟨U\\+202C⟩ ⟨U\\+001B⟩\\[2J");
    expect(body).toContain("`paperless/web⟨U+2067⟩x`");
    expect(body).not.toMatch(/[\u202a-\u202e\u2066-\u2069\x1b]/);
  });

  it("names the changes, the drops it fixes with the proof, and what else it opens", () => {
    const body = pullRequestBody({
      changes: [fix],
      proof: { fixes: 12, observed: 15, alsoOpens: ["egress from paperless to database:5432 (all pods)"] },
      samples: [
        {
          direction: "egress",
          source: "paperless/web-5d9f",
          destination: "database/postgres-0",
          port: 5432,
          protocol: "TCP",
          count: 12,
        },
      ],
      files: [{ path: "kubernetes/platform/namespaces.yaml", kind: "edit" }],
    });
    expect(body).toContain(
      '- Namespace `paperless`: set label `access.network-policy.homelab/postgres` to `"true"`',
    );
    expect(body).toContain("Fixes **12 of 15** observed drops (80%).");
    expect(body).toContain("| egress | `paperless/web-5d9f` | `database/postgres-0` | 5432\\/TCP | 12 |");
    expect(body).toContain("- egress from paperless to database\\:5432 \\(all pods\\)");
    expect(body).toContain("- `kubernetes/platform/namespaces.yaml` (edited)");
    expect(body).not.toContain("Enforcement is disabled");
  });

  it("carries the render proof in code spans, a hostile value kept inert", () => {
    const body = pullRequestBody({
      changes: [fix],
      render: {
        renderer: "kubectl kustomize (kustomize v5.5.0)",
        lines: ["namespace paperless gains label access.network-policy.homelab/postgres=true", "a `b` <c>"],
      },
    });
    expect(body).toContain("### Rendered before and after");
    expect(body).toContain("(`kubectl kustomize (kustomize v5.5.0)`)");
    expect(body).toContain("- `namespace paperless gains label access.network-policy.homelab/postgres=true`");
    expect(body).not.toMatch(/^- a `b` <c>$/m);
  });

  it("lists the escape hatch's remaining steps while enforcement is disabled", () => {
    const body = pullRequestBody({ changes: [fix], enforcementDisabled: ["paperless"] });
    expect(body).toContain("### Enforcement is disabled on `paperless`");
    expect(body).toContain("`docs/runbooks/network-policy-escape-hatch.md`");
    expect(body).toContain("1. Verify traffic flows: `hubble observe --namespace paperless --since 1m`");
    expect(body).toContain("2. Fix the policy via GitOps");
    expect(body).toContain(
      "3. Re-enable enforcement: `kubectl label namespace paperless network-policy.homelab/enforcement-`",
    );
    const removing = pullRequestBody({
      changes: [{ ...fix, remove: ["network-policy.homelab/enforcement"] }],
      enforcementDisabled: ["paperless"],
    });
    expect(removing).toContain(
      "this change removes the label from git; if it was set with kubectl, also run",
    );
  });

  it("says to run kubectl after merging when the enforcement label was set by hand", () => {
    const changes = [{ ...fix, remove: ["network-policy.homelab/enforcement"] }];
    const byHand = pullRequestBody({
      changes,
      enforcementDisabled: ["paperless"],
      enforcementSetByHand: ["paperless"],
      reenable: true,
      proof: { fixes: 3, observed: 3 },
    });
    expect(byHand).toContain(
      "set by hand (kubectl), which git does not undo: after merging, run `kubectl label namespace paperless network-policy.homelab/enforcement-`",
    );
    expect(byHand).toContain("### Flows this keeps working once enforcement is re-enabled");
    expect(byHand).toContain("it lets through **3 of 3** observed flows");
    const byGit = pullRequestBody({ changes, enforcementDisabled: ["paperless"], enforcementSetByHand: [] });
    expect(byGit).toContain("the GitOps tool removes it from the cluster on reconciliation");
    expect(byGit).not.toContain("kubectl label namespace");
  });

  it("escapes hostile values: no links, HTML, mentions, table breaks or shell substitutions", () => {
    const evil = "x](https://evil.example)<img src=x onerror=alert(1)>|@admin\n# Heading `code` $(rm -rf /)";
    const body = pullRequestBody({
      changes: [{ ...fix, namespace: evil }],
      samples: [{ direction: "ingress", source: evil, destination: "a|b", count: 1 }],
      proof: { fixes: 1, observed: 1, alsoOpens: [evil] },
      enforcementDisabled: [evil],
    });
    // Inside code spans nothing is interpreted; outside them every character must be escaped.
    const prose = body.replace(/(?<!`)(`+)(?!`)([\s\S]*?)(?<!`)\1(?!`)/g, "");
    expect(prose).not.toMatch(/(?<!\\)\]\(/);
    expect(prose).not.toMatch(/(?<!\\)<img/);
    expect(prose).not.toMatch(/(?<!\\)@admin/);
    expect(prose).not.toContain("`");
    expect(body).not.toMatch(/^#+ Heading/m);
    const tableRows = body.split("\n").filter((line) => line.startsWith("| ingress"));
    expect(tableRows).toHaveLength(1);
    expect(tableRows[0]!.split(/(?<!\\)\|/).length).toBe(7);
    expect(body).toContain(
      "kubectl label namespace 'x](https://evil.example)<img src=x onerror=alert(1)>|@admin # Heading `code` $(rm -rf /)'",
    );
  });
});

describe("markdown helpers", () => {
  it("escape punctuation, fence backticks and quote shell words", () => {
    expect(mdText("a_b*c[d](e)")).toBe("a\\_b\\*c\\[d\\]\\(e\\)");
    expect(mdCode("a`b")).toBe("``a`b``");
    expect(mdCode("`x")).toBe("`` `x ``");
    expect(mdCode("a|b", true)).toBe("`a\\|b`");
    expect(shellWord("paperless")).toBe("paperless");
    expect(shellWord("it's $(x)")).toBe("'it'\\''s $(x)'");
    expect(shellWord("-rf")).toBe("'-rf'");
  });
});
