import type { Metadata } from "next";
import { ConnectionStatusBar } from "@/components/ConnectionStatusBar";
import { ConventionsView } from "@/components/ConventionsView";

export const metadata: Metadata = { title: "Conventions" };

export default function ConventionsPage() {
  return (
    <>
      <ConnectionStatusBar />
      <ConventionsView />
    </>
  );
}
