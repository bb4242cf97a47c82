/**
 * Runs a reminder pass every hour of the sending window (node-cron, in the configured time
 * zone) and once at start, which catches up on what fell due while the bot was down. Passes
 * never overlap: a tick that finds one running waits for it instead, and the next tick picks
 * up whatever that pass left.
 */
import cron, { type ScheduledTask } from "node-cron";
import type { Clock } from "../clock.js";
import type { Channel, ChannelName } from "../core/messages.js";
import type { ActivePlan } from "../core/turn.js";
import type { Db } from "../db/connection.js";
import type { Logger } from "../log.js";
import type { Calendar } from "../plan/calendar.js";
import { runPass, type DeliveryHooks, type PassContext, type PassResult } from "./delivery.js";
import type { Sleep } from "./pace.js";
import type { ReminderSettings } from "./settings.js";

export interface SchedulerOptions {
  db: Db;
  channels: ReadonlyMap<ChannelName, Channel>;
  clock: Clock;
  zone: string;
  calendar: Calendar;
  /** Read at every pass, so a newly imported plan is reminded from the next pass on. */
  active: () => ActivePlan;
  settings: ReminderSettings;
  log: Logger;
  hooks?: DeliveryHooks;
  sleep?: Sleep;
  digests?: PassContext["digests"];
}

export interface Scheduler {
  /** A pass now, or the one under way; undefined when it failed or the scheduler is stopped. */
  runNow(): Promise<PassResult | undefined>;
  /** Stops the timer and waits for a pass under way to finish. */
  stop(): Promise<void>;
}

/** Minute `sendMinute` of every hour from the window's start to its last hour. */
export function cronExpression(settings: ReminderSettings): string {
  return `${settings.sendMinute} ${settings.windowStartHour}-${settings.windowEndHour - 1} * * *`;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const log = options.log.child({ part: "reminders" });
  let running: Promise<PassResult | undefined> | undefined;
  let stopped = false;

  const runNow = (): Promise<PassResult | undefined> => {
    if (running) return running;
    if (stopped) return Promise.resolve(undefined);
    const pass = async () =>
      runPass(
        {
          db: options.db,
          channels: options.channels,
          active: options.active(),
          calendar: options.calendar,
          zone: options.zone,
          settings: options.settings,
          log,
          hooks: options.hooks,
          sleep: options.sleep,
          digests: options.digests,
        },
        options.clock.now(),
      );
    running = pass()
      .catch((err: unknown) => {
        log.error({ err }, "reminder pass failed; the next pass retries what it left");
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const task: ScheduledTask = cron.schedule(cronExpression(options.settings), () => void runNow(), {
    timezone: options.zone,
    name: "reminders",
  });
  void runNow();
  log.info({ cron: cronExpression(options.settings), zone: options.zone }, "reminder scheduler started");

  return {
    runNow,
    async stop() {
      stopped = true;
      await task.destroy();
      await running;
    },
  };
}
