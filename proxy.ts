import { NextResponse } from "next/server";
import { foreignHostResponse } from "@/server/page-host-guard";

// Only the Host allowlist (DNS rebinding) for pages; API routes check it again in their wrapper.
export function proxy(request: Request) {
  return foreignHostResponse(request) ?? NextResponse.next();
}

export const config = {
  // Static chunks carry nothing of the cluster's; everything else (pages, RSC payloads, API) is checked.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
