/**
 * The Telegram channel: grammY in front of the channel-neutral brain. Long polling by
 * default, webhook mode when configured; every reply and every proactive message goes out
 * through the one bot.api, which carries auto-retry.
 */
import type { Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { Bot, type BotError, type Context } from "grammy";
import type { Update } from "grammy/types";
import type { Brain } from "../../core/brain.js";
import { createInbox, memoryStore, type InboxStore } from "../../core/inbox.js";
import { type Channel, type IncomingMessage, RecipientGoneError } from "../../core/messages.js";
import type { Logger } from "../../log.js";
import { withDeadline } from "./deadline.js";
import { describeError, isRecipientGone } from "./errors.js";
import { isEmpty, toIncoming } from "./incoming.js";
import { deliver } from "./send.js";
import { commands, texts } from "./texts.js";
import { closeServer, serveWebhook } from "./webhook.js";

export const ALLOWED_UPDATES: ReadonlyArray<Exclude<keyof Update, "update_id">> = [
  "message",
  "edited_message",
  "callback_query",
];

export type TelegramContext = Context & {
  /** Carries update_id and chat_id on every line logged while handling this update. */
  log: Logger;
};

export interface TelegramOptions {
  token: string;
  /** Bot API server without a trailing slash: Telegram, a self-hosted server or a test double. */
  apiRoot: string;
  /** How long one call, retries included, may take; DEFAULT_TIMEOUT_MS when unset. */
  timeoutMs?: number;
  /** The secret is required: without it anyone who learns the URL can post forged updates. */
  webhook?: { url: string; secret: string; port: number; host?: string } | undefined;
  brain: Brain;
  log: Logger;
  /** Where updates wait to be handled; the service's database, or memory when there is none. */
  inbox?: InboxStore;
}

export interface TelegramChannel {
  channel: Channel;
  start(): Promise<void>;
  stop(): Promise<void>;
  bot: Bot<TelegramContext>;
  /** A t.me deep link that starts the bot with the code, once start() has learnt the username. */
  inviteLink(code: string): string | undefined;
  /** The address the webhook server listens on, in webhook mode. */
  webhookAddress(): string | undefined;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
/** The long poll's own timeout (grammY's default), and a margin for the answer to arrive. */
const POLL_SECONDS = 30;
const POLL_MARGIN_SECONDS = 10;
/** How long a reply may wait for its "typing" indicator before going out without it. */
const TYPING_WAIT_MS = 2_000;
/** Replies faster than this need no "typing" indicator: it would cost a call and show nothing. */
const TYPING_AFTER_MS = 700;
/** How long stop() waits for Telegram to confirm the last update offset. */
const STOP_CONFIRM_MS = 5_000;
/** How long stop() lets the replies under way finish. */
const STOP_GRACE_MS = 10_000;
/** Edited messages already answered with a note, bounded so a long-running bot does not grow. */
const EDIT_MEMORY = 1_000;

export function createTelegramChannel(options: TelegramOptions): TelegramChannel {
  const log = options.log.child({ channel: "telegram" });
  // A long poll through a network that silently drops packets would otherwise hang for grammY's
  // default 500 s before the loop notices and asks again.
  const bot = new Bot<TelegramContext>(options.token, {
    client: { apiRoot: options.apiRoot.replace(/\/+$/, ""), timeoutSeconds: POLL_SECONDS + POLL_MARGIN_SECONDS },
  });
  bot.api.config.use(withDeadline(options.timeoutMs ?? DEFAULT_TIMEOUT_MS));
  const api = bot.api;

  const channel: Channel = {
    name: "telegram",
    async send(to, message) {
      try {
        await deliver(api, to.chatId, message);
      } catch (err) {
        if (isRecipientGone(err)) throw new RecipientGoneError(to, err);
        throw err;
      }
    },
    async fetchFile(ref, maxBytes) {
      const file = await api.getFile(ref);
      if (!file.file_path || (file.file_size ?? 0) > maxBytes) return undefined;
      const res = await fetch(`${options.apiRoot.replace(/\/+$/, "")}/file/bot${options.token}/${file.file_path}`, {
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      if (!res.ok) return undefined;
      const data = Buffer.from(await res.arrayBuffer());
      return data.length > maxBytes ? undefined : data;
    },
  };

  const noted = new Set<string>();
  const inbox = createInbox({ store: options.inbox ?? memoryStore(), handle: reply, log });
  /** Button answers and edit notes under way: they run beside the polling loop, not in it. */
  const aside = new Set<Promise<void>>();
  const beside = (work: Promise<void>): void => {
    aside.add(work);
    void work.finally(() => aside.delete(work));
  };

  /**
   * The update is only stored here: the polling loop (or the webhook's answer) goes on to the
   * next update at once, and the chat's lane handles it. The button's spinner is stopped now,
   * whatever waits in the lane.
   */
  function accept(ctx: TelegramContext): void {
    if (ctx.callbackQuery) beside(settleQuery(ctx));
    const msg = toIncoming(ctx.update, ctx.me);
    if (msg !== undefined) inbox.accept(msg);
  }

  async function reply(msg: IncomingMessage): Promise<void> {
    const l = log.child({ update_id: Number(msg.eventId), chat_id: Number(msg.chatId) });
    try {
      if (isEmpty(msg)) {
        if (msg.chatKind === "private") await deliver(api, msg.chatId, { text: texts.unsupported });
        return;
      }
      l.debug({ chat_kind: msg.chatKind, addressed: msg.addressed, choice: msg.choice !== undefined }, "incoming");
      let indicator: Promise<void> | undefined;
      const slow = msg.addressed ? setTimeout(() => (indicator = typing(l, msg.chatId)), TYPING_AFTER_MS) : undefined;
      const replies = await options.brain.handle(msg).finally(() => clearTimeout(slow));
      // The indicator, when one went out, must not land after the reply and show "typing" under it.
      await indicator;
      for (const r of replies) await deliver(api, msg.chatId, r);
    } catch (err) {
      l.error({ err: describeError(err) }, "update handling failed");
      if (msg.addressed) await apologize(l, msg.chatId, err);
    }
  }

  /**
   * Stops the button's spinner and, in a private chat, removes the keyboard so a step is not
   * answered twice. In a group the keyboard stays: a member not entitled to press it (whom the
   * core refuses) must not take it away from the one who is.
   */
  async function settleQuery(ctx: TelegramContext): Promise<void> {
    const query = ctx.callbackQuery!;
    const answered = api.answerCallbackQuery(query.id).then(
      () => undefined,
      (err: unknown) => ctx.log.warn({ err: describeError(err) }, "answerCallbackQuery failed"),
    );
    const message = query.message;
    // date 0 marks a message too old to be edited.
    if (message !== undefined && message.date !== 0 && message.chat.type === "private") {
      try {
        await api.editMessageReplyMarkup(message.chat.id, message.message_id);
      } catch (err) {
        ctx.log.debug({ err: describeError(err) }, "keyboard not removed");
      }
    }
    await answered;
  }

  async function typing(l: Logger, chatId: string): Promise<void> {
    try {
      // grammY types its signal with the abort-controller shim; Node's own signal works the same.
      const signal = AbortSignal.timeout(TYPING_WAIT_MS) as Parameters<typeof api.sendChatAction>[3];
      await api.sendChatAction(chatId, "typing", undefined, signal);
    } catch (err) {
      l.warn({ err: describeError(err) }, "sendChatAction failed");
    }
  }

  /** An edit is not read as a new report; the user is told once per message, in private. */
  function noteEdit(ctx: TelegramContext): void {
    const edited = ctx.editedMessage!;
    const key = `${edited.chat.id}:${edited.message_id}`;
    if (edited.chat.type !== "private" || noted.has(key)) return;
    noted.add(key);
    if (noted.size > EDIT_MEMORY) noted.delete(noted.values().next().value!);
    beside(deliver(api, String(edited.chat.id), { text: texts.editIgnored }).catch((err: unknown) => ctx.log.warn({ err: describeError(err) }, "edit note not delivered")));
  }

  async function apologize(l: Logger, chatId: string, err: unknown): Promise<void> {
    if (isRecipientGone(err)) return;
    try {
      await deliver(api, chatId, { text: texts.apology });
    } catch (e) {
      l.warn({ err: describeError(e) }, "apology not delivered");
    }
  }

  /** What fails before an update is stored (grammY itself, a malformed update) is logged and apologised for. */
  async function failed(err: BotError<TelegramContext>): Promise<void> {
    const ctx = err.ctx;
    const l = ctx.log ?? log.child({ update_id: ctx.update.update_id });
    l.error({ err: describeError(err.error) }, "update handling failed");
    if (ctx.chat?.type === "private") await apologize(l, String(ctx.chat.id), err.error);
  }

  bot.use(async (ctx, next) => {
    ctx.log = log.child({ update_id: ctx.update.update_id, chat_id: ctx.chat?.id });
    await next();
  });
  // bot.catch only sees errors under long polling; the boundary gives webhook mode the same
  // apology, and keeps a failing update from ever reaching grammY's webhook error path.
  const safe = bot.errorBoundary(failed);
  safe.on("edited_message", noteEdit);
  safe.on(["message", "callback_query"], accept);
  bot.catch(failed);

  async function registerCommands(): Promise<void> {
    try {
      await api.setMyCommands(commands);
    } catch (err) {
      log.warn({ err: describeError(err) }, "setMyCommands failed; the command menu is left as it was");
    }
  }

  let polling: Promise<void> | undefined;
  let server: Server | undefined;

  async function startWebhook(webhook: NonNullable<TelegramOptions["webhook"]>): Promise<void> {
    server = await serveWebhook(bot, { port: webhook.port, host: webhook.host ?? "127.0.0.1", secret: webhook.secret }, log);
    try {
      await api.setWebhook(webhook.url, {
        secret_token: webhook.secret,
        allowed_updates: ALLOWED_UPDATES,
        drop_pending_updates: false,
      });
    } catch (err) {
      await closeServer(server);
      server = undefined;
      throw err;
    }
    log.info({ username: bot.botInfo.username, port: webhook.port }, "Telegram webhook ready");
  }

  function startPolling(): Promise<void> {
    return new Promise((resolve, reject) => {
      polling = bot
        .start({
          drop_pending_updates: false,
          allowed_updates: ALLOWED_UPDATES,
          onStart: (me) => {
            log.info({ username: me.username }, "Telegram long polling started");
            resolve();
          },
        })
        .catch((err: unknown) => {
          log.error({ err: describeError(err) }, "Telegram long polling stopped");
          reject(err);
        });
    });
  }

  return {
    channel,
    bot,
    async start() {
      await bot.init();
      await registerCommands();
      if (options.webhook) await startWebhook(options.webhook);
      else await startPolling();
    },
    async stop() {
      if (server) {
        const s = server;
        server = undefined;
        await closeServer(s);
      }
      if (bot.isRunning()) {
        // With the server unreachable the confirming getUpdates could hold shutdown until the
        // client's timeout. Unconfirmed updates come again and the core dedupes them.
        const stopped = bot.stop().then(() => "confirmed" as const, (err: unknown) => describeError(err));
        const outcome = await within(stopped, STOP_CONFIRM_MS);
        if (outcome !== "confirmed") log.warn({ err: outcome ?? "timed out" }, "last update offset not confirmed");
      }
      await polling;
      polling = undefined;
      // Replies under way get a moment to go out; what is left stays in the inbox for the next start.
      const grace = new AbortController();
      await inbox.close(sleep(STOP_GRACE_MS, undefined, { signal: grace.signal }).catch(() => undefined));
      grace.abort();
      await Promise.all([...aside]);
    },
    webhookAddress() {
      const address = server?.address();
      return address && typeof address === "object" ? address.address : undefined;
    },
    inviteLink(code) {
      if (!bot.isInited() || !/^[A-Za-z0-9_-]{1,64}$/.test(code)) return undefined;
      return `https://t.me/${bot.botInfo.username}?start=${code}`;
    },
  };
}

/** The promise's value, or undefined once `ms` have passed (without keeping the process alive). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
    void promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}
