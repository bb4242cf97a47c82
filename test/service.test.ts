/**
 * Telegram and Zalo in one process: one database, one brain, one scheduler. The Telegram side is
 * the real grammY bot against the Bot API double; the Zalo side a fake at zca-js's API object.
 */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { realTimer } from "../src/channels/zalo/timer.js";
import { ManualClock } from "../src/clock.js";
import { loadConfig } from "../src/config.js";
import { createInvite } from "../src/core/contacts.js";
import { startService, type RunningService } from "../src/service.js";
import { BotApiDouble } from "./support/bot-api-double.js";
import { silent, tempDir } from "./support/app.js";
import { FakeZaloApi, userMessage } from "./channels/zalo/fake.js";

let service: RunningService | undefined;
let api: BotApiDouble | undefined;
afterEach(async () => {
  await service?.stop();
  await api?.close();
  service = undefined;
});

async function until(probe: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("the service", () => {
  it("runs Telegram and Zalo together over one database and one scheduler", async () => {
    api = await BotApiDouble.start();
    const zaloApi = new FakeZaloApi(realTimer);
    const dir = tempDir();
    const config = loadConfig({
      DATABASE_PATH: join(dir, "kehoach.sqlite"),
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      ZALO_SEND_INTERVAL_MS: "5",
      ZALO_CHAT_INTERVAL_MS: "5",
    });
    // Thursday 28/03/2024 08:00: task 3 of Sở TT&TT is due on Sunday 31/03.
    const clock = new ManualClock("2024-03-28T08:00:00+07:00");
    service = await startService(config, silent, { clock, zaloPort: zaloApi });
    expect([...service.channels.keys()].sort()).toEqual(["telegram", "zalo"]);

    const code = () => createInvite(service!.app.db, "STTTT", "focal", "test", clock.now()).code;
    api.pushText(42, `/start ${code()}`);
    zaloApi.listener.deliver(userMessage("77", `/start ${code()}`));
    await api.waitForDeliveries(42, 1);
    await until(() => zaloApi.textsTo("77").length === 1);
    expect(zaloApi.textsTo("77")[0]).toMatch(/Đăng ký thành công/);

    const pass = (await service.scheduler!.runNow())!;
    const task3 = pass.sent.filter((e) => e.task === "3");
    expect(task3.map((e) => e.channel).sort()).toEqual(["telegram", "zalo"]);
    const onZalo = pass.sent.filter((e) => e.channel === "zalo").length;
    const onTelegram = pass.sent.filter((e) => e.channel === "telegram").length;
    expect(onZalo).toBe(onTelegram);
    await until(() => zaloApi.textsTo("77").length === 1 + onZalo);
    expect(api.sentTo(42)).toHaveLength(1 + onTelegram);
    expect(api.sentTo(42).some((d) => /nhiệm vụ 3\b/i.test(d.text))).toBe(true);
    expect(zaloApi.textsTo("77").some((t) => /nhiệm vụ 3\b/i.test(t))).toBe(true);

    // On Zalo the last reminder's buttons are numbered lines: "1" (Báo cáo ngay) starts a report.
    zaloApi.listener.deliver(userMessage("77", "1"));
    await until(() => zaloApi.textsTo("77").length === 2 + onZalo);
    expect(zaloApi.textsTo("77").at(-1)).toMatch(/Tình trạng thực hiện|kỳ nào/);
    expect((await service.scheduler!.runNow())!.sent).toEqual([]);
  });
});
