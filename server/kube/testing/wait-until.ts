import "server-only";

/**
 * Resolves once `condition` holds, checking now and whenever `subscribe` reports a change; a
 * failure guard rejects after `timeoutMs` with `description`, so a broken test fails instead of hanging.
 */
export function waitUntil(
  subscribe: (listener: () => void) => () => void,
  condition: () => boolean,
  description: string,
  timeoutMs = 5_000,
): Promise<void> {
  if (condition()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting until ${description}`));
    }, timeoutMs);
    const unsubscribe = subscribe(() => {
      if (!condition()) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}
