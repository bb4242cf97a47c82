/**
 * The one rule for waiting before another try, wherever something is retried (a Zalo send or
 * reconnect, a login, a reminder): the wait grows by `factor` from `baseMs`, up to `maxMs`.
 */
export interface Backoff {
  baseMs: number;
  maxMs?: number;
  factor?: number;
}

/** The wait before try number `attempt` after the first (1-based): base, factor×base … up to max. */
export function backoff(attempt: number, policy: Backoff): number {
  return Math.min(policy.maxMs ?? Infinity, policy.baseMs * (policy.factor ?? 2) ** Math.max(0, attempt - 1));
}
