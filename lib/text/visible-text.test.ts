import { describe, expect, it } from "vitest";
import { visibleText } from "./visible-text";

describe("visibleText", () => {
  it("shows bidi overrides, embeddings, isolates and marks by their code points", () => {
    expect(visibleText("owner: \u202Eevil\u202C ok")).toBe("owner: ⟨U+202E⟩evil⟨U+202C⟩ ok");
    expect(visibleText("\u2066a\u2069\u200F\u061C")).toBe("⟨U+2066⟩a⟨U+2069⟩⟨U+200F⟩⟨U+061C⟩");
  });

  it("shows controls but keeps tabs, newlines and ordinary non-ASCII text", () => {
    expect(visibleText("a\x00b\x1bc\x9bd\u2028")).toBe("a⟨U+0000⟩b⟨U+001B⟩c⟨U+009B⟩d⟨U+2028⟩");
    expect(visibleText("line 1\n\tline 2 — Zürich, 東京, שלום")).toBe(
      "line 1\n\tline 2 — Zürich, 東京, שלום",
    );
  });
});
