/**
 * DESIGN §7 "inbound pipeline": progress reports through the real grammY stack (long polling,
 * auto-retry, the channel's typing indicator and button handling) and the real brain (dedupe,
 * registration lookup, reading, drafts, the stored report) on a SQLite file, as a fraction of a
 * bare grammY echo bot. Both bots poll their own fresh Bot API double in this process and get
 * the same updates in the same two batches: every chat writes, then every chat answers the
 * reply. A focal point writes a free-text report and confirms the draft with its button; the
 * echo bot is written to twice.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Bot } from "grammy";
import { createTelegramChannel } from "../../../src/channels/telegram/bot.js";
import { redeemInvite } from "../../../src/core/contacts.js";
import { T } from "../../../src/core/texts.js";
import { listReports } from "../../../src/reports/store.js";
import { openTestApp, silent } from "../../support/app.js";
import { BotApiDouble, type Delivery } from "../../support/bot-api-double.js";

export interface InboundFigures {
  /** Updates a second: the product, and the echo bot. */
  botRate: number;
  echoRate: number;
  ratio: number;
  /** Updates each bot handled in the measured rounds. */
  updates: number;
  /** Reports stored by the measured rounds (one per confirmed draft). */
  stored: number;
  /** Drafts that came without the confirm button, so were not confirmed. */
  unconfirmed: number;
}

interface Reply {
  as: string;
  text: string;
  question?: boolean;
}

/** One round: a batch of texts, then a batch of answers to their replies; returns the seconds. */
interface Subject {
  round(chats: number[]): Promise<number>;
  stop(): Promise<void>;
}

const WAIT_MS = 120_000;
/** Chats of the warm-up round, which JIT-compiles both stacks and opens their connections. */
const WARM_UP_CHATS = 30;

/** Chats numbered from `first`: positive ids are private chats on the double. */
const chatRange = (first: number, n: number) => Array.from({ length: n }, (_, i) => first + i);

const replies = (JSON.parse(readFileSync(new URL("../../fixtures/replies.json", import.meta.url), "utf8")) as { replies: Reply[] }).replies.filter(
  (r) => r.question !== true,
);

function allDelivered(double: BotApiDouble, count: number): Promise<true> {
  return double.waitFor(() => double.deliveries.length >= count, WAIT_MS, `${count} deliveries`);
}

async function echoBot(): Promise<Subject> {
  const double = await BotApiDouble.start();
  const bot = new Bot(double.token, { client: { apiRoot: double.apiRoot } });
  bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
  await new Promise<void>((resolve) => void bot.start({ onStart: () => resolve() }));
  return {
    async round(chats) {
      const start = performance.now();
      for (const phase of ["Tin thứ nhất", "Tin thứ hai"]) {
        const expected = double.deliveries.length + chats.length;
        for (const chat of chats) double.pushText(chat, `${phase} của ${chat}`);
        await allDelivered(double, expected);
      }
      return (performance.now() - start) / 1000;
    },
    async stop() {
      // Confirming the last offset is of no use to a bench, and may meet a reset connection.
      await bot.stop().catch(() => undefined);
      await double.close();
    },
  };
}

async function productBot(): Promise<Subject & { stored(): number; unconfirmed: number }> {
  const double = await BotApiDouble.start();
  const t = openTestApp({ now: "2024-11-05T09:00:00+07:00" }); if (process.env.SYNC) t.app.db.$client.pragma(`synchronous = ${process.env.SYNC}`);
  const telegram = createTelegramChannel({ token: double.token, apiRoot: double.apiRoot, brain: t.brain, log: silent });
  await telegram.start();
  const registered = new Set<number>();
  let unconfirmed = 0;
  const replyOf = (chat: number) => replies[chat % replies.length]!;
  return {
    async round(chats) {
      for (const chat of chats.filter((c) => !registered.has(c))) {
        const r = redeemInvite(t.app.db, t.invite(replyOf(chat).as), { channel: "telegram", chatId: String(chat), chatKind: "private", displayName: `Cán bộ ${chat}` }, t.clock.now());
        if (!r.ok) throw new Error(`bench: registration failed (${r.reason})`);
        registered.add(chat);
      }
      const start = performance.now();
      let expected = double.deliveries.length + chats.length;
      for (const chat of chats) double.pushText(chat, replyOf(chat).text);
      await allDelivered(double, expected);
      const drafts = chats.map((chat) => double.sentTo(chat).at(-1)!);
      expected = double.deliveries.length + chats.length;
      for (const draft of drafts) {
        const data = confirmData(draft);
        if (data === undefined) unconfirmed++;
        double.pushCallback(draft, data ?? "/huy");
      }
      await allDelivered(double, expected);
      return (performance.now() - start) / 1000;
    },
    stored: () => listReports(t.app.db, t.app.active().id, { history: true }).length,
    get unconfirmed() {
      return unconfirmed;
    },
    async stop() {
      await telegram.stop();
      await double.close();
      t.dispose();
    },
  };
}

function confirmData(d: Delivery): string | undefined {
  const rows = (d.replyMarkup?.inline_keyboard ?? []) as { text: string; callback_data?: string }[][];
  return rows.flat().find((b) => b.text === T.confirm)?.callback_data;
}

/**
 * `chats` chats each send two updates per round, `rounds` rounds, bots alternating so that
 * neither gets a warmer machine; the figure compares the total times.
 */
export async function inboundBench(chats = 250, rounds = 2): Promise<InboundFigures> {
  const echo = await echoBot();
  const bot = await productBot();
  try {
    await echo.round(chatRange(1, WARM_UP_CHATS));
    await bot.round(chatRange(1, WARM_UP_CHATS));
    const storedBefore = bot.stored();
    const unconfirmedBefore = bot.unconfirmed;
    let echoSeconds = 0;
    let botSeconds = 0;
    for (let i = 0; i < rounds; i++) {
      const batch = chatRange(10_000 + i * chats, chats);
      echoSeconds += await echo.round(batch);
      botSeconds += await bot.round(batch);
    }
    const updates = 2 * chats * rounds;
    const echoRate = updates / echoSeconds;
    const botRate = updates / botSeconds;
    return {
      botRate,
      echoRate,
      ratio: botRate / echoRate,
      updates,
      stored: bot.stored() - storedBefore,
      unconfirmed: bot.unconfirmed - unconfirmedBefore,
    };
  } finally {
    await echo.stop();
    await bot.stop();
  }
}
