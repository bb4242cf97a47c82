/**
 * The running bot service: the application, the brain, every configured channel and the
 * reminder scheduler in one process over one database, and the order to stop them in.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Readable, Writable } from "node:stream";
import cron from "node-cron";
import { openApp, type App } from "./app.js";
import { createConsoleChannel } from "./channels/console/console.js";
import { createTelegramChannel, type TelegramChannel } from "./channels/telegram/bot.js";
import type { ZaloChannel } from "./channels/zalo/channel.js";
import type { ZaloPort } from "./channels/zalo/port.js";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import { createBrain, type Brain } from "./core/brain.js";
import { admins, type Role } from "./core/contacts.js";
import { forgetSeen } from "./core/dedupe.js";
import { databaseStore } from "./core/inbox.js";
import type { Channel, ChannelName } from "./core/messages.js";
import type { Logger } from "./log.js";
import { coordinatorOf } from "./plan/coordinator.js";
import { obligationsOf } from "./plan/obligations.js";
import { scheduleDailyBackup } from "./db/backup.js";
import { nudge } from "./reminders/delivery.js";
import { startScheduler, type Scheduler } from "./reminders/scheduler.js";
import { digestsDue } from "./reports/digest.js";
import { createServices } from "./services.js";

export interface ConsoleSession {
  input: Readable;
  output: Writable;
  /** Agency name or alias to act as; by default the agency with the most tasks to lead. */
  as?: string;
  role?: Role;
  /** Where the log goes meanwhile, told to the user at the start. */
  logFile?: string | undefined;
}

export interface RunningService {
  app: App;
  brain: Brain;
  channels: Map<ChannelName, Channel>;
  /** The reminder scheduler; undefined when the service runs without it (the `chat` command). */
  scheduler: Scheduler | undefined;
  /** Settles when the console's input ends; never, for a service without a console. */
  done: Promise<void>;
  stop(): Promise<void>;
}

/** The agency that leads the most tasks: the richest demo on the console. */
export function busiestAgency(app: App): string {
  const { plan, directory } = app.active();
  const counts = directory.agencies.map((a) => ({
    code: a.code,
    n: obligationsOf(plan, directory, a.code).filter((o) => o.role === "lead").length,
  }));
  return counts.sort((a, b) => b.n - a.n)[0]!.code;
}

/** The first wait after a failed start, doubling up to the last: a minute's outage costs seconds. */
const RESTART_FIRST_MS = 1_000;
const RESTART_LAST_MS = 15_000;

/** Starts a channel, and after a failure again and again, until it starts or `signal` aborts. */
async function keepStarting(name: ChannelName, start: () => Promise<void>, log: Logger, signal: AbortSignal): Promise<void> {
  for (let wait = RESTART_FIRST_MS; !signal.aborted; wait = Math.min(wait * 2, RESTART_LAST_MS)) {
    try {
      await start();
      return;
    } catch (err) {
      if (signal.aborted) return;
      log.error({ channel: name, err: err instanceof Error ? err.message : String(err), retry_ms: wait }, "channel did not start; trying again");
    }
    await sleep(wait, undefined, { signal }).catch(() => undefined);
  }
}

export async function startService(
  config: Config,
  log: Logger,
  options: {
    console?: ConsoleSession | undefined;
    clock?: Clock;
    scheduler?: boolean;
    /** An already logged-in Zalo account (tests pass a fake at zca-js's API boundary). */
    zaloPort?: ZaloPort;
  } = {},
): Promise<RunningService> {
  const app = openApp(config, log, options.clock);
  await app.ensurePlan();
  const channels = new Map<ChannelName, Channel>();
  let telegram: TelegramChannel | undefined;
  const services = createServices(app, {
    inviteLink: (code) => telegram?.inviteLink(code),
    fetchFile: async (channel, ref, maxBytes) => channels.get(channel)?.fetchFile?.(ref, maxBytes),
    nudge: (agencies) =>
      nudge(
        { db: app.db, channels, active: app.active(), calendar: app.calendar, zone: config.timezone, settings: services.settings, log },
        app.clock.now(),
        agencies,
      ),
  });
  const brain = createBrain(services);

  // Telegram starts in the background and keeps trying: while it is unreachable, Zalo and the
  // reminders run on, and what Telegram should have sent waits for the next pass.
  const starting = new AbortController();
  let telegramStarted: Promise<void> | undefined;
  if (config.telegram) {
    const tg = createTelegramChannel({ ...config.telegram, brain, log, inbox: databaseStore(app.db, "telegram") });
    telegram = tg;
    channels.set("telegram", tg.channel);
    telegramStarted = keepStarting("telegram", () => tg.start(), log, starting.signal);
  }

  // Zalo's troubles (expired session, kicked by Zalo Web) are reported on the other channels.
  const alertAdmins = async (text: string): Promise<void> => {
    log.warn({ alert: text }, "alert to admins");
    for (const admin of admins(app.db).filter((a) => a.channel !== "zalo")) {
      const channel = channels.get(admin.channel);
      await channel?.send(admin, { text }).catch((err: unknown) => log.warn({ err, contact: admin.id }, "admin alert not delivered"));
    }
  };

  // zca-js is loaded only for a configured account: it is the heaviest library the bot has.
  let zalo: ZaloChannel | undefined;
  // What `zalo status` reads, renewed while the service runs.
  let stopZaloStatus: (() => void) | undefined;
  const zaloConfigured = options.zaloPort !== undefined || existsSync(config.zaloCredentialsFile);
  const zaloLogin = zaloConfigured && !options.zaloPort ? await import("./channels/zalo/login.js") : undefined;
  const zaloPort = options.zaloPort ?? (await zaloLogin?.loginFromFile({ file: config.zaloCredentialsFile, log, alertAdmins }));
  if (zaloPort) {
    const { createZaloChannel } = await import("./channels/zalo/channel.js");
    zalo = createZaloChannel({
      port: zaloPort,
      brain,
      log,
      alertAdmins,
      inbox: databaseStore(app.db, "zalo"),
      throttle: config.zaloThrottle,
      zone: config.timezone,
      // Only a real session has cookies to keep fresh on disk and can log in again.
      ...(zaloLogin && {
        credentialsFile: config.zaloCredentialsFile,
        relogin: (current: ZaloPort) => zaloLogin.relogin({ current, file: config.zaloCredentialsFile, log }),
      }),
    });
    await zalo.start();
    channels.set("zalo", zalo.channel);
    const { keepStatus, statusPath } = await import("./channels/zalo/status.js");
    const channel = zalo;
    stopZaloStatus = keepStatus(statusPath(config.zaloCredentialsFile), () => channel.status(), log);
  }

  let done: Promise<void> = new Promise(() => undefined);
  if (options.console) {
    const s = options.console;
    const agency = s.as ? app.active().directory.find(s.as)?.code : undefined;
    if (s.as && !agency) throw new Error(`không tìm thấy cơ quan «${s.as}» / unknown agency`);
    const coordinator = coordinatorOf(app.active()) ?? busiestAgency(app);
    const consoleChannel = createConsoleChannel({
      brain,
      db: app.db,
      directory: app.active().directory,
      agency: s.role === "admin" ? coordinator : (agency ?? busiestAgency(app)),
      adminAgency: coordinator,
      role: s.role ?? "focal",
      input: s.input,
      output: s.output,
      filesDir: join(dirname(config.databasePath), "exports"),
      ...(s.logFile ? { logFile: s.logFile } : {}),
    });
    channels.set("console", consoleChannel.channel);
    done = consoleChannel.run();
  }

  // The console-only `chat` command leaves reminders to the running service.
  const scheduler: Scheduler | undefined =
    options.scheduler === false
      ? undefined
      : startScheduler({
          db: app.db,
          channels,
          clock: app.clock,
          zone: config.timezone,
          calendar: app.calendar,
          active: app.active,
          settings: services.settings,
          log,
          digests: (from, to) => {
            const { plan } = app.active();
            return digestsDue(plan, app.calendar, config.timezone, from, to).flatMap((due) =>
              services.summaries.digest(due, to).map((message, i) => ({ key: i === 0 ? due.key : `${due.key}#${i}`, at: due.at, message })),
            );
          },
        });

  // Once at start and nightly: the dedupe keys of old messages are of no further use.
  const tidy = () => forgetSeen(app.db, app.clock.now());
  tidy();
  const housekeeping = cron.schedule("30 3 * * *", tidy, { timezone: config.timezone, name: "housekeeping" });

  const stopBackup = config.backup
    ? scheduleDailyBackup(app.db, config.backup, { timezone: config.timezone, log, clock: app.clock })
    : undefined;

  log.info({ channels: [...channels.keys()], plan: app.active().plan.title }, "kehoach-bot ready");

  return {
    app,
    brain,
    channels,
    scheduler,
    done,
    async stop() {
      await housekeeping.destroy();
      await scheduler?.stop();
      await stopBackup?.();
      await zalo?.stop();
      stopZaloStatus?.();
      starting.abort();
      await telegramStarted;
      await telegram?.stop();
      app.close();
    },
  };
}
