/**
 * Every send to Zalo goes through one queue: a personal account that sends like a script is
 * what Zalo's anti-spam limits catch. Sends go one at a time, spaced per thread and overall;
 * a rate-limit answer (codes 221, 123, or an empty result) pauses the whole queue with a capped
 * backoff and retries the same message, so nothing is lost and each thread keeps its order.
 */
import type { MessageContent, SendMessageResponse, ThreadType } from "zca-js";
import type { Logger } from "../../log.js";
import { classify, describeError, EmptyResultError } from "./errors.js";
import type { Timer } from "./timer.js";

export interface Throttle {
  /** Least time between two sends to one thread. */
  perThreadMs: number;
  /** Least time between any two sends of the account. */
  overallMs: number;
}

export interface RetryPolicy {
  /** Retries of one message after rate-limit answers, before it is given up. */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

/** About 40 messages a minute overall: far below what got accounts limited in zca-js reports. */
export const DEFAULT_THROTTLE: Throttle = { perThreadMs: 2_000, overallMs: 1_500 };
export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 5_000, maxMs: 120_000 };

export interface SendJob {
  threadId: string;
  type: ThreadType;
  content: MessageContent;
}

export interface SendQueue {
  /**
   * Sends the jobs as one unit, in order, after everything queued before them for the same
   * thread; resolves when all are delivered. If one fails for good, the rest of the unit is
   * not sent, so a reader never sees the second half of a message without the first.
   */
  push(jobs: SendJob[]): Promise<void>;
  readonly size: number;
  /** Refuses new jobs, lets the send in flight finish, and fails the ones still queued. */
  close(): Promise<void>;
}

export class QueueClosedError extends Error {
  constructor() {
    super("the Zalo send queue is closed");
  }
}

/** Capped exponential backoff: base, 2×base, 4×base … up to max. */
export function backoff(attempt: number, policy: Pick<RetryPolicy, "baseMs" | "maxMs">): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Zalo answers an accepted send with the new message id; nothing back means nothing sent. */
export function delivered(job: SendJob, res: SendMessageResponse | undefined): boolean {
  const files = job.content.attachments;
  const wantsFiles = Array.isArray(files) ? files.length > 0 : files !== undefined;
  if (wantsFiles) return (res?.attachment.length ?? 0) > 0;
  return res?.message !== null && res?.message !== undefined;
}

interface Unit {
  resolve(): void;
  reject(err: unknown): void;
  left: number;
  failed: boolean;
}

interface Entry {
  job: SendJob;
  unit: Unit;
  attempt: number;
}

export function createSendQueue(options: {
  send(job: SendJob): Promise<SendMessageResponse>;
  throttle: Throttle;
  retry: RetryPolicy;
  timer: Timer;
  log: Logger;
}): SendQueue {
  const { send, throttle, retry, timer, log } = options;
  const waiting: Entry[] = [];
  const lastByThread = new Map<string, number>();
  let lastSent = Number.NEGATIVE_INFINITY;
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let worker: Promise<void> | undefined;
  let closed = false;
  const stop = new AbortController();

  /** The head of each thread competes; the one allowed soonest (the oldest on a tie) goes next. */
  function next(): { entry: Entry; at: number } | undefined {
    const heads = new Set<string>();
    let best: { entry: Entry; at: number } | undefined;
    for (const entry of waiting) {
      const thread = entry.job.threadId;
      if (heads.has(thread)) continue;
      heads.add(thread);
      const at = Math.max(pausedUntil, lastSent + throttle.overallMs, (lastByThread.get(thread) ?? Number.NEGATIVE_INFINITY) + throttle.perThreadMs);
      if (best === undefined || at < best.at) best = { entry, at };
    }
    return best;
  }

  function settle(entry: Entry, err?: unknown): void {
    const at = waiting.indexOf(entry);
    if (at === -1) return;
    waiting.splice(at, 1);
    const unit = entry.unit;
    if (unit.failed) return;
    if (err !== undefined) {
      unit.failed = true;
      // The rest of the unit is dropped: a message's parts make sense only together.
      for (let i = waiting.length - 1; i >= 0; i--) if (waiting[i]!.unit === unit) waiting.splice(i, 1);
      unit.reject(err);
    } else if (--unit.left === 0) unit.resolve();
  }

  async function drain(): Promise<void> {
    while (!closed) {
      const pick = next();
      if (pick === undefined) return;
      const wait = pick.at - timer.now();
      if (wait > 0) {
        if (!(await timer.sleep(wait, stop.signal))) return;
        continue;
      }
      const { entry } = pick;
      let failure: unknown;
      try {
        const res = await send(entry.job);
        if (!delivered(entry.job, res)) failure = new EmptyResultError();
      } catch (err) {
        failure = err;
      }
      // A refused send counts toward the rate as much as an accepted one.
      const now = timer.now();
      lastSent = now;
      lastByThread.set(entry.job.threadId, now);
      for (const [thread, at] of lastByThread) if (at + throttle.perThreadMs <= now) lastByThread.delete(thread);
      if (failure === undefined) {
        settle(entry);
        continue;
      }
      if (classify(failure) === "rate_limited" && entry.attempt < retry.attempts) {
        entry.attempt++;
        const pause = backoff(entry.attempt, retry);
        pausedUntil = now + pause;
        log.warn({ err: describeError(failure), thread: entry.job.threadId, attempt: entry.attempt, pause_ms: pause }, "Zalo rate limit: pausing sends");
        continue;
      }
      settle(entry, failure);
    }
  }

  function kick(): void {
    if (worker !== undefined || closed) return;
    worker = drain()
      .catch((err: unknown) => log.error({ err: describeError(err) }, "Zalo send queue stopped unexpectedly"))
      .finally(() => {
        worker = undefined;
        if (waiting.length > 0) kick();
      });
  }

  return {
    push(jobs) {
      if (closed) return Promise.reject(new QueueClosedError());
      if (jobs.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const unit: Unit = { resolve, reject, left: jobs.length, failed: false };
        for (const job of jobs) waiting.push({ job, unit, attempt: 0 });
        kick();
      });
    },
    get size() {
      return waiting.length;
    },
    async close() {
      closed = true;
      stop.abort();
      await worker;
      const err = new QueueClosedError();
      for (const entry of [...waiting]) settle(entry, err);
    },
  };
}
