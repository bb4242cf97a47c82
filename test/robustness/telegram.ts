/**
 * The real service (brain, SQLite file, grammY long polling) against the Bot API double, with
 * the means the robustness tests share (the reminder scheduler only when asked for, so that no
 * reminder lands among the replies a test collects): register a chat through a real invite, type a text or
 * press a button in it, and collect exactly the replies that update produced.
 *
 * Updates are handled once Telegram has them confirmed (every update queued taken by a poll) and
 * the inbox is empty again: a row leaves the inbox only after its replies went out.
 */
import { join } from "node:path";
import { count } from "drizzle-orm";
import { ManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { createInvite, redeemInvite, type Contact, type Role } from "../../src/core/contacts.js";
import type { Db } from "../../src/db/connection.js";
import { inbox } from "../../src/db/schema.js";
import { startService, type RunningService } from "../../src/service.js";
import { BotApiDouble, type Delivery, type DoubleOptions, type TgUser } from "../support/bot-api-double.js";
import { silent, tempDir } from "../support/app.js";

export interface TelegramRig {
  api: BotApiDouble;
  service: RunningService;
  clock: ManualClock;
  dir: string;
  /** Registers `chat` for the agency (code) through a one-time invite, as `/start <code>` does. */
  register(agency: string, chat: number, role?: Role, kind?: "private" | "group"): Contact;
  /** Queues updates with `queue`, waits until all are handled, returns the replies in `chat`. */
  exchange(chat: number, queue: () => void): Promise<string[]>;
  say(chat: number, text: string, from?: TgUser): Promise<string[]>;
  /** A press of a button with `data` on the last message in the chat (or one the bot never sent). */
  press(chat: number, data: string, from?: TgUser): Promise<string[]>;
  /** Waits until every update queued so far is handled. */
  drain(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const DRAIN_MS = 60_000;

/** Waits until every update queued on the double so far has been taken by the bot and handled. */
export async function drained(api: BotApiDouble, db: Db, ms = DRAIN_MS): Promise<void> {
  const end = Date.now() + ms;
  while (api.pendingCount > 0 || db.select({ n: count() }).from(inbox).get()!.n > 0) {
    if (Date.now() > end) throw new Error(`updates still waiting after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function telegramRig(
  options: { now?: string; env?: Record<string, string>; double?: DoubleOptions; dir?: string; scheduler?: boolean } = {},
): Promise<TelegramRig> {
  const api = await BotApiDouble.start(options.double);
  const dir = options.dir ?? tempDir("kehoach-robust-");
  const clock = new ManualClock(options.now ?? "2024-03-20T09:00:00+07:00");
  const config = loadConfig({
    DATABASE_PATH: join(dir, "kehoach.sqlite"),
    ZALO_CREDENTIALS_FILE: join(dir, "none.json"),
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    ...options.env,
  });
  let service = await startService(config, silent, { clock, scheduler: options.scheduler ?? false });

  const botMessage = (chat: number) => ({
    message_id: 1,
    date: Math.floor(clock.now().getTime() / 1000),
    chat: chat > 0 ? { id: chat, type: "private", first_name: `Cán bộ ${chat}` } : { id: chat, type: "supergroup", title: `Nhóm ${-chat}` },
    from: { id: api.me.id, is_bot: true, first_name: api.me.first_name, username: api.me.username },
    text: "Trợ lý Kế hoạch",
  });

  const rig: TelegramRig = {
    api,
    get service() {
      return service;
    },
    clock,
    dir,
    register(agency, chat, role = "focal", kind = chat > 0 ? "private" : "group") {
      const { code } = createInvite(service.app.db, agency, role, "test", clock.now());
      const r = redeemInvite(service.app.db, code, { channel: "telegram", chatId: String(chat), chatKind: kind, displayName: `Cán bộ ${chat}` }, clock.now());
      if (!r.ok) throw new Error(`registration failed: ${r.reason}`);
      return r.contact;
    },
    drain: () => drained(api, service.app.db),
    async exchange(chat, queue) {
      const mark = api.sentTo(chat).length;
      queue();
      await rig.drain();
      return api.sentTo(chat).slice(mark).map((d) => d.text);
    },
    say(chat, text, from) {
      return rig.exchange(chat, () => api.pushText(chat, text, from ? { from } : {}));
    },
    press(chat, data, from) {
      const last = api.sentTo(chat).at(-1) ?? ({ chatId: String(chat), message: botMessage(chat) } as unknown as Delivery);
      return rig.exchange(chat, () => api.pushCallback(last, data, from));
    },
    async restart() {
      await service.stop();
      service = await startService(config, silent, { clock, scheduler: options.scheduler ?? false });
    },
    async stop() {
      await service.stop();
      await api.close();
    },
  };
  return rig;
}
