export type Debounced<A extends unknown[]> = ((...args: A) => void) & {
  /** Forget a pending call. */
  cancel(): void;
  /** Run a pending call now. */
  flush(): void;
  /** Whether a call is waiting. */
  pending(): boolean;
};

/** Calls `fn` once calls have stopped for `ms` milliseconds, with the last arguments given. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastArgs: A | undefined;
  const run = () => {
    timer = undefined;
    const args = lastArgs as A;
    lastArgs = undefined;
    fn(...args);
  };
  const debounced = ((...args: A) => {
    lastArgs = args;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, ms);
  }) as Debounced<A>;
  debounced.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    lastArgs = undefined;
  };
  debounced.flush = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    run();
  };
  debounced.pending = () => timer !== undefined;
  return debounced;
}

/**
 * Wraps an async function so that only the newest call's answer is delivered:
 * an older, slower answer arriving later is dropped (resolves to `undefined` with `stale: true`).
 */
export function latestOnly<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  let sequence = 0;
  return async (...args: A): Promise<{ stale: false; value: R } | { stale: true }> => {
    const mine = ++sequence;
    const value = await fn(...args);
    if (mine !== sequence) return { stale: true };
    return { stale: false, value };
  };
}
