import cron from "node-cron";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cronExpression, startScheduler, type Scheduler } from "../../src/reminders/scheduler.js";
import { DEFAULT_SETTINGS, reminderSettings } from "../../src/reminders/settings.js";
import type { DeliveryHooks } from "../../src/reminders/delivery.js";
import { fastSettings, ZONE } from "../support/plans.js";
import { harness, silent, type Harness } from "./setup.js";

let h: Harness;
const running: Scheduler[] = [];
beforeEach(() => {
  h = harness();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  h.dispose();
});

function start(hooks?: DeliveryHooks): Scheduler {
  const s = startScheduler({
    db: h.app.db,
    channels: new Map([["telegram", h.channel]]),
    clock: h.clock,
    zone: ZONE,
    calendar: h.app.calendar,
    active: () => h.app.active(),
    settings: fastSettings,
    log: silent,
    sleep: async () => undefined,
    ...(hooks ? { hooks } : {}),
  });
  running.push(s);
  return s;
}

describe("the scheduler", () => {
  it("runs hourly through the sending window, in the configured zone", () => {
    expect(cronExpression(DEFAULT_SETTINGS)).toBe("0 7-20 * * *");
    expect(cronExpression(reminderSettings({ sendHour: 9, sendMinute: 15, windowStartHour: 8, windowEndHour: 18 }))).toBe("15 8-17 * * *");
    expect(cron.validate(cronExpression(DEFAULT_SETTINGS))).toBe(true);
  });

  it("catches up at start, and a second request joins the pass under way", async () => {
    h.register("STTTT", "501");
    h.clock.set("2024-03-28T08:00:00+07:00");
    const s = start();
    const [a, b] = await Promise.all([s.runNow(), s.runNow()]);
    expect(a).toBe(b);
    expect(a!.sent.map((e) => `${e.task} ${e.kind}`).sort()).toEqual(
      ["1 before", "10 checkin", "12 checkin", "3 before", "6 checkin", "9 checkin"],
    );
    expect((await s.runNow())!.sent).toEqual([]);
    expect(h.channel.sent).toHaveLength(6);
  });

  it("killed in the middle of a fan-out and started again sends everything once", async () => {
    ["SNV", "STP", "SKHDT", "STC"].forEach((a, i) => h.register(a, String(700 + i)));
    h.clock.set("2024-11-01T08:00:00+07:00");
    let n = 0;
    const crashing = start({
      sent: () => {
        if (++n === 2) throw new Error("process killed");
      },
    });
    expect(await crashing.runNow()).toBeUndefined();
    await crashing.stop();
    expect(h.channel.sent).toHaveLength(2);

    h.clock.set("2024-11-01T08:01:00+07:00");
    const restarted = start();
    expect((await restarted.runNow())!.sent).toHaveLength(2);
    expect(h.channel.sent.map((s) => s.to.chatId).sort()).toEqual(["700", "701", "702", "703"]);
    expect(h.channel.duplicates()).toBe(0);
  });

  it("reads the active plan at every pass and stops cleanly", async () => {
    const s = start();
    await s.stop();
    expect(await s.runNow()).toBeUndefined();
  });
});
