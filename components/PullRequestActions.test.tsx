import { fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FixGitOpsView, PullRequestResponse } from "@/lib/api/responses";
import { editorLinks } from "@/lib/gitops/pr-link";
import { parseRepositoryUrl } from "@/lib/gitops/repository-url";
import { PullRequestActions } from "./PullRequestActions";
import { apiError, fakeApi, json, pending, type FakeAnswer } from "./testing/fake-api";
import { gitopsView, PULL_REQUEST } from "./testing/fix-fixtures";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";
import { renderWithQueries } from "./testing/render-with-queries";

const SCOPE = { kind: "edge", id: "ns:batch->ns:database" } as const;
const WINDOW = 15 * 60_000;

const PUSHED: PullRequestResponse = {
  url: "https://git.example/homelab/cluster/compare/main...sieve/fix-batch-postgres?expand=1",
  branch: "sieve/fix-batch-postgres",
  commit: "0123456789abcdef",
  title: "Let batch reach postgres",
  bodyTruncated: false,
  note: "The description was shortened to fit the link.",
};

/** A new file whose content holds what a URL must encode; the editor links as the real code builds them. */
const NEW_FILE = {
  path: "clusters/homelab/namespaces/batch.yaml",
  before: null,
  after: 'metadata:\n  labels:\n    note: "a&b=c #1 ?x 100%"\n',
};

function withoutToken(): FixGitOpsView {
  const parsed = parseRepositoryUrl("https://github.com/homelab/cluster");
  if (!parsed.ok) throw new Error(parsed.error);
  const editor = editorLinks(parsed.repository, "main", [NEW_FILE], {
    title: "Let batch reach postgres",
    body: "Fixes 1 drop.",
  });
  if (!editor.ok) throw new Error(editor.error);
  return gitopsView({ canPush: false, pullRequest: { ...PULL_REQUEST, editor: editor.value } });
}

function show(gitops: FixGitOpsView, push: FakeAnswer = pending) {
  const api = fakeApi({ "/api/fix/pull-request": push });
  return {
    api,
    ...renderWithQueries(<PullRequestActions gitops={gitops} scope={SCOPE} windowMs={WINDOW} />),
  };
}

afterEach(() => vi.restoreAllMocks());

describe("PullRequestActions", () => {
  it("shows nothing without a pull request", () => {
    const { container } = show(gitopsView({ pullRequest: null }));
    expect(container.textContent).toBe("");
  });

  it("says where the branch goes, and is busy while the branch is pushed", () => {
    const { api } = show(gitopsView());
    expect(screen.getByTestId("pull-request-actions").textContent).toContain(
      "branch sieve/fix-batch-postgres from main of https://git.example/homelab/cluster",
    );
    fireEvent.click(screen.getByRole("button", { name: "Open pull request" }));
    return vi.waitFor(() => {
      const busy = screen.getByRole("button", { name: "Pushing the branch…" });
      expect(busy.hasAttribute("disabled")).toBe(true);
      expect(api.asked).toEqual([
        `POST /api/fix/pull-request?edge=${encodeURIComponent(SCOPE.id)}&window=15m`,
      ]);
    });
  });

  it("links the pushed branch's pull request, in a new tab, with the server's note", async () => {
    show(gitopsView(), json(PUSHED));
    fireEvent.click(screen.getByRole("button", { name: "Open pull request" }));
    const done = await screen.findByRole("status");
    expect(done.textContent).toBe(
      "Branch pushed (01234567). Open the prefilled pull requestThe description was shortened to fit the link.",
    );
    const link = within(done).getByRole("link", { name: "Open the prefilled pull request" });
    expect(link.getAttribute("href")).toBe(PUSHED.url);
    expect(link.getAttribute("target")).toBe("_blank");
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
    expect(screen.getByRole("button", { name: "Open pull request" }).hasAttribute("disabled")).toBe(false);
  });

  it("says why the push was refused, and lets it be tried again", async () => {
    show(gitopsView(), apiError("forbidden", "the token may not push to main"));
    fireEvent.click(screen.getByRole("button", { name: "Open pull request" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Could not open the pull request: the token may not push to main",
    );
    expect(screen.getByRole("button", { name: "Open pull request" }).hasAttribute("disabled")).toBe(false);
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("without a token, offers the editor's prefilled link with the content encoded, and the text to paste", () => {
    show(withoutToken());
    expect(screen.queryByRole("button", { name: "Open pull request" })).toBeNull();
    expect(
      (screen.getByText("Without a token: edit in the browser").parentElement as HTMLDetailsElement).open,
    ).toBe(true);
    const link = screen.getByRole("link", { name: `Create ${NEW_FILE.path}` });
    const url = new URL(link.getAttribute("href")!);
    expect(url.origin + url.pathname).toBe(
      "https://github.com/homelab/cluster/new/main/clusters/homelab/namespaces",
    );
    expect(url.searchParams.get("filename")).toBe("batch.yaml");
    expect(url.searchParams.get("value")).toBe(NEW_FILE.after);
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
    expect((screen.getByRole("textbox", { name: "Pull request title" }) as HTMLTextAreaElement).value).toBe(
      "Let batch reach postgres",
    );
    expect(
      (screen.getByRole("textbox", { name: "Pull request description" }) as HTMLTextAreaElement).value,
    ).toBe("Fixes 1 drop.");
  });

  it("says why no editor link could be built", () => {
    show(
      gitopsView({ pullRequest: { ...PULL_REQUEST, editorError: '"main;rm" is not a safe branch name' } }),
    );
    expect(screen.getByText('"main;rm" is not a safe branch name')).toBeTruthy();
  });

  it("downloads the patch under a file name made of the branch", () => {
    const objectUrl = vi.spyOn(URL, "createObjectURL").mockReturnValue("blob:patch");
    vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => {});
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    show(gitopsView());
    fireEvent.click(screen.getByRole("button", { name: "Download patch" }));
    expect(clicked.map((a) => [a.download, a.href])).toEqual([
      ["sieve-fix-batch-postgres.patch", "blob:patch"],
    ]);
    expect(objectUrl.mock.calls[0]![0]).toBeInstanceOf(Blob);
  });

  it("renders a hostile repository and branch as text", () => {
    const { container } = show(
      gitopsView({ repository: HOSTILE_TEXT, pullRequest: { ...PULL_REQUEST, branch: HOSTILE_TEXT } }),
    );
    expect(screen.getByTestId("pull-request-actions").textContent).toContain(
      `branch ${HOSTILE_TEXT} from main of ${HOSTILE_TEXT}`,
    );
    expectNoInjectedMarkup(container);
  });
});
