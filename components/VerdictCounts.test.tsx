import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { VerdictCounts } from "./VerdictCounts";

const shown = (counts: Parameters<typeof VerdictCounts>[0]["counts"]) =>
  [...render(<VerdictCounts counts={counts} />).container.querySelectorAll("[data-verdict]")].map(
    (span) => span.textContent,
  );

describe("VerdictCounts", () => {
  it("always shows forwarded and dropped, even at zero", () => {
    expect(shown({})).toEqual(["0 forwarded", "0 dropped"]);
  });

  it("adds the other verdicts only when seen, in the proto's order, worded as every view words them", () => {
    expect(shown({ AUDIT: 2, FORWARDED: 7, ERROR: 0, REDIRECTED: 1 })).toEqual([
      "7 forwarded",
      "0 dropped",
      "2 audit (would be dropped)",
      "1 redirected to proxy",
    ]);
  });
});
