import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { FixResponse } from "@/lib/api/responses";
import { PAGE_REQUEST_HEADER } from "@/lib/api/request-host";
import { FixPanel } from "./FixPanel";
import { apiError, fakeApi, json, pending, type FakeAnswer } from "./testing/fake-api";
import { fixAnswer, gitopsView } from "./testing/fix-fixtures";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { renderWithQueries } from "./testing/render-with-queries";

const SCOPE = { kind: "edge", id: "ns:batch->ns:database" } as const;
const WINDOW = 15 * 60_000;

function opened(answer: FakeAnswer, pullRequest: FakeAnswer = pending) {
  const api = fakeApi({ "/api/fix": answer, "/api/fix/pull-request": pullRequest });
  const rendered = renderWithQueries(<FixPanel scope={SCOPE} windowMs={WINDOW} />);
  fireEvent.click(screen.getByRole("button", { name: "Why? and Fix" }));
  return { api, ...rendered };
}

describe("FixPanel", () => {
  it("asks for nothing until opened: the proof is heavy", () => {
    const api = fakeApi({ "/api/fix": pending });
    renderWithQueries(<FixPanel scope={SCOPE} windowMs={WINDOW} label="Fix and re-enable" />);
    expect(screen.getByRole("button", { name: "Fix and re-enable" })).toBeTruthy();
    expect(api.asked).toEqual([]);
  });

  it("says it is evaluating while the fix is computed", () => {
    const { api } = opened(pending);
    expect(screen.getByText("Evaluating the policies…")).toBeTruthy();
    expect(api.asked).toEqual([`GET /api/fix?edge=${encodeURIComponent(SCOPE.id)}&window=15m`]);
  });

  it("says why the fix could not be computed", async () => {
    opened(apiError("not_found", "no edge ns:batch->ns:database in the window"));
    expect((await screen.findByText(/^Could not compute the fix/)).textContent).toBe(
      "Could not compute the fix: no edge ns:batch->ns:database in the window",
    );
  });

  it("explains the drop, lists the change, its proof, and how to set up pull requests", async () => {
    const answer = fixAnswer();
    opened(json(answer));
    const panel = await screen.findByTestId("fix-panel");
    expect(within(panel).getByTestId("fix-lead").textContent).toContain(
      "batch/worker-1 → database/postgres-0",
    );
    expect(within(panel).getByTestId("why-sentence").textContent).toBe(answer.plan.why!.sentence);
    const proposal = answer.plan.proposal;
    if (proposal.kind !== "change") throw new Error("the fixture's drop has a change for a fix");
    expect(
      within(panel)
        .getAllByRole("listitem")
        .slice(0, proposal.steps.length)
        .map((li) => li.textContent),
    ).toEqual(proposal.steps);
    expect(within(panel).getByTestId("proof-sentence").textContent).toBe(answer.plan.proof!.sentence);
    expect(within(panel).getByTestId("proof-fixes").textContent).toBe("1");
    expect(within(panel).getByTestId("proof-drops").textContent).toBe("1");
    expect(panel.textContent).toContain("Set SIEVE_GITOPS_REPO to propose fixes as pull requests.");
    expect(screen.queryByRole("button", { name: "Open pull request" })).toBeNull();
  });

  it("says so when the drop is no policy problem, and proposes no change", async () => {
    const base = fixAnswer();
    const answer: FixResponse = {
      ...base,
      plan: {
        ...base.plan,
        proposal: { kind: "not-a-policy-problem", explanation: "conntrack table full" },
        proof: null,
      },
    };
    opened(json(answer));
    expect((await screen.findByTestId("fix-explanation")).textContent).toBe("conntrack table full");
    expect(screen.queryByTestId("fix-steps")).toBeNull();
  });

  it("shows the diff and the render proof, and opens the pull request with the page's header", async () => {
    const pushed = {
      url: "https://git.example/pr/new",
      branch: "sieve/fix-batch-postgres",
      commit: "0123456789abcdef",
      title: "t",
      bodyTruncated: false,
      note: null,
    };
    const { api } = opened(json(fixAnswer({ gitops: gitopsView() })), json(pushed));
    const panel = await screen.findByTestId("fix-panel");
    expect(within(panel).getByTestId("render-proof").textContent).toContain("nothing else changes");
    expect(within(panel).getByTestId("fix-diff").textContent).toContain(
      '+    access.network-policy.homelab/postgres: "true"',
    );
    fireEvent.click(screen.getByRole("button", { name: "Open pull request" }));
    const done = await screen.findByRole("status");
    expect(done.textContent).toContain("Branch pushed (01234567).");
    expect(within(done).getByRole("link").getAttribute("href")).toBe("https://git.example/pr/new");
    expect(api.asked.at(-1)).toBe(
      `POST /api/fix/pull-request?edge=${encodeURIComponent(SCOPE.id)}&window=15m`,
    );
    expect(api.headers.at(-1)?.get(PAGE_REQUEST_HEADER)).toBe("1");
  });

  it("says why the pull request could not be opened", async () => {
    opened(json(fixAnswer({ gitops: gitopsView() })), apiError("forbidden", "the token may not push"));
    fireEvent.click(await screen.findByRole("button", { name: "Open pull request" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Could not open the pull request: the token may not push",
    );
  });

  it("renders hostile names in the evaluator's sentence as text", async () => {
    const base = fixAnswer();
    const why = { ...base.plan.why!, sentence: `dropped on egress of ${HOSTILE_TEXT}/worker-1` };
    const { container } = opened(json({ ...base, plan: { ...base.plan, why } }));
    expect((await screen.findByTestId("why-sentence")).textContent).toBe(
      `dropped on egress of ${HOSTILE_TEXT}/worker-1`,
    );
    expectNoInjectedMarkup(container);
  });
});
