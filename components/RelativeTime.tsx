"use client";

import { useNow } from "./use-now";

function describeAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** "12 s ago", kept current every second, with the absolute time on hover. */
export function RelativeTime({ at }: { at: number }) {
  const now = useNow();
  const absolute = new Date(at).toISOString();
  return (
    <time dateTime={absolute} title={absolute}>
      {now === null || now === 0 ? absolute : describeAge(now - at)}
    </time>
  );
}
