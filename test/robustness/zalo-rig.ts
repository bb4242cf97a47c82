/**
 * What the Zalo fan-out tests share: focal points registered on Zalo, and reminder passes run
 * in virtual time, so the throttle, backoffs and pauses go by at once.
 */
import type { Channel } from "../../src/core/messages.js";
import { createInvite, redeemInvite } from "../../src/core/contacts.js";
import { runPass, type PassResult } from "../../src/reminders/delivery.js";
import { reminderSettings } from "../../src/reminders/settings.js";
import type { VirtualTimer } from "../channels/zalo/fake.js";
import { silent, type TestApp } from "../support/app.js";

/** Chats z0, z1 … on Zalo, each a focal point of the directory's agencies in turn. */
export function registerZaloChats(app: TestApp, count: number): void {
  const { db } = app.app;
  const { directory } = app.app.active();
  for (let i = 0; i < count; i++) {
    const { code } = createInvite(db, directory.agencies[i % directory.agencies.length]!.code, "focal", "test", app.clock.now());
    const r = redeemInvite(db, code, { channel: "zalo", chatId: `z${i}`, chatKind: "private", displayName: `Cán bộ ${i}` }, app.clock.now());
    if (!r.ok) throw new Error(r.reason);
  }
}

/** Reminder passes over one Zalo channel; `run` moves virtual time until the pass is done. */
export function zaloPasses(app: TestApp, channel: Channel, timer: VirtualTimer, settings: Record<string, unknown> = {}) {
  const context = {
    db: app.app.db,
    channels: new Map([["zalo" as const, channel]]),
    active: app.app.active(),
    calendar: app.app.calendar,
    zone: "Asia/Ho_Chi_Minh",
    settings: reminderSettings(settings),
    log: silent,
    sleep: async (ms: number) => void (await timer.sleep(ms)),
  };
  return {
    due: (now: Date) => runPass(context, now, { dryRun: true }),
    async run(now: Date): Promise<PassResult> {
      let result: PassResult | undefined;
      void runPass(context, now).then((r) => (result = r));
      return timer.until(() => result, 100_000);
    },
  };
}
