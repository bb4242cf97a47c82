/**
 * The zca-js boundary, faked: an object satisfying ZaloPort whose listener is an EventEmitter
 * like zca-js's own, fed with real UserMessage/GroupMessage instances; and a virtual timer, so
 * throttles and backoffs run in no real time and can be checked exactly.
 */
import { EventEmitter } from "node:events";
import pino from "pino";
import {
  GroupMessage,
  ThreadType,
  UserMessage,
  ZaloApiError,
  type Message,
  type MessageContent,
  type SendMessageResponse,
  type TGroupMessage,
  type TMention,
  type TMessage,
  type TQuote,
} from "zca-js";
import type { StoredCookie, ZaloPort } from "../../../src/channels/zalo/port.js";
import type { Timer } from "../../../src/channels/zalo/timer.js";
import type { Logger } from "../../../src/log.js";

export const BOT_ID = "7000000000000000001";

/** Discrete-event time: sleepers wake only when the test moves time to them. */
export class VirtualTimer implements Timer {
  private t = 1_700_000_000_000;
  private sleepers: { at: number; seq: number; wake(due: boolean): void }[] = [];
  private seq = 0;

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve(false);
      const abort = () => sleeper.wake(false);
      const sleeper = {
        at: this.t + Math.max(0, ms),
        seq: this.seq++,
        wake: (due: boolean) => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          signal?.removeEventListener("abort", abort);
          resolve(due);
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener("abort", abort, { once: true });
    });
  }

  get sleeping(): number {
    return this.sleepers.length;
  }

  /** Moves time to the earliest sleeper and wakes it; false when nobody sleeps. */
  step(): boolean {
    const next = [...this.sleepers].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
    if (!next) return false;
    this.t = Math.max(this.t, next.at);
    next.wake(true);
    return true;
  }

  /** Lets promises and I/O settle, waking sleepers in time order, until `done()` holds. */
  async until<T>(done: () => T | undefined | false, maxRounds = 20_000): Promise<T> {
    for (let round = 0; round < maxRounds; round++) {
      await new Promise((r) => setImmediate(r));
      const value = done();
      if (value) return value;
      if (round % 3 === 2) this.step();
    }
    throw new Error("condition not reached");
  }
}

export class FakeListener extends EventEmitter<{
  message: [Message];
  connected: [];
  closed: [number, string];
  error: [unknown];
  old_messages: [Message[], ThreadType];
}> {
  starts = 0;
  stops = 0;
  running = false;
  /** Requests for the messages missed while disconnected, by thread type. */
  readonly oldRequests: ThreadType[] = [];

  requestOldMessages(type: ThreadType): void {
    this.oldRequests.push(type);
  }

  start(_options?: { retryOnClose?: boolean }): void {
    if (this.running) throw new ZaloApiError("Already started");
    this.running = true;
    this.starts++;
    setImmediate(() => this.running && this.emit("connected"));
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.stops++;
    setImmediate(() => this.emit("closed", 1000, ""));
  }

  /** The server or the network ends the connection. */
  drop(code: number, reason = ""): void {
    this.running = false;
    this.emit("error", { message: "socket closed" });
    this.emit("closed", code, reason);
  }

  deliver(message: Message): void {
    this.emit("message", message);
  }
}

export interface SentMessage {
  threadId: string;
  type: ThreadType;
  content: MessageContent;
  at: number;
}

/** What the fake answers to one send: delivered, an error, or Zalo's silent empty result. */
export type Outcome = "ok" | "empty" | ZaloApiError;

export class FakeZaloApi implements ZaloPort {
  readonly listener = new FakeListener();
  /** Sends Zalo accepted, in order. */
  readonly sent: SentMessage[] = [];
  /** Every call, accepted or not. */
  calls = 0;
  keepAlives = 0;
  keepAliveError: ZaloApiError | undefined;
  cookieValue = "zpw_sek_v1";
  private nextId = 100;

  constructor(
    private readonly timer: Timer,
    /** Decides each call's outcome; by default every send is delivered. */
    public respond: (call: number, threadId: string, content: MessageContent) => Outcome = () => "ok",
  ) {}

  async sendMessage(message: MessageContent | string, threadId: string, type: ThreadType = ThreadType.User): Promise<SendMessageResponse> {
    const content = typeof message === "string" ? { msg: message } : message;
    const outcome = this.respond(++this.calls, threadId, content);
    if (outcome instanceof ZaloApiError) throw outcome;
    if (outcome === "empty") return { message: null, attachment: [] };
    this.sent.push({ threadId, type, content, at: this.timer.now() });
    const files = content.attachments === undefined ? [] : [content.attachments].flat();
    return files.length > 0 ? { message: null, attachment: files.map(() => ({ msgId: this.nextId++ })) } : { message: { msgId: this.nextId++ }, attachment: [] };
  }

  getOwnId(): string {
    return BOT_ID;
  }

  async keepAlive(): Promise<unknown> {
    this.keepAlives++;
    if (this.keepAliveError) throw this.keepAliveError;
    this.cookieValue = `zpw_sek_v${this.keepAlives + 1}`;
    return { config_vesion: 1 };
  }

  getCookie(): { toJSON(): { cookies: StoredCookie[] } } {
    return { toJSON: () => ({ cookies: [{ key: "zpw_sek", value: this.cookieValue, domain: "chat.zalo.me", path: "/" }] }) };
  }

  getContext(): { imei: string; userAgent: string; language: string } {
    return { imei: "imei-test", userAgent: "Mozilla/5.0 test", language: "vi" };
  }

  /** The texts sent to a thread, in order. */
  textsTo(threadId: string): string[] {
    return this.sent.filter((s) => s.threadId === threadId && s.content.msg).map((s) => s.content.msg);
  }
}

let seq = 5_000_000;

function data(from: string, to: string, content: TMessage["content"], msgType: string, name: string): TMessage {
  const id = ++seq;
  return {
    actionId: String(id),
    msgId: String(id),
    cliMsgId: String(id + 1_000_000),
    msgType,
    uidFrom: from,
    idTo: to,
    dName: name,
    ts: String(1_700_000_000_000 + id),
    status: 1,
    content,
    notify: "1",
    ttl: 0,
    userId: "0",
    uin: "0",
    topOut: "0",
    topOutTimeOut: "0",
    topOutImprTimeOut: "0",
    propertyExt: undefined,
    paramsExt: { countUnread: 1, containType: 0, platformType: 1 },
    cmd: 501,
    st: 3,
    at: 5,
    realMsgId: "0",
    quote: undefined,
  };
}

/** A private message from `from` to the bot, as zca-js builds it from the websocket. */
export function userMessage(from: string, content: TMessage["content"], options: { msgType?: string; name?: string; same?: UserMessage } = {}): UserMessage {
  const d = data(from, "0", content, options.msgType ?? "webchat", options.name ?? `Cán bộ ${from}`);
  if (options.same) Object.assign(d, { msgId: options.same.data.msgId, cliMsgId: options.same.data.cliMsgId });
  return new UserMessage(BOT_ID, d);
}

/** A message in group `group` from `from`, optionally mentioning or quoting. */
export function groupMessage(
  group: string,
  from: string,
  content: TMessage["content"],
  options: { mentions?: TMention[]; quote?: TQuote; msgType?: string } = {},
): GroupMessage {
  const d: TGroupMessage = { ...data(from, group, content, options.msgType ?? "webchat", `Thành viên ${from}`), mentions: options.mentions, quote: options.quote };
  return new GroupMessage(BOT_ID, d);
}

/** A quote of one of the bot's own messages, as Zalo attaches it to a reply. */
export function quoteOfBot(text: string): TQuote {
  return { ownerId: BOT_ID, cliMsgId: 1, globalMsgId: 2, cliMsgType: 1, ts: 1_700_000_000_000, msg: text, attach: "", fromD: "Trợ lý Kế hoạch", ttl: 0 };
}

/** A pino logger writing into memory, to check what operators would read. */
export function memoryLog(): { log: Logger; text(): string } {
  const lines: string[] = [];
  return { log: pino({ level: "debug" }, { write: (line: string) => void lines.push(line) }), text: () => lines.join("") };
}
