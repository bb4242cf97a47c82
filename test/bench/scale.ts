/**
 * Issue 13's "scale" figures: what one admin's or one commune's request costs on a merged
 * province (scale-load.ts), each taken in a process of its own running the compiled service
 * (scale-child.mjs) with the flags of `npm start`, so its CPU and peak memory are that
 * request's and not the bench's.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "../../src/build.mjs";
import { openApp } from "../../src/app.js";
import { createTelegramChannel } from "../../src/channels/telegram/bot.js";
import { ManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { createBrain } from "../../src/core/brain.js";
import { runPass } from "../../src/reminders/delivery.js";
import { DEFAULT_SETTINGS } from "../../src/reminders/settings.js";
import { createServices } from "../../src/services.js";
import { silent } from "../support/app.js";
import { BotApiDouble } from "../support/bot-api-double.js";
import { startFlags } from "./footprint.js";
import { makeScaleLoad, SCALE_NOW, type ScaleLoad } from "./scale-load.js";

const CHILD = fileURLToPath(new URL("./scale-child.mjs", import.meta.url));

export interface CatchupFigures {
  messages: number;
  seconds: number;
  /** seconds / (messages / 30): the time over what the Bot API's 30 messages a second allow. */
  ratio: number;
  rateLimited: number;
  duplicates: number;
}

export interface ScaleFigures {
  load: Omit<ScaleLoad, "dir" | "env" | "admin" | "commune"> & { databaseMb: number; seconds: number };
  tonghop: { cpuS: number; wallS: number; peakMb: number; files: number };
  tiendoMs: number;
  nhacnhoMs: number;
  help: { ms: number; loopMaxMs: number };
  catchup: CatchupFigures;
}

/**
 * Monday 28/12/2026, 08:00: the bot was down since before Friday's monthly check-in day (25/12), so the
 * pass catches up on every contact's December check-ins at once (a commune's three contacts, each
 * of its 16 tasks), through the real Telegram channel to a double that answers 429 past 30
 * messages a second overall or one a second to a chat, as Telegram does.
 */
const CATCHUP_AT = "2026-12-28T08:00:00+07:00";

export async function catchupBench(load: ScaleLoad): Promise<CatchupFigures> {
  const overall = 30;
  const double = await BotApiDouble.start({ rateLimit: { overall, perChat: 1 } });
  const clock = new ManualClock(CATCHUP_AT);
  const app = openApp(loadConfig(load.env), silent, clock);
  try {
    const telegram = createTelegramChannel({ token: double.token, apiRoot: double.apiRoot, brain: createBrain(createServices(app)), log: silent });
    const start = performance.now();
    await runPass(
      { db: app.db, channels: new Map([["telegram" as const, telegram.channel]]), active: app.active(), calendar: app.calendar, zone: app.config.timezone, settings: DEFAULT_SETTINGS, log: silent },
      clock.now(),
    );
    const seconds = (performance.now() - start) / 1000;
    const messages = double.deliveries.length;
    return { messages, seconds, ratio: seconds / (messages / overall), rateLimited: double.calls.filter((c) => c.errorCode === 429).length, duplicates: double.duplicates() };
  } finally {
    app.close();
    await double.close();
  }
}

function child<T>(load: ScaleLoad, what: string): T {
  const out = execFileSync(process.execPath, [...startFlags(), CHILD, what, SCALE_NOW, load.admin, load.commune], {
    env: { ...process.env, SCALE_ENV: JSON.stringify(load.env), LOG_LEVEL: "silent" },
    encoding: "utf8",
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(out.trim().split("\n").at(-1)!) as T;
}

export async function scaleBench(): Promise<ScaleFigures> {
  build({ ifNeeded: true });
  const dir = mkdtempSync(join(tmpdir(), "kehoach-scale-"));
  try {
    const begun = performance.now();
    const load = makeScaleLoad(dir);
    const seconds = (performance.now() - begun) / 1000;
    const { dir: _dir, env: _env, admin: _admin, commune: _commune, ...counts } = load;
    return {
      load: { ...counts, databaseMb: statSync(load.env.DATABASE_PATH!).size / 1024 / 1024, seconds },
      tonghop: child(load, "tonghop"),
      tiendoMs: child<{ ms: number }>(load, "tiendo").ms,
      nhacnhoMs: child<{ ms: number }>(load, "nhacnho").ms,
      help: child(load, "help"),
      // Last: the pass writes the reminder log the requests above would otherwise read.
      catchup: await catchupBench(load),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
