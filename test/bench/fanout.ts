/**
 * DESIGN §7 "reminder fan-out": one pass to 300 chats through the real Telegram channel
 * (grammY with auto-retry) against a Bot API double that allows 30 messages a second
 * overall and 1 a second per chat, answering 429 + retry_after beyond. The figure is the wall
 * time over the ideal 300/30 s (target ≤ 1.15), with the messages lost and sent twice (both 0).
 */
import { performance } from "node:perf_hooks";
import { createTelegramChannel } from "../../src/channels/telegram/bot.js";
import { createBrain } from "../../src/core/brain.js";
import { runPass } from "../../src/reminders/delivery.js";
import { DEFAULT_SETTINGS } from "../../src/reminders/settings.js";
import { createServices } from "../../src/services.js";
import { harness, silent } from "../reminders/setup.js";
import { BotApiDouble } from "../support/bot-api-double.js";

export interface FanoutFigures {
  seconds: number;
  /** seconds / (recipients / 30). */
  ratio: number;
  lost: number;
  duplicates: number;
  /** Messages the double delivered (one per recipient is expected). */
  messages: number;
  /** 429 answers the double gave. */
  rateLimited: number;
}

export async function fanoutBench(recipients = 300): Promise<FanoutFigures> {
  const overall = 30;
  const double = await BotApiDouble.start({ rateLimit: { overall, perChat: 1 } });
  const h = harness();
  try {
    // 01/11/2024 08:00: the section IV report deadline (D−14) is due to every agency that
    // must report, and nothing else; the chats are spread over those agencies.
    const { plan, directory } = h.app.active();
    const agencies = directory.expand(plan.reportDeadlines[0]!.who);
    const chats = Array.from({ length: recipients }, (_, i) => String(100_000 + i));
    chats.forEach((chat, i) => h.register(agencies[i % agencies.length]!.code, chat));
    const telegram = createTelegramChannel({ token: double.token, apiRoot: double.apiRoot, brain: createBrain(createServices(h.app)), log: silent });
    h.clock.set("2024-11-01T08:00:00+07:00");
    const ctx = {
      db: h.app.db,
      channels: new Map([["telegram" as const, telegram.channel]]),
      active: h.app.active(),
      calendar: h.app.calendar,
      zone: h.app.config.timezone,
      settings: DEFAULT_SETTINGS,
      log: silent,
    };
    const start = performance.now();
    await runPass(ctx, h.clock.now());
    const seconds = (performance.now() - start) / 1000;
    const reached = new Set(double.deliveries.map((d) => d.chatId));
    return {
      seconds,
      ratio: seconds / (recipients / overall),
      lost: chats.filter((c) => !reached.has(c)).length,
      duplicates: double.duplicates(),
      messages: double.deliveries.length,
      rateLimited: double.calls.filter((c) => c.errorCode === 429).length,
    };
  } finally {
    h.dispose();
    await double.close();
  }
}
