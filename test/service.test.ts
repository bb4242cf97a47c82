/**
 * Telegram and Zalo in one process: one database, one brain, one scheduler. The Telegram side is
 * the real grammY bot against the Bot API double; the Zalo side a fake at zca-js's API object.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { realTimer } from "../src/channels/zalo/timer.js";
import { ManualClock } from "../src/clock.js";
import { loadConfig, type Config } from "../src/config.js";
import { createInvite, redeemInvite } from "../src/core/contacts.js";
import { listReports } from "../src/reports/store.js";
import { startService, type RunningService } from "../src/service.js";
import { BotApiDouble } from "./support/bot-api-double.js";
import { silent, tempDir } from "./support/app.js";
import { FakeZaloApi, userMessage } from "./channels/zalo/fake.js";
import { until } from "./support/until.js";

let service: RunningService | undefined;
let api: BotApiDouble | undefined;
afterEach(async () => {
  await service?.stop();
  await api?.close();
  service = undefined;
});

/** Telegram on the double, Zalo (a fake account) throttled only lightly, a fresh database. */
function bothChannels(double: BotApiDouble, env: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_PATH: join(tempDir(), "kehoach.sqlite"),
    TELEGRAM_BOT_TOKEN: double.token,
    TELEGRAM_API_ROOT: double.apiRoot,
    ZALO_SEND_INTERVAL_MS: "5",
    ZALO_CHAT_INTERVAL_MS: "5",
    ...env,
  });
}

describe("the service", () => {
  it("runs Telegram and Zalo together over one database and one scheduler", async () => {
    api = await BotApiDouble.start();
    const zaloApi = new FakeZaloApi(realTimer);
    const config = bothChannels(api);
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

    // On Zalo the reminders' buttons are lines: "3" answers task 3's reminder, whichever came last.
    zaloApi.listener.deliver(userMessage("77", "3"));
    await until(() => zaloApi.textsTo("77").length === 2 + onZalo);
    expect(zaloApi.textsTo("77").at(-1)).toMatch(/^Nhiệm vụ 3, .*gõ kết quả thực hiện/);
    expect((await service.scheduler!.runNow())!.sent).toEqual([]);
  });
});

describe("evidence on Zalo (issue 14, item 11)", () => {
  it("keeps a photo sent on Zalo, fetched from its storage link, when the report is confirmed", async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from("ảnh từ Zalo")]);
    // Zalo's storage, played by a local server.
    const storage = createServer((req, res) => {
      res.writeHead(req.url === "/a.jpg" ? 200 : 404, { "content-type": "image/jpeg" });
      res.end(req.url === "/a.jpg" ? jpeg : "");
    });
    await new Promise<void>((resolve) => storage.listen(0, "127.0.0.1", resolve));
    const { port } = storage.address() as AddressInfo;
    try {
      api = await BotApiDouble.start();
      const zaloApi = new FakeZaloApi(realTimer);
      const config = bothChannels(api);
      const clock = new ManualClock("2024-03-29T09:00:00+07:00");
      service = await startService(config, silent, { clock, zaloPort: zaloApi });
      const s = service;
      const code = createInvite(s.app.db, "VPUBND", "focal", "test", clock.now()).code;
      zaloApi.listener.deliver(userMessage("78", `/start ${code}`));
      await until(() => zaloApi.textsTo("78").length === 1);
      zaloApi.listener.deliver(userMessage("78", "Đã tổ chức họp báo quý I ngày 28/3/2024, có 30 phóng viên tham dự."));
      await until(() => zaloApi.textsTo("78").length === 2);
      const href = `http://127.0.0.1:${port}/a.jpg`;
      zaloApi.listener.deliver(userMessage("78", { title: "", description: "", href, thumb: "", childnumber: 0, action: "", params: "{}", type: "" }, { msgType: "chat.photo" }));
      await until(() => zaloApi.textsTo("78").length === 3);
      expect(zaloApi.textsTo("78").at(-1)).toMatch(/Đã thêm minh chứng/);
      zaloApi.listener.deliver(userMessage("78", "xác nhận"));
      await until(() => zaloApi.textsTo("78").length === 4);
      expect(zaloApi.textsTo("78").at(-1)).toMatch(/Đã lưu báo cáo nhiệm vụ 1/);
      const [report] = listReports(s.app.db, s.app.active().id);
      const kept = report!.evidence[0]!;
      expect(kept).toMatchObject({ kind: "photo", ref: href, file: expect.stringMatching(/^VPUBND\/.+\.jpg$/) });
      expect(readFileSync(join(dirname(config.databasePath), "evidence", kept.file!))).toEqual(jpeg);
    } finally {
      storage.close();
    }
  });
});

describe("the service with Telegram unreachable", () => {
  /** DESIGN's figure: Telegram blocked for a minute, at start and again while running. */
  const OUTAGE_MS = 60_000;

  it("keeps Zalo and the reminders going, and Telegram catches up afterwards with nothing lost or repeated", { timeout: 4 * OUTAGE_MS }, async () => {
    api = await BotApiDouble.start();
    const zaloApi = new FakeZaloApi(realTimer);
    const config = bothChannels(api, { TELEGRAM_TIMEOUT_MS: "1000" });
    const clock = new ManualClock("2024-03-27T08:00:00+07:00");
    api.goDown();
    const startedAt = Date.now();
    service = await startService(config, silent, { clock, zaloPort: zaloApi });
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    const s = service;
    const code = () => createInvite(s.app.db, "STTTT", "focal", "test", clock.now()).code;
    expect(redeemInvite(s.app.db, code(), { channel: "telegram", chatId: "42", chatKind: "private", displayName: "Cán bộ 42" }, clock.now()).ok).toBe(true);
    zaloApi.listener.deliver(userMessage("77", `/start ${code()}`));
    await until(() => zaloApi.textsTo("77").length === 1);

    /** Zalo answers /help within 2 s, again and again until the outage is over. */
    const zaloAnswersThroughout = async (downAt: number) => {
      do {
        const before = zaloApi.textsTo("77").length;
        const at = Date.now();
        zaloApi.listener.deliver(userMessage("77", "/help"));
        await until(() => zaloApi.textsTo("77").length > before, 2_000);
        await new Promise((r) => setTimeout(r, Math.max(0, 5_000 - (Date.now() - at))));
      } while (Date.now() - downAt < OUTAGE_MS);
    };
    const reminders = () => ({
      telegram: api!.sentTo(42).filter((d) => /^Kính gửi/.test(d.text)).map((d) => d.text),
      // Zalo adds the buttons as numbered lines after a blank line.
      zalo: zaloApi.textsTo("77").filter((t) => /^Kính gửi/.test(t)).map((t) => t.split("\n\n")[0]!),
    });

    // At start: a user writes to the bot on Telegram, the reminder pass runs.
    let downAt = startedAt;
    api.pushText(42, "/nhiemvu");
    const during = (await s.scheduler!.runNow())!;
    const onZalo = during.sent.filter((e) => e.channel === "zalo").length;
    expect(onZalo).toBeGreaterThan(0);
    expect(during.sent.filter((e) => e.channel === "telegram")).toEqual([]);
    const waiting = [...during.failed, ...during.skipped].filter((e) => e.channel === "telegram" && (e.error ?? e.reason) === "channel_unavailable");
    expect(waiting).toHaveLength(onZalo);
    await until(() => reminders().zalo.length === onZalo);
    await zaloAnswersThroughout(downAt);

    api.comeBack();
    await api.waitForDeliveries(42, 1, 30_000);
    clock.set("2024-03-27T09:00:00+07:00");
    const after = (await s.scheduler!.runNow())!;
    expect(after.sent.map((e) => e.channel)).toEqual(Array(onZalo).fill("telegram"));
    await until(() => reminders().telegram.length === onZalo);

    // Mid-run: Telegram goes away again, for as long.
    api.goDown();
    downAt = Date.now();
    api.pushText(42, "/help");
    clock.set("2024-04-02T08:00:00+07:00");
    const again = (await s.scheduler!.runNow())!;
    const onZaloAgain = again.sent.filter((e) => e.channel === "zalo").length;
    expect(onZaloAgain).toBeGreaterThan(0);
    expect(again.sent.filter((e) => e.channel === "telegram")).toEqual([]);
    await zaloAnswersThroughout(downAt);

    api.comeBack();
    await api.waitForDeliveries(42, 2 + onZalo, 60_000);
    clock.set("2024-04-02T09:00:00+07:00");
    const caughtUp = (await s.scheduler!.runNow())!;
    expect(caughtUp.sent.map((e) => e.channel)).toEqual(Array(onZaloAgain).fill("telegram"));
    await until(() => reminders().telegram.length === onZalo + onZaloAgain);

    // Both chats got the same reminders, each once; both questions asked on Telegram were answered once.
    const r = reminders();
    expect(r.telegram.sort()).toEqual(r.zalo.sort());
    expect(new Set(r.telegram).size).toBe(r.telegram.length);
    expect(api.sentTo(42).filter((d) => !/^Kính gửi/.test(d.text))).toHaveLength(2);
  });
});
