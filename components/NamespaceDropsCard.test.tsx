import { screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DropsResponse } from "@/lib/api/responses";
import { groupDrops } from "@/lib/drops/drop-groups";
import { NamespaceDropsCard } from "./NamespaceDropsCard";
import { classification } from "./testing/drop-fixtures";
import { apiError, fakeApi, json, pending, type FakeAnswer } from "./testing/fake-api";
import { BATCH_DROP } from "./testing/fix-fixtures";
import { renderWithQueries } from "./testing/render-with-queries";
import { hubbleView, MINUTE, FIXED_NOW, relaySourceHealth, statusResponse } from "./testing/status-fixtures";

const groups = groupDrops(
  [BATCH_DROP, { ...BATCH_DROP, id: "drop-shop", source: { ...BATCH_DROP.source, namespace: "shop" } }],
  (flow) => classification({ namespace: flow.source.namespace }),
);
const answer = (g = groups): DropsResponse => ({ now: FIXED_NOW, windowMs: 15 * MINUTE, groups: g });

function shown(drops: FakeAnswer, status: FakeAnswer = json(statusResponse())) {
  fakeApi({ "/api/drops": drops, "/api/status": status, "/api/fix": pending });
  renderWithQueries(<NamespaceDropsCard namespace="batch" windowMs={15 * MINUTE} />);
}

beforeEach(() => {
  vi.useFakeTimers({ now: FIXED_NOW, toFake: ["Date"] });
});

describe("NamespaceDropsCard", () => {
  it("says it is loading until both the drops and the relay's coverage are known", () => {
    shown(json(answer()), pending);
    expect(screen.getByText("Loading drops…")).toBeTruthy();
  });

  it("says why the drops are unavailable", async () => {
    shown(apiError("internal_error", "drop store closed"));
    expect(await screen.findByText("Drops unavailable: drop store closed")).toBeTruthy();
  });

  it("shows only this namespace's drop groups, each with its count, age, class and fix", async () => {
    shown(json(answer()));
    const list = await screen.findByTestId("namespace-drops");
    const items = within(list)
      .getAllByRole("listitem")
      .filter((item) => item.parentElement === list);
    expect(items).toHaveLength(1);
    expect(items[0]!.querySelector("p")?.textContent).toBe("1 dropped, last 1 min ago");
    expect(within(items[0]!).getByRole("button", { name: "Why? and Fix" })).toBeTruthy();
  });

  it("says there are no drops when the relay covered the whole window", async () => {
    shown(json(answer([])));
    expect((await screen.findByText(/No drops of/)).textContent).toBe("No drops of batch in the last 15m.");
  });

  it("says the drops are unknown while the relay is stalled", async () => {
    const stalled = hubbleView({
      source: relaySourceHealth({ state: "stalled", since: FIXED_NOW - 4 * MINUTE, message: "silent" }),
    });
    shown(json(answer([])), json(statusResponse({ hubble: stalled })));
    expect((await screen.findByTestId("flows-unavailable")).textContent).toContain(
      "since 4 min ago (silent)",
    );
    expect(screen.queryByText(/No drops of/)).toBeNull();
  });
});
