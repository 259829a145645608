"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Graph" },
  { href: "/drops", label: "Drops" },
  { href: "/namespaces", label: "Namespaces" },
  { href: "/conventions", label: "Conventions" },
  { href: "/what-if", label: "What-if" },
];

/** The views: the flow graph, the classified drops, the namespaces' posture and the conventions read. */
export function SiteNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Views" className="flex flex-wrap gap-1 text-sm">
      {LINKS.map(({ href, label }) => {
        const active = href === "/" ? pathname === "/" : pathname.startsWith(href);
        return (
          <Link
            key={href}
            href={href}
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
