import type { Metadata } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/QueryProvider";
import { SignedInUser } from "@/components/SignedInUser";
import { SiteNav } from "@/components/SiteNav";
import { authorizePush, currentUser } from "@/server/auth/current-user";
import { ViewDefaultsProvider } from "@/components/ViewWindow";
import { viewDefaults } from "@/server/view-defaults";
import "./globals.css";

export const metadata: Metadata = {
  // Each page names itself: "Drops — Sieve".
  title: { template: "%s — Sieve", default: "Sieve" },
  description: "Network-policy posture and dropped flows for Kubernetes clusters that run Cilium",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request: each page's scripts carry the request's CSP nonce (see proxy.ts).
  await connection();
  const user = await currentUser({ headers: await headers() });
  return (
    <html lang="en">
      <body className="min-h-screen">
        <QueryProvider>
          <ViewDefaultsProvider defaults={viewDefaults()}>
            <header className="border-b border-slate-200 bg-white px-3 py-3 sm:px-6 dark:border-slate-800 dark:bg-slate-900">
              <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
                <div className="flex items-baseline gap-3">
                  <span className="text-lg font-semibold tracking-tight">Sieve</span>
                  <span className="text-sm text-slate-500">
                    network policy, drops and fixes for Cilium clusters
                  </span>
                </div>
                <SiteNav />
                <SignedInUser user={user} mayPush={authorizePush(user).ok} />
              </div>
            </header>
            <main className="px-3 py-4 sm:px-6">{children}</main>
          </ViewDefaultsProvider>
        </QueryProvider>
      </body>
    </html>
  );
}
