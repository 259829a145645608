import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ConventionsView } from "./ConventionsView";
import { fakeApi, json } from "./testing/fake-api";
import { conventionsAnswer } from "./testing/posture-fixtures";
import { renderWithQueries } from "./testing/render-with-queries";

// The conventions page's wide profiles table, in its own named, focusable scroll region.

describe("HorizontalScroll", () => {
  it("holds a wide table in a named region the keyboard can reach", async () => {
    fakeApi({ "/api/conventions": json(conventionsAnswer()) });
    renderWithQueries(<ConventionsView />);
    const region = await screen.findByRole("region", { name: "Profiles table" });
    expect(region.tabIndex).toBe(0);
    expect(region.querySelector("table")).not.toBeNull();
    region.focus();
    expect(document.activeElement).toBe(region);
  });
});
