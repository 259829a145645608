/**
 * Says that the flows asked for reach back further than Hubble Relay holds: it has no flow before
 * `bufferFrom` (its oldest). Why is not known (overwritten in the ring buffer, or never recorded: a
 * restart, a new node), and the table starts there only when the answer was not cut to the newest
 * `--last` flows.
 */
export function RelayBufferNotice({
  asked,
  bufferFrom,
  truncated,
}: {
  asked: string;
  bufferFrom: string;
  truncated: boolean;
}) {
  return (
    <p
      role="status"
      data-testid="relay-buffer-start"
      className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      Asked for flows {asked}, but Hubble Relay holds no flows before {bufferFrom} (overwritten, or never
      recorded){truncated ? "." : ", so the table starts there."}
    </p>
  );
}
