import type { ReactNode } from "react";

/**
 * A wide table's own horizontal scroll, so a narrow screen scrolls the table, not the page. It is
 * focusable and named, so the keyboard can scroll it too.
 */
export function HorizontalScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="max-w-full overflow-x-auto">
      {children}
    </div>
  );
}
