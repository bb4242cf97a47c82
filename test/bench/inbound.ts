/**
 * DESIGN §7 "inbound pipeline": progress reports through the real grammY stack (long polling,
 * auto-retry, the channel's typing indicator and button handling) and the real brain (dedupe,
 * registration lookup, reading, drafts, the stored report) on a SQLite file, as a fraction of a
 * bare grammY echo bot. Each bot polls its own fresh Bot API double in this process and gets the
 * same updates in the same two batches: every chat writes, then every chat answers the reply.
 * Chats of one agency often report the same task and period; the product then shows the report
 * already given and asks «Bổ sung» or «Thay thế», and those chats press «Thay thế» (a third
 * update, counted as one).
 * A focal point writes a free-text report and confirms the draft with its button; the echo bot
 * is written to twice.
 *
 * A third bot, the product's Telegram channel in front of a stand-in that answers at once with
 * replies of the same shape, splits the gap between the channel and what lies behind it. The
 * product stores each update in its inbox (the SQLite file) as the service does.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Bot } from "grammy";
import { createTelegramChannel } from "../../src/channels/telegram/bot.js";
import type { Brain } from "../../src/core/brain.js";
import { databaseStore } from "../../src/core/inbox.js";
import { redeemInvite } from "../../src/core/contacts.js";
import { T } from "../../src/core/texts.js";
import { listReports } from "../../src/reports/store.js";
import { openTestApp, silent } from "../support/app.js";
import { BotApiDouble, type Delivery } from "../support/bot-api-double.js";

export interface InboundFigures {
  /** Updates a second through the product, the channel before the stand-in, and the echo bot (NaN when not run). */
  botRate: number;
  channelRate: number;
  echoRate: number;
  /** botRate / echoRate. */
  ratio: number;
  /** CPU time of this process per update, in the product's and the echo bot's median rounds (ms). */
  botCpuMs: number;
  echoCpuMs: number;
  /** Chats in a round, and the product's updates in its median round (two a chat, three where asked to replace). */
  chats: number;
  updates: number;
  rounds: number;
  /** Reports stored by the measured rounds (one per confirmed draft). */
  stored: number;
  /** Drafts that came without the confirm button, so were cancelled instead. */
  unconfirmed: number;
}

interface Reply {
  as: string;
  text: string;
  question?: boolean;
}

interface Subject {
  double: BotApiDouble;
  /** Untimed: whatever the chats need before they write (a registration). */
  prepare?(chats: number[]): void;
  /** The first update of a chat in a round … */
  write(chat: number): void;
  /** … and the second, an answer to the bot's reply … */
  answer(chat: number): void;
  /** … and a third where the bot asks one more thing; false when it does not. */
  more?(chat: number): boolean;
  stop(): Promise<void>;
}

const WAIT_MS = 120_000;
/** Chats of the warm-up round, which JIT-compiles each stack and opens its connections. */
const WARM_UP_CHATS = 30;

/** Chats numbered from `first`: positive ids are private chats on the double. */
const chatRange = (first: number, n: number) => Array.from({ length: n }, (_, i) => first + i);

const replies = (JSON.parse(readFileSync(new URL("../fixtures/replies.json", import.meta.url), "utf8")) as { replies: Reply[] }).replies.filter(
  (r) => r.question !== true,
);
const replyOf = (chat: number) => replies[chat % replies.length]!;

/** Pushes one update per chat and waits until each has had its reply. */
async function batch(double: BotApiDouble, chats: number[], push: (chat: number) => void): Promise<void> {
  const expected = double.deliveries.length + chats.length;
  for (const chat of chats) push(chat);
  await double.waitFor(() => double.deliveries.length >= expected, WAIT_MS, `${expected} deliveries`);
}

interface Timing {
  seconds: number;
  cpuMs: number;
  updates: number;
}

/**
 * Every chat writes and then answers the reply. Together: all chats write at once, then all
 * answer; one by one: each chat's updates, each waiting for its reply, before the next chat's.
 */
async function round(s: Subject, chats: number[], together: boolean): Promise<Timing> {
  s.prepare?.(chats);
  const cpu = process.cpuUsage();
  const start = performance.now();
  let updates = 0;
  for (const group of together ? [chats] : chats.map((c) => [c])) {
    await batch(s.double, group, (c) => s.write(c));
    await batch(s.double, group, (c) => s.answer(c));
    const asked = group.filter((c) => s.more?.(c) === true);
    const expected = s.double.deliveries.length + asked.length;
    await s.double.waitFor(() => s.double.deliveries.length >= expected, WAIT_MS, `${expected} deliveries`);
    updates += 2 * group.length + asked.length;
  }
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - start) / 1000, cpuMs: (used.user + used.system) / 1000, updates };
}

/** The round of median rate (the upper one of an even count). */
function median(timings: Timing[]): Timing {
  return [...timings].sort((a, b) => b.updates / b.seconds - a.updates / a.seconds)[Math.floor(timings.length / 2)]!;
}

function buttons(d: Delivery): { text: string; callback_data?: string }[] {
  return ((d.replyMarkup?.inline_keyboard ?? []) as { text: string; callback_data?: string }[][]).flat();
}

function confirmData(d: Delivery): string | undefined {
  return buttons(d).find((b) => b.text === T.confirm)?.callback_data;
}

async function echoBot(double: BotApiDouble): Promise<Subject> {
  const bot = new Bot(double.token, { client: { apiRoot: double.apiRoot } });
  bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
  await new Promise<void>((resolve) => void bot.start({ onStart: () => resolve() }));
  return {
    double,
    write: (chat) => double.pushText(chat, replyOf(chat).text),
    answer: (chat) => double.pushText(chat, T.confirm),
    async stop() {
      // Confirming the last offset is of no use to a bench, and may meet a reset connection.
      await bot.stop().catch(() => undefined);
      await double.close();
    },
  };
}

/** Presses the draft's confirm button (or, should a draft lack one, sends /huy so the count holds). */
function confirmer(double: BotApiDouble, missing: () => void): (chat: number) => void {
  return (chat) => {
    const draft = double.sentTo(chat).at(-1)!;
    const data = confirmData(draft);
    if (data === undefined) missing();
    double.pushCallback(draft, data ?? "/huy");
  };
}

async function channelBot(double: BotApiDouble): Promise<Subject> {
  const choices = [T.confirm, T.edit, T.cancel].map((label) => ({ label, value: label }));
  const standIn: Brain = {
    handle: async (msg) =>
      msg.choice === undefined ? [{ text: `${T.draftHeader}\n\n${msg.text ?? ""}\n\n${T.previewFooter}`, choices }] : [{ text: T.savedAgain }],
  };
  const telegram = createTelegramChannel({ token: double.token, apiRoot: double.apiRoot, brain: standIn, log: silent });
  await telegram.start();
  return {
    double,
    write: (chat) => double.pushText(chat, replyOf(chat).text),
    answer: confirmer(double, () => undefined),
    async stop() {
      await telegram.stop();
      await double.close();
    },
  };
}

async function productBot(double: BotApiDouble): Promise<Subject & { stored(): number; unconfirmed(): number }> {
  const t = openTestApp({ now: "2024-11-05T09:00:00+07:00" });
  const telegram = createTelegramChannel({ token: double.token, apiRoot: double.apiRoot, brain: t.brain, log: silent, inbox: databaseStore(t.app.db, "telegram") });
  await telegram.start();
  const registered = new Set<number>();
  let unconfirmed = 0;
  return {
    double,
    prepare(chats) {
      for (const chat of chats.filter((c) => !registered.has(c))) {
        const who = { channel: "telegram" as const, chatId: String(chat), chatKind: "private" as const, displayName: `Cán bộ ${chat}` };
        const r = redeemInvite(t.app.db, t.invite(replyOf(chat).as), who, t.clock.now());
        if (!r.ok) throw new Error(`bench: registration failed (${r.reason})`);
        registered.add(chat);
      }
    },
    write: (chat) => double.pushText(chat, replyOf(chat).text),
    answer: confirmer(double, () => unconfirmed++),
    more(chat) {
      const last = double.sentTo(chat).at(-1)!;
      const replace = buttons(last).find((b) => b.text === T.replace)?.callback_data;
      if (replace !== undefined) double.pushCallback(last, replace);
      return replace !== undefined;
    },
    stored: () => listReports(t.app.db, t.app.active().id, { history: true }).length,
    unconfirmed: () => unconfirmed,
    async stop() {
      await telegram.stop();
      await double.close();
      t.dispose();
    },
  };
}

export interface InboundOptions {
  chats: number;
  rounds: number;
  /** Added to every Bot API call but the long poll, as the real Bot API's round trip. */
  latencyMs: number;
  /** All chats at once, or one chat after another (see `round`). */
  together: boolean;
  /** The bare echo bot is measured too (it handles one update at a time, so it is slow at latency). */
  echo: boolean;
}

/**
 * `chats` chats each send two updates per round, `rounds` rounds, the bots taking turns so
 * that none gets a warmer machine. Each rate is that of the bot's median round, so that a round
 * slowed (or spared) by other work on the machine does not make the figure.
 */
export async function inboundBench(o: InboundOptions): Promise<InboundFigures> {
  const double = () => BotApiDouble.start({ latencyMs: o.latencyMs });
  const started: Subject[] = [];
  const start = async <S extends Subject>(subject: Promise<S>): Promise<S> => {
    const s = await subject;
    started.push(s);
    return s;
  };
  try {
    const echo = o.echo ? await start(echoBot(await double())) : undefined;
    const channel = await start(channelBot(await double()));
    const bot = await start(productBot(await double()));
    const subjects = [bot, channel, ...(echo ? [echo] : [])];
    for (const s of subjects) await round(s, chatRange(1, WARM_UP_CHATS), o.together);
    const storedBefore = bot.stored();
    const unconfirmedBefore = bot.unconfirmed();
    const times: Timing[][] = subjects.map(() => []);
    for (let i = 0; i < o.rounds; i++) {
      const chatsOfRound = chatRange(10_000 + i * o.chats, o.chats);
      for (const [j, s] of subjects.entries()) times[j]!.push(await round(s, chatsOfRound, o.together));
    }
    const [botTime, channelTime, echoTime] = times.map(median) as [Timing, Timing, Timing | undefined];
    const rate = (t: Timing | undefined) => (t ? t.updates / t.seconds : Number.NaN);
    return {
      botRate: rate(botTime),
      channelRate: rate(channelTime),
      echoRate: rate(echoTime),
      ratio: rate(botTime) / rate(echoTime),
      botCpuMs: botTime.cpuMs / botTime.updates,
      echoCpuMs: echoTime ? echoTime.cpuMs / echoTime.updates : Number.NaN,
      chats: o.chats,
      updates: botTime.updates,
      rounds: o.rounds,
      stored: bot.stored() - storedBefore,
      unconfirmed: bot.unconfirmed() - unconfirmedBefore,
    };
  } finally {
    for (const s of started) await s.stop();
  }
}
