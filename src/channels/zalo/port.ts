/**
 * The part of zca-js's `API` the Zalo channel uses, narrowed so that tests stand a fake at
 * exactly this boundary. `RealZaloApi` stops compiling if a zca-js upgrade changes any of it.
 */
import type { API, Message, MessageContent, SendMessageResponse, ThreadType } from "zca-js";

/** zca-js's websocket listener: an EventEmitter that is started once and reports its closes. */
export interface ZaloListener {
  on(event: "message", listener: (message: Message) => void): unknown;
  on(event: "connected", listener: () => void): unknown;
  on(event: "closed", listener: (code: number, reason: string) => void): unknown;
  on(event: "error", listener: (error: unknown) => void): unknown;
  on(event: "old_messages", listener: (messages: Message[], type: ThreadType) => void): unknown;
  off(event: "message", listener: (message: Message) => void): unknown;
  off(event: "connected", listener: () => void): unknown;
  off(event: "closed", listener: (code: number, reason: string) => void): unknown;
  off(event: "error", listener: (error: unknown) => void): unknown;
  off(event: "old_messages", listener: (messages: Message[], type: ThreadType) => void): unknown;
  start(options?: { retryOnClose?: boolean }): void;
  stop(): void;
  /** Asks the server for the messages sent while the socket was down; they come as "old_messages". */
  requestOldMessages(type: ThreadType, lastMsgId?: string | null): void;
}

/** A cookie as tough-cookie serialises it (`key`) or a browser extension exports it (`name`). */
export interface StoredCookie {
  key?: string;
  value?: string;
  [field: string]: unknown;
}

export interface ZaloPort {
  listener: ZaloListener;
  sendMessage(message: MessageContent | string, threadId: string, type?: ThreadType): Promise<SendMessageResponse>;
  /** The logged-in account's user id: how its own messages are recognised when quoted or mentioned. */
  getOwnId(): string;
  /** A request Zalo Web makes to keep the session alive; it also renews the session cookies. */
  keepAlive(): Promise<unknown>;
  getCookie(): { toJSON(): { cookies: StoredCookie[] } | undefined };
  getContext(): {
    imei: string;
    userAgent: string;
    language?: string;
    /** Uploads waiting for their websocket event; an abandoned one is removed, or it waits for minutes. */
    uploadCallbacks?: Map<string, unknown>;
  };
}

type Fits<T extends ZaloPort> = T;

/** What a real login returns, checked against the port at compile time. */
export type RealZaloApi = Fits<API>;
