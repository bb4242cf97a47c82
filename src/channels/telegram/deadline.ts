/**
 * Every Bot API call but the long poll gets a deadline that covers auto-retry's retries too.
 * auto-retry waits out network errors forever, so with Telegram unreachable one send would hold
 * a reminder pass, and every pass after it, indefinitely; past the deadline the call fails with
 * ChannelUnavailableError and whoever sent it tries again later.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import type { Transformer } from "grammy";
import { ChannelUnavailableError } from "../../core/messages.js";

type Signal = Parameters<Transformer>[3];

export function withDeadline(timeoutMs: number): Transformer {
  // A 5xx or a flood wait is retried; five attempts bound how long one update can hold a chat.
  const retry = autoRetry({ maxRetryAttempts: 5 });
  return async (prev, method, payload, signal) => {
    // grammY's polling loop has its own retry and its own stop signal.
    if (method === "getUpdates") return prev(method, payload, signal);
    const deadline = new AbortController();
    const expire = () => deadline.abort();
    const timer = setTimeout(expire, timeoutMs);
    signal?.addEventListener("abort", expire);
    try {
      return await retry(prev, method, payload, deadline.signal as Signal);
    } catch (err) {
      if (deadline.signal.aborted && !signal?.aborted) throw new ChannelUnavailableError("telegram", err);
      throw err;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", expire);
    }
  };
}
