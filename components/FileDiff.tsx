/**
 * A unified diff with added and removed lines colored; plain text, never HTML. Long lines wrap
 * inside the box (a YAML path must not run out of view).
 */
export function FileDiff({ diff }: { diff: string }) {
  const lines = diff.endsWith("\n") ? diff.slice(0, -1).split("\n") : diff.split("\n");
  return (
    <pre
      className="max-h-96 max-w-full overflow-auto rounded bg-slate-950 p-2 text-xs leading-5 whitespace-pre-wrap text-slate-100 [overflow-wrap:anywhere]"
      data-testid="fix-diff"
    >
      {lines.map((line, i) => {
        const style =
          line.startsWith("+++") || line.startsWith("---")
            ? "text-slate-400"
            : line.startsWith("+")
              ? "bg-emerald-950 text-emerald-300"
              : line.startsWith("-")
                ? "bg-red-950 text-red-300"
                : line.startsWith("@@")
                  ? "text-sky-300"
                  : "";
        return (
          <span key={i} className={`block ${style}`}>
            {line || " "}
          </span>
        );
      })}
    </pre>
  );
}
