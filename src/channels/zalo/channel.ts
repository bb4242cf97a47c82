/**
 * The Zalo channel: a personal Zalo account, driven through zca-js, in front of the
 * channel-neutral brain. Inbound messages come from the supervised listener, go through the
 * inbox (stored, then handled in order per chat, chats side by side) and are answered
 * through the throttled send queue, which also carries every proactive message (reminders,
 * alerts, summaries). When Zalo takes the session away (3000, 3003) or it expires, the channel
 * stops and tells the admins how to bring it back, instead of fighting for the session.
 */
import { ThreadType, type Message, type MessageContent } from "zca-js";
import type { Brain } from "../../core/brain.js";
import { createInbox, memoryStore, type InboxStore } from "../../core/inbox.js";
import { type Address, type Channel, ChannelUnavailableError, type IncomingMessage, type OutgoingMessage, RecipientGoneError } from "../../core/messages.js";
import type { Logger } from "../../log.js";
import { formatDateTime } from "../../time.js";
import { classify, describeError } from "./errors.js";
import { isEmpty, toIncoming } from "./incoming.js";
import { refreshSession, reportExpired, SessionRefusedError, tell } from "./login.js";
import type { ZaloPort } from "./port.js";
import {
  createSendQueue,
  DEFAULT_RETRY,
  DEFAULT_THROTTLE,
  hasFiles,
  NotConnectedError,
  ZaloPausedError,
  type RetryPolicy,
  type SendJob,
  type Throttle,
  type Timeouts,
} from "./queue.js";
import { attachmentOf, render } from "./render.js";
import { createSupervisor, DEFAULT_RECONNECT, type Reconnect, type StopReason, type Supervisor, type SupervisorState } from "./supervisor.js";
import { texts } from "./texts.js";
import { realTimer, type Timer } from "./timer.js";

/** How long fetching an evidence file from Zalo's storage may take. */
const FILE_TIMEOUT_MS = 30_000;

export interface ZaloChannelOptions {
  /** The logged-in account: `loginFromFile()`'s result, or a fake in tests. */
  port: ZaloPort;
  brain: Pick<Brain, "handle">;
  log: Logger;
  /** Where messages wait to be handled; the service's database, or memory when there is none. */
  inbox?: InboxStore;
  /**
   * Tells the admins something needs a person (session lost, kicked, expired). It should use
   * another channel (Telegram): Zalo itself is what is in trouble.
   */
  alertAdmins(text: string): Promise<void>;
  throttle?: Partial<Throttle>;
  retry?: Partial<RetryPolicy>;
  timeouts?: Timeouts;
  /** The zone admins read times in. */
  zone?: string;
  /** How long the account pauses after Zalo's 221. */
  accountPauseMs?: number;
  reconnect?: Partial<Reconnect>;
  /** When set, the session is kept alive and its cookies saved here every `refreshMs`. */
  credentialsFile?: string;
  refreshMs?: number;
  /** How long stop() lets replies in progress finish before dropping what is still queued. */
  graceMs?: number;
  /**
   * A fresh login of the same account (`relogin()` in login.ts). When given, the channel
   * swaps in the new API and listener after `reloginAfter` failed reconnects and every
   * `reloginEveryMs`; it throws `SessionRefusedError` when only a QR login can help.
   */
  relogin?(current: ZaloPort): Promise<ZaloPort>;
  reloginEveryMs?: number;
  timer?: Timer;
}

export type ZaloState = SupervisorState | "expired";

/** What the operator sees in `zalo status`. */
export interface ZaloStatus {
  state: ZaloState;
  /** ISO times of the last message in and out; null before the first. */
  lastIn: string | null;
  lastOut: string | null;
  queued: number;
  /** Sends Zalo accepted without a message id since start: perhaps delivered, not resent. */
  unknownDeliveries: number;
  pausedUntil: string | null;
  pauseReason: "221" | null;
}

export interface ZaloChannel {
  channel: Channel;
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * "stopped" after stop(), 3000 or 3003; "expired" when the session must be renewed by QR
   * login. A stopped channel is not restarted: the service logs in again and makes a new one.
   */
  readonly state: ZaloState;
  status(): ZaloStatus;
}

export const DEFAULT_REFRESH_MS = 15 * 60_000;
/** Zalo Web sessions are seen to end within a day or two; a login each 12 h stays ahead. */
export const DEFAULT_RELOGIN_MS = 12 * 3_600_000;

export function threadTypeOf(chatKind: Address["chatKind"]): ThreadType {
  return chatKind === "group" ? ThreadType.Group : ThreadType.User;
}

export function createZaloChannel(options: ZaloChannelOptions): ZaloChannel {
  const log = options.log.child({ channel: "zalo" });
  const { brain } = options;
  let port = options.port;
  const timer = options.timer ?? realTimer;
  let lastIn: number | null = null;
  let lastOut: number | null = null;
  const limitedAlerted = new Set<string>();
  const queue = createSendQueue({
    send: sendJob,
    throttle: { ...DEFAULT_THROTTLE, ...options.throttle },
    retry: { ...DEFAULT_RETRY, ...options.retry },
    ...(options.timeouts && { timeouts: options.timeouts }),
    ...(options.accountPauseMs !== undefined && { accountPauseMs: options.accountPauseMs }),
    timer,
    log,
    on: {
      onSent: () => void (lastOut = timer.now()),
      onPaused: (until) => void alert(texts.alert.paused(formatDateTime(new Date(until), options.zone ?? "Asia/Ho_Chi_Minh"))),
      onRecipientLimited: (thread) => {
        // Once per chat: the limit lasts until that person writes, and one alert says what to do.
        if (limitedAlerted.has(thread)) return;
        limitedAlerted.add(thread);
        void alert(texts.alert.recipientLimited(thread));
      },
    },
  });
  const inbox = createInbox({ store: options.inbox ?? memoryStore(), handle, log });
  const refreshing = new AbortController();
  let refreshLoop: Promise<void> | undefined;
  let renewLoop: Promise<void> | undefined;
  let started = false;
  let halted = false;
  let expired = false;
  let ownId = "";
  const stateNow = (): ZaloState => (expired ? "expired" : supervisor.state);
  const graceMs = options.graceMs ?? 10_000;

  const alert = (text: string): Promise<void> => tell(options.alertAdmins, text, log);

  const policy = { ...DEFAULT_RECONNECT, ...options.reconnect };
  let supervisor = watch(port, { resumed: false, unstable: false });
  let renewing: Promise<void> | undefined;

  function watch(current: ZaloPort, from: { resumed: boolean; unstable: boolean }): Supervisor {
    return createSupervisor({
      listener: current.listener,
      log,
      timer,
      policy,
      ...from,
      on: {
        message: receive,
        stopped: (reason: StopReason) => {
          void halt();
          void alert(texts.alert[reason]);
        },
        unstable: (failures) => void alert(texts.alert.unstable(failures)),
        recovered: () => void alert(texts.alert.recovered),
        stale: () => void renew("reconnects failing"),
      },
    });
  }

  /**
   * Logs in again and swaps API and listener together. The old listener is stopped before the
   * new one connects: two sockets on one session make Zalo close one with 3000. What arrived in
   * between is asked for when the new one connects.
   */
  function renew(why: string): Promise<void> {
    if (!options.relogin || halted) return Promise.resolve();
    renewing ??= (async () => {
      try {
        const next = await options.relogin!(port);
        if (halted) {
          next.listener.stop();
          return;
        }
        const before = supervisor;
        before.stop();
        port = next;
        supervisor = watch(next, { resumed: true, unstable: before.unstable });
        supervisor.start();
        log.info({ why }, "Zalo session renewed by a new login");
      } catch (err) {
        if (err instanceof SessionRefusedError) return sessionExpired(err.cause);
        log.warn({ err: describeError(err), why }, "Zalo login again failed; trying later");
      } finally {
        renewing = undefined;
      }
    })();
    return renewing;
  }

  /**
   * One send. A file's upload ends with an event on the websocket, so it goes out only while
   * connected; if the queue stops waiting, the upload's callback is dropped, since zca-js would
   * otherwise keep it for minutes and call it late.
   */
  async function sendJob(job: SendJob, signal: AbortSignal) {
    if (hasFiles(job) && supervisor.state !== "connected") throw new NotConnectedError();
    const callbacks = port.getContext().uploadCallbacks;
    const before = new Set(callbacks?.keys() ?? []);
    signal.addEventListener("abort", () => {
      for (const key of [...(callbacks?.keys() ?? [])]) if (!before.has(key)) callbacks?.delete(key);
    });
    return port.sendMessage(job.content, job.threadId, job.type);
  }

  /** Sends one message's parts as a unit, in order, to a user or explicitly to a group. */
  async function deliver(to: Pick<Address, "chatId" | "chatKind">, message: OutgoingMessage): Promise<void> {
    const type = threadTypeOf(to.chatKind);
    const jobs = render(message, to.chatKind).map((part) => {
      const content: MessageContent = part.kind === "text" ? { msg: part.text } : { msg: "", attachments: [attachmentOf(part.file)] };
      return { threadId: to.chatId, type, content };
    });
    try {
      await queue.push(jobs);
    } catch (err) {
      if (classify(err) === "session") await sessionExpired(err);
      throw err;
    }
  }

  const channel: Channel = {
    name: "zalo",
    async send(to, message) {
      try {
        await deliver(to, message);
      } catch (err) {
        if (classify(err) === "gone") throw new RecipientGoneError(to, err);
        // Paused after a 221: a reminder waits for a later pass instead of counting a failed try.
        if (err instanceof ZaloPausedError) throw new ChannelUnavailableError("zalo", err);
        throw err;
      }
    },
    // A Zalo photo or file arrives as a link to Zalo's storage: the bytes are fetched from it.
    async fetchFile(ref, maxBytes) {
      if (!/^https?:\/\//.test(ref)) return undefined;
      const res = await fetch(ref, { signal: AbortSignal.timeout(FILE_TIMEOUT_MS) });
      if (!res.ok || Number(res.headers.get("content-length") ?? 0) > maxBytes) return undefined;
      const data = Buffer.from(await res.arrayBuffer());
      return data.length > maxBytes ? undefined : data;
    },
  };

  function receive(message: Message): void {
    lastIn = timer.now();
    const msg = toIncoming(message, ownId);
    if (msg !== undefined) inbox.accept(msg);
  }

  async function handle(msg: IncomingMessage): Promise<void> {
    const l = log.child({ chat_id: msg.chatId, event_id: msg.eventId });
    try {
      if (isEmpty(msg)) {
        if (msg.chatKind === "private") await deliver(msg, { text: texts.unsupported });
        return;
      }
      l.debug({ chat_kind: msg.chatKind, addressed: msg.addressed }, "incoming");
      const replies = await brain.handle(msg);
      for (const reply of replies) await deliver(msg, reply);
    } catch (err) {
      l.error({ err: describeError(err) }, "Zalo message handling failed");
      if (!msg.addressed || halted || classify(err) !== "other") return;
      try {
        await deliver(msg, { text: texts.apology });
      } catch (e) {
        l.warn({ err: describeError(e) }, "apology not delivered");
      }
    }
  }

  async function sessionExpired(err: unknown): Promise<void> {
    if (expired) return;
    expired = true;
    // Not awaited: halt() waits for the chats in progress, and this may be one of them.
    void halt();
    await reportExpired(log, options.alertAdmins, err);
  }

  async function renewEvery(ms: number): Promise<void> {
    while (await timer.sleep(ms, refreshing.signal)) await renew("scheduled");
  }

  async function keepFresh(file: string): Promise<void> {
    const every = options.refreshMs ?? DEFAULT_REFRESH_MS;
    while (await timer.sleep(every, refreshing.signal)) {
      const result = await refreshSession(port, file, log);
      if (result === "expired") return sessionExpired(undefined);
    }
  }

  /** Stops listening and sending; replies in progress get `graceMs` to go out. */
  async function halt(): Promise<void> {
    halted = true;
    supervisor.stop();
    refreshing.abort();
    const grace = new AbortController();
    await inbox.close(timer.sleep(graceMs, grace.signal));
    grace.abort();
    await queue.close(graceMs);
  }

  return {
    channel,
    async start() {
      if (started) return;
      started = true;
      ownId = port.getOwnId();
      supervisor.start();
      if (options.credentialsFile) refreshLoop = keepFresh(options.credentialsFile);
      if (options.relogin) renewLoop = renewEvery(options.reloginEveryMs ?? DEFAULT_RELOGIN_MS);
      log.info({ uid: ownId }, "Zalo channel started");
    },
    async stop() {
      await halt();
      await Promise.all([refreshLoop, renewLoop, renewing]);
      log.info("Zalo channel stopped");
    },
    get state() {
      return stateNow();
    },
    status() {
      const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
      const paused = queue.pausedUntil ?? null;
      return {
        state: stateNow(),
        lastIn: iso(lastIn),
        lastOut: iso(lastOut),
        queued: queue.size,
        unknownDeliveries: queue.unknown,
        pausedUntil: iso(paused),
        pauseReason: paused === null ? null : "221",
      };
    },
  };
}
