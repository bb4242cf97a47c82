/** A pass through the real Telegram channel (grammY, auto-retry) against the Bot API double. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTelegramChannel } from "../../src/channels/telegram/bot.js";
import { createBrain } from "../../src/core/brain.js";
import { contactById } from "../../src/core/contacts.js";
import { runPass } from "../../src/reminders/delivery.js";
import { createServices } from "../../src/services.js";
import { BotApiDouble } from "../support/bot-api-double.js";
import { fastSettings, ZONE } from "../support/plans.js";
import { harness, silent, type Harness } from "./setup.js";

let h: Harness;
let double: BotApiDouble;
beforeEach(async () => {
  h = harness();
  double = await BotApiDouble.start();
});
afterEach(async () => {
  h.dispose();
  await double.close();
});

function pass(at: string) {
  h.clock.set(at);
  const telegram = createTelegramChannel({ token: double.token, apiRoot: double.apiRoot, brain: createBrain(createServices(h.app)), log: silent });
  return runPass(
    {
      db: h.app.db,
      channels: new Map([["telegram", telegram.channel]]),
      active: h.app.active(),
      calendar: h.app.calendar,
      zone: ZONE,
      settings: fastSettings,
      log: silent,
      sleep: async () => undefined,
    },
    h.clock.now(),
  );
}

describe("reminders over Telegram", () => {
  it("mark a chat that blocked the bot, and tell the admins once", async () => {
    const focal = h.register("SYT", "801");
    h.register("SNV", "802");
    h.register("STTTT", "900", "admin");
    double.block(801);
    const first = await pass("2024-11-01T08:00:00+07:00");
    expect(first.failed).toMatchObject([{ agency: "SYT", error: "recipient_gone" }]);
    expect(new Set(first.sent.map((e) => e.agency))).toEqual(new Set(["SNV", "STTTT"]));
    expect(contactById(h.app.db, focal.id)?.blockedAt).not.toBeNull();
    const alerts = double.sentTo(900).filter((d) => d.text.includes("đã chặn hoặc rời trợ lý"));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain("Cán bộ 801 (telegram) của Sở Y tế");
    await pass("2024-11-08T08:00:00+07:00");
    expect(double.sentTo(801)).toEqual([]);
    expect(double.sentTo(900).filter((d) => d.text.includes("đã chặn hoặc rời trợ lý"))).toHaveLength(1);
  });

  it("ride over a flood wait and a server error without losing or repeating a message", async () => {
    h.register("SYT", "801");
    double.fail("sendMessage", { error: 429, retryAfter: 1 }, { error: 502 });
    const first = await pass("2024-11-01T08:00:00+07:00");
    expect(first.sent).toHaveLength(1);
    expect(double.sentTo(801)).toHaveLength(1);
    expect(double.callsOf("sendMessage").map((c) => c.errorCode ?? 200)).toEqual([429, 502, 200]);
  });
});
