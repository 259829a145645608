/**
 * Says that the flows asked for reach back further than Hubble Relay still holds: its buffer starts
 * at `bufferFrom` (its oldest flow), so the table starts there, not at the time asked.
 */
export function RelayBufferNotice({ asked, bufferFrom }: { asked: string; bufferFrom: string }) {
  return (
    <p
      role="status"
      data-testid="relay-buffer-start"
      className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      Asked for flows {asked}, but Hubble Relay&apos;s buffer holds flows only from {bufferFrom} on: older
      ones have been overwritten, so the table starts there.
    </p>
  );
}
