/** Waiting, behind an interface so the throttle and the reconnect backoff run on virtual time in tests. */
export interface Timer {
  now(): number;
  /** Resolves true after `ms`, or false as soon as the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean>;
}

export const realTimer: Timer = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve(false);
      const abort = () => {
        clearTimeout(timeout);
        resolve(false);
      };
      const timeout = setTimeout(() => {
        signal?.removeEventListener("abort", abort);
        resolve(true);
      }, ms);
      signal?.addEventListener("abort", abort, { once: true });
    }),
};
