/**
 * Every send to Zalo goes through one queue: a personal account that sends like a script is
 * what Zalo's anti-spam limits catch. Sends go one at a time, spaced per thread and overall,
 * and answer Zalo's limits as Zalo applies them (zca-js issues #223, #312, #336, #357):
 * - 221 is account-wide and lasts hours: the whole account pauses (an hour at least), what is
 *   queued stays queued and goes out after, and new sends are refused until then;
 * - 123 holds for one recipient until that person writes from the app: only that thread backs
 *   off, and is given up after a few tries;
 * - a send answered without a message id may still have been delivered: it is never resent;
 * - a send that does not answer (zca-js waits for an upload's websocket event with no limit)
 *   is given up after its timeout, so one stuck file never stops every chat.
 */
import type { MessageContent, SendMessageResponse, ThreadType } from "zca-js";
import { backoff } from "../../backoff.js";
import type { Logger } from "../../log.js";
import { ZaloApiError } from "zca-js";
import { ACCOUNT_LIMIT, describeError, RECIPIENT_LIMIT } from "./errors.js";
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

export interface Timeouts {
  textMs: number;
  /** A file waits for Zalo's upload to finish on the websocket. */
  fileMs: number;
}

/** About 40 messages a minute overall: far below what got accounts limited in zca-js reports. */
export const DEFAULT_THROTTLE: Throttle = { perThreadMs: 2_000, overallMs: 1_500 };
/** For one recipient answering 123 (or a file waiting for the websocket): give up quickly. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 2, baseMs: 30_000, maxMs: 5 * 60_000 };
export const DEFAULT_TIMEOUTS: Timeouts = { textMs: 30_000, fileMs: 90_000 };
/** 221 lasts hours on Zalo's side: trying again sooner only prolongs it. */
export const ACCOUNT_PAUSE_MS = 60 * 60_000;

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
  /** Sends Zalo accepted without a message id: perhaps delivered, never resent. */
  readonly unknown: number;
  /** The account pause after a 221, as epoch ms; undefined when not paused. */
  readonly pausedUntil: number | undefined;
  /** Refuses new jobs, gives the send in flight up to `graceMs`, and fails the ones still queued. */
  close(graceMs?: number): Promise<void>;
}

export interface QueueEvents {
  /** The account is paused until then (epoch ms). */
  onPaused?(until: number): void;
  /** A recipient answered 123 and its message was given up. */
  onRecipientLimited?(threadId: string): void;
  /** A send went out (or, without a message id, perhaps did). */
  onSent?(job: SendJob): void;
}

export class QueueClosedError extends Error {
  constructor() {
    super("the Zalo send queue is closed");
  }
}

/** The account is paused after Zalo's 221; what is sent now would only prolong it. */
export class ZaloPausedError extends Error {
  constructor(readonly until: number) {
    super(`Zalo sends are paused until ${new Date(until).toISOString()} (221)`);
  }
}

export class SendTimeoutError extends Error {
  constructor(ms: number) {
    super(`Zalo did not answer the send within ${ms} ms`);
  }
}

/** A file goes out only while the websocket that reports its upload is connected. */
export class NotConnectedError extends Error {
  constructor() {
    super("the Zalo listener is not connected");
  }
}

/** Zalo answers an accepted send with the new message id; without one, delivery is unknown. */
export function delivered(job: SendJob, res: SendMessageResponse | undefined): boolean {
  if (hasFiles(job)) return (res?.attachment.length ?? 0) > 0;
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

export function hasFiles(job: SendJob): boolean {
  const files = job.content.attachments;
  return Array.isArray(files) ? files.length > 0 : files !== undefined;
}

const codeOf = (err: unknown): number | null => (err instanceof ZaloApiError ? err.code : null);

export function createSendQueue(options: {
  /** Sends one job; `signal` aborts when the queue stops waiting for it. */
  send(job: SendJob, signal: AbortSignal): Promise<SendMessageResponse>;
  throttle: Throttle;
  retry: RetryPolicy;
  timeouts?: Timeouts;
  accountPauseMs?: number;
  timer: Timer;
  log: Logger;
  on?: QueueEvents;
}): SendQueue {
  const { send, throttle, retry, timer, log } = options;
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const accountPauseMs = options.accountPauseMs ?? ACCOUNT_PAUSE_MS;
  const on = options.on ?? {};
  const waiting: Entry[] = [];
  const lastByThread = new Map<string, number>();
  /** Threads held back after a 123 or a file with no websocket, until then. */
  const heldUntil = new Map<string, number>();
  let lastSent = Number.NEGATIVE_INFINITY;
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let unknown = 0;
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
      const at = Math.max(
        pausedUntil,
        lastSent + throttle.overallMs,
        (lastByThread.get(thread) ?? Number.NEGATIVE_INFINITY) + throttle.perThreadMs,
        heldUntil.get(thread) ?? Number.NEGATIVE_INFINITY,
      );
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
      const thread = entry.job.threadId;
      let failure: unknown;
      let res: SendMessageResponse | undefined;
      try {
        res = await attempt(entry.job);
      } catch (err) {
        failure = err;
      }
      // A refused send counts toward the rate as much as an accepted one.
      const now = timer.now();
      lastSent = now;
      lastByThread.set(thread, now);
      for (const [t, at] of lastByThread) if (at + throttle.perThreadMs <= now) lastByThread.delete(t);
      for (const [t, at] of heldUntil) if (at <= now) heldUntil.delete(t);
      if (failure === undefined) {
        if (!delivered(entry.job, res)) {
          unknown++;
          log.warn({ thread }, "Zalo accepted a send without a message id: delivery unknown, not resent");
        }
        on.onSent?.(entry.job);
        settle(entry);
        continue;
      }
      const code = codeOf(failure);
      if (code === ACCOUNT_LIMIT) {
        // The message stays at the head of its thread and goes out after the pause.
        pausedUntil = now + accountPauseMs;
        log.error({ err: describeError(failure), paused_until: new Date(pausedUntil).toISOString() }, "Zalo limited the account (221): all sends paused");
        on.onPaused?.(pausedUntil);
        continue;
      }
      const retryable = code === RECIPIENT_LIMIT || failure instanceof NotConnectedError;
      if (retryable && entry.attempt < retry.attempts) {
        entry.attempt++;
        const wait = backoff(entry.attempt, retry);
        heldUntil.set(thread, now + wait);
        log.warn({ err: describeError(failure), thread, attempt: entry.attempt, wait_ms: wait }, "Zalo send held back for this recipient");
        continue;
      }
      if (code === RECIPIENT_LIMIT) on.onRecipientLimited?.(thread);
      settle(entry, failure);
    }
  }

  /** One send, given up after its timeout; the sender is told through the signal. */
  async function attempt(job: SendJob): Promise<SendMessageResponse> {
    const ms = hasFiles(job) ? timeouts.fileMs : timeouts.textMs;
    const abort = new AbortController();
    const timeout = new AbortController();
    const sending = send(job, abort.signal);
    const expired = timer.sleep(ms, timeout.signal).then((due) => {
      if (!due) return undefined;
      abort.abort();
      throw new SendTimeoutError(ms);
    });
    try {
      return await Promise.race([sending, expired as Promise<never>]);
    } finally {
      timeout.abort();
      sending.catch(() => undefined);
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
      if (pausedUntil > timer.now()) return Promise.reject(new ZaloPausedError(pausedUntil));
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
    get unknown() {
      return unknown;
    },
    get pausedUntil() {
      return pausedUntil > timer.now() ? pausedUntil : undefined;
    },
    async close(graceMs = 10_000) {
      closed = true;
      stop.abort();
      const grace = new AbortController();
      await Promise.race([worker, timer.sleep(graceMs, grace.signal)]);
      grace.abort();
      const err = new QueueClosedError();
      for (const entry of [...waiting]) settle(entry, err);
    },
  };
}
