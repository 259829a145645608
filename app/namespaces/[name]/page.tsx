import type { Metadata } from "next";
import { ConnectionStatusBar } from "@/components/ConnectionStatusBar";
import { NamespacePostureView } from "@/components/NamespacePostureView";
import { isNamespaceName } from "@/lib/graph/graph-ids";

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
  return { title: isNamespaceName(decoded) ? decoded : "Not a namespace" };
}

export default async function NamespacePage({ params }: { params: Promise<{ name: string }> }) {
  const decoded = decodedName((await params).name);
  return (
    <>
      <ConnectionStatusBar />
      {isNamespaceName(decoded) ? (
        <NamespacePostureView name={decoded} />
      ) : (
        <p role="alert" className="mt-4 text-red-800">
          “{decoded.slice(0, 80)}” is not a namespace name.
        </p>
      )}
    </>
  );
}
