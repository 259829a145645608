import type { Metadata } from "next";
import { ConnectionStatusBar } from "@/components/ConnectionStatusBar";
import { WhatIfView } from "@/components/WhatIfView";

export const metadata: Metadata = { title: "What-if" };

export default async function WhatIfPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const { ref } = await searchParams;
  return (
    <>
      <ConnectionStatusBar />
      <WhatIfView selected={typeof ref === "string" && ref !== "" ? ref : null} />
    </>
  );
}
