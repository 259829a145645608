import { ConnectionStatusBar } from "@/components/ConnectionStatusBar";
import { NamespacePostureView } from "@/components/NamespacePostureView";
import { namespaceName } from "@/lib/api/query-params";

export default async function NamespacePage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // not percent-encoded: use it as it came
  }
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
