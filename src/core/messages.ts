/**
 * The one message model every channel speaks. Adapters turn platform events into an
 * IncomingMessage and render an OutgoingMessage; the core sees nothing else of a platform.
 */

export type ChannelName = "telegram" | "zalo" | "console";

export interface Attachment {
  kind: "photo" | "document" | "voice" | "sticker" | "other";
  /** The platform's file id, to fetch or forward it later. */
  ref: string;
  name?: string;
  size?: number;
}

export interface IncomingMessage {
  channel: ChannelName;
  /** Where replies go: the user for a private chat, the group for a group. */
  chatId: string;
  chatKind: "private" | "group";
  /** Who wrote it (the same as chatId in a private chat). */
  userId: string;
  userName: string;
  /** Unique per platform event (Telegram update_id, Zalo msgId); a repeat is ignored. */
  eventId: string;
  /** Text or caption, as typed. */
  text?: string;
  /** The value of a pressed button (Telegram callback data). Untrusted: checked like typed input. */
  choice?: string;
  attachments?: Attachment[];
  /** In a group: a command, a reply to the bot or a mention. Always true in a private chat. */
  addressed: boolean;
}

export interface Choice {
  label: string;
  /**
   * Either a command line ("/baocao 4 2024-Q1"), which is authorised exactly like the same
   * command typed, or an answer to the current conversation step, accepted only while that
   * step offers it. Short enough for Telegram's 64-byte callback data.
   */
  value: string;
  /**
   * What the user types for it where there are no buttons: a task's own number ("6", "5a").
   * Choices without one are named by letters (core/choices.ts), never by list position.
   */
  key?: string;
}

export interface OutgoingFile {
  name: string;
  mime: string;
  data: Buffer;
}

export interface OutgoingMessage {
  /** Plain text; each channel escapes or formats it for its platform. */
  text: string;
  choices?: Choice[];
  file?: OutgoingFile;
}

/** A place a message can be sent to without a message to answer: reminders, alerts. */
export interface Address {
  channel: ChannelName;
  chatId: string;
  chatKind: "private" | "group";
}

/** What a channel offers the rest of the product for sending on its own initiative. */
export interface Channel {
  readonly name: ChannelName;
  send(to: Address, message: OutgoingMessage): Promise<void>;
  /**
   * The bytes of a file a user sent (by the attachment's ref), at most `maxBytes`; undefined
   * when the platform no longer has it or it is larger. Channels that keep no files lack it.
   */
  fetchFile?(ref: string, maxBytes: number): Promise<Buffer | undefined>;
}

/** The error a channel throws when the recipient has blocked the bot or left: retrying is pointless. */
export class RecipientGoneError extends Error {
  constructor(readonly address: Address, cause?: unknown) {
    super(`recipient ${address.channel}:${address.chatId} is unreachable`, { cause });
  }
}

/**
 * The error a channel throws when its platform cannot be reached in time (network down, the
 * service blocked): the message was not accepted, and nothing else sent now on that channel is
 * likely to be. Whoever sends waits for a later pass instead of piling up tries.
 */
export class ChannelUnavailableError extends Error {
  constructor(readonly channel: ChannelName, cause?: unknown) {
    super(`${channel} is unreachable`, { cause });
  }
}
