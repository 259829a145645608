import type { Metadata } from "next";
import { ConnectionStatusBar } from "@/components/ConnectionStatusBar";
import { NamespacePostureView } from "@/components/NamespacePostureView";
import { namespaceName } from "@/lib/api/query-params";

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    // not percent-encoded: use it as it came
    return name;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  const decoded = decodedName((await params).name);
  return { title: namespaceName.safeParse(decoded).success ? decoded : "Not a namespace" };
}

export default async function NamespacePage({ params }: { params: Promise<{ name: string }> }) {
  const decoded = decodedName((await params).name);
  return (
    <>
      <ConnectionStatusBar />
      {namespaceName.safeParse(decoded).success ? (
        <NamespacePostureView name={decoded} />
      ) : (
        <p role="alert" className="mt-4 text-red-800">
          “{decoded.slice(0, 80)}” is not a namespace name.
        </p>
      )}
    </>
  );
}
