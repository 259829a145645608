/** The next page of a long list: "Show 200 more of 1,234 left"; nothing when all are shown. */
export function ShowMoreButton({
  total,
  shown,
  page,
  onMore,
  className = "",
}: {
  total: number;
  shown: number;
  page: number;
  onMore(): void;
  className?: string;
}) {
  if (total <= shown) return null;
  const left = total - shown;
  return (
    <button
      type="button"
      onClick={onMore}
      className={`self-start rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800 ${className}`}
    >
      Show {Math.min(page, left)} more of {left} left
    </button>
  );
}
