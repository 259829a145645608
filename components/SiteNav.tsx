"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { viewHref } from "@/lib/api/view-window";
import { useViewWindow } from "./ViewWindow";

/** `windowed`: the view counts flows, so its link keeps the window chosen on the current view. */
const LINKS = [
  { href: "/", label: "Graph", windowed: true },
  { href: "/flows", label: "Flows", windowed: true },
  { href: "/drops", label: "Drops", windowed: true },
  { href: "/namespaces", label: "Namespaces", windowed: true },
  { href: "/conventions", label: "Conventions", windowed: false },
  { href: "/what-if", label: "What-if", windowed: false },
];

/** The views: the flow graph, the flows table, the classified drops, the namespaces' posture and the conventions read. */
export function SiteNav() {
  const pathname = usePathname();
  const { windowMs, defaultWindowMs } = useViewWindow();
  return (
    <nav aria-label="Views" className="flex flex-wrap gap-1 text-sm">
      {LINKS.map(({ href, label, windowed }) => {
        const active = href === "/" ? pathname === "/" : pathname.startsWith(href);
        return (
          <Link
            key={href}
            href={windowed ? viewHref(href, windowMs, defaultWindowMs) : href}
            aria-current={active ? "page" : undefined}
            className={`rounded px-2 py-1 ${active ? "bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900" : "text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800"}`}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
