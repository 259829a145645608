import type { ReactNode } from "react";

interface GraphElementButtonProps {
  /** Which data attribute carries the id: data-node-id or data-edge-id. */
  element: "node" | "edge";
  id: string;
  onSelect(id: string): void;
  /** The element under the pointer or the keyboard, to light it up on the canvas. */
  onHighlight?(id: string | null): void;
  /** Set for a list that shows which element is selected. */
  pressed?: boolean;
  /** The hover and selected colours; the layout is the same for every graph element. */
  className: string;
  children: ReactNode;
}

/** One node or edge of the graph as a button: selects it, and lights it up while pointed at or focused. */
export function GraphElementButton({
  element,
  id,
  onSelect,
  onHighlight,
  pressed,
  className,
  children,
}: GraphElementButtonProps) {
  return (
    <button
      type="button"
      data-node-id={element === "node" ? id : undefined}
      data-edge-id={element === "edge" ? id : undefined}
      aria-pressed={pressed}
      onClick={() => onSelect(id)}
      onMouseEnter={() => onHighlight?.(id)}
      onMouseLeave={() => onHighlight?.(null)}
      onFocus={() => onHighlight?.(id)}
      onBlur={() => onHighlight?.(null)}
      className={`flex w-full justify-between gap-2 rounded px-1 py-0.5 text-left ${className}`}
    >
      {children}
    </button>
  );
}
