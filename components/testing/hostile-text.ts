import { expect } from "vitest";

// Untrusted text (a label value, a namespace name, a policy's name) that would become an element if
// a component let it through as markup.
export const HOSTILE_TEXT = "<img src=x onerror=alert(1)>";

/** The rendered page holds no element the hostile text would have made. */
export function expectNoInjectedMarkup(container: HTMLElement): void {
  expect(container.querySelector("img, script, [onerror]")).toBeNull();
}
