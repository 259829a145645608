"use client";

import { useEffect, useRef, useState, type KeyboardEvent, type Ref, type UIEvent } from "react";
import type { FlowRow } from "@/lib/flows-view/flow-row";

// Only the rows in view (and a few beyond) are in the page: rows have a fixed height, so the
// window is arithmetic on the scroll offset, and 2,000 flows cost what 30 do.

const ROW_HEIGHT = 28;
const VIEW_HEIGHT = 480;
const OVERSCAN = 8;

const COLUMNS: { title: string; width: string; cell: (row: FlowRow) => string }[] = [
  { title: "Time", width: "7.5rem", cell: (row) => row.time.slice(11, 23) },
  { title: "Source", width: "15rem", cell: (row) => row.source },
  { title: "Destination", width: "15rem", cell: (row) => row.destination },
  { title: "Port", width: "6rem", cell: (row) => row.port },
  { title: "Verdict", width: "6.5rem", cell: (row) => row.verdict },
  { title: "Drop reason", width: "10rem", cell: (row) => row.dropReason },
  { title: "Direction", width: "6.5rem", cell: (row) => row.direction },
  { title: "L7", width: "14rem", cell: (row) => row.l7 },
  { title: "Node", width: "9rem", cell: (row) => row.node },
  { title: "Policy", width: "16rem", cell: (row) => row.policy },
];

const GRID = { gridTemplateColumns: COLUMNS.map((column) => column.width).join(" ") };

function verdictStyle(verdict: string): string {
  if (verdict === "DROPPED") return "font-semibold text-red-700 dark:text-red-400";
  if (verdict === "FORWARDED") return "text-emerald-700 dark:text-emerald-400";
  return "text-amber-700 dark:text-amber-400";
}

/**
 * The flows, newest first; a click (or Enter on a row's time) opens one in the sidebar, and the
 * arrow keys move the selection from row to row.
 */
export function FlowsTable({
  ref,
  rows,
  selected,
  onSelect,
  onMove,
}: {
  ref?: Ref<HTMLDivElement>;
  rows: readonly FlowRow[];
  selected: string | null;
  onSelect: (key: string) => void;
  /** The arrow keys moved the selection to this row. */
  onMove: (key: string) => void;
}) {
  const [scrollTop, setScrollTop] = useState(0);
  const container = useRef<HTMLDivElement | null>(null);
  /** After an arrow key, the row it selected takes the focus once it is selected and drawn. */
  const focusKey = useRef<string | null>(null);
  useEffect(() => {
    if (focusKey.current === null || selected !== focusKey.current) return;
    const button = container.current?.querySelector<HTMLElement>(
      `[data-key="${CSS.escape(selected)}"] button`,
    );
    if (!button) return;
    focusKey.current = null;
    button.focus({ preventScroll: true });
  });
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    if (rows.length === 0) return;
    event.preventDefault();
    // From the row the last key moved to while it is not drawn yet, else the row that has the focus,
    // else the selected one: keys pressed faster than the table re-renders each count.
    const focused = event.target instanceof Element ? event.target.closest("[data-key]") : null;
    const from = focusKey.current ?? focused?.getAttribute("data-key") ?? selected;
    const current = rows.findIndex((row) => row.key === from);
    const step = event.key === "ArrowDown" ? 1 : -1;
    const index = current < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, current + step));
    // Scroll the row into view, so the virtualised table draws it.
    const box = event.currentTarget;
    const top = index * ROW_HEIGHT;
    if (top < box.scrollTop) box.scrollTop = top;
    else if (top + ROW_HEIGHT > box.scrollTop + VIEW_HEIGHT) box.scrollTop = top + ROW_HEIGHT - VIEW_HEIGHT;
    setScrollTop(box.scrollTop);
    const key = rows[index]!.key;
    const drawn = box.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"] button`);
    if (drawn) {
      drawn.focus({ preventScroll: true });
      focusKey.current = null;
    } else focusKey.current = key;
    onMove(key);
  };
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN);
  return (
    <div
      ref={(element) => {
        container.current = element;
        if (typeof ref === "function") ref(element);
        else if (ref) ref.current = element;
      }}
      onKeyDown={onKeyDown}
      role="table"
      aria-label="Flows, newest first; arrow keys move, Enter opens"
      aria-rowcount={rows.length + 1}
      data-testid="flows-table"
      data-row-count={rows.length}
      className="overflow-auto rounded border border-slate-200 text-xs dark:border-slate-800"
      style={{ height: VIEW_HEIGHT + ROW_HEIGHT }}
      onScroll={(event: UIEvent<HTMLDivElement>) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div role="rowgroup" className="sticky top-0 z-10 w-max bg-slate-100 dark:bg-slate-800">
        <div
          role="row"
          aria-rowindex={1}
          className="grid font-semibold"
          style={{ ...GRID, height: ROW_HEIGHT }}
        >
          {COLUMNS.map((column) => (
            <span key={column.title} role="columnheader" className="truncate px-2 leading-7">
              {column.title}
            </span>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="relative w-max" style={{ height: rows.length * ROW_HEIGHT }}>
        {rows.slice(first, last).map((row, offset) => {
          const index = first + offset;
          const isSelected = row.key === selected;
          return (
            <div
              key={row.key}
              role="row"
              aria-rowindex={index + 2}
              aria-selected={isSelected}
              data-testid="flow-row"
              data-key={row.key}
              onClick={(event) => {
                // The row's button takes the focus, so the arrow keys go on from the clicked row.
                event.currentTarget.querySelector("button")?.focus({ preventScroll: true });
                onSelect(row.key);
              }}
              className={`absolute left-0 grid cursor-pointer border-b border-slate-100 font-mono dark:border-slate-800 ${isSelected ? "bg-sky-100 dark:bg-sky-900" : "hover:bg-slate-50 dark:hover:bg-slate-900"}`}
              style={{ ...GRID, top: index * ROW_HEIGHT, height: ROW_HEIGHT }}
            >
              {COLUMNS.map((column, i) => {
                const text = column.cell(row);
                return (
                  <span
                    key={column.title}
                    role="cell"
                    title={i === 0 ? row.time : text}
                    data-column={column.title.toLowerCase()}
                    className={`truncate px-2 leading-7 ${column.title === "Verdict" ? verdictStyle(text) : ""}`}
                  >
                    {i === 0 ? (
                      <button
                        type="button"
                        className="underline-offset-2 hover:underline"
                        aria-label={`${text}: show this flow’s details`}
                        onClick={(event) => {
                          event.stopPropagation();
                          onSelect(row.key);
                        }}
                      >
                        {text}
                      </button>
                    ) : (
                      text
                    )}
                  </span>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
