/**
 * The Zalo channel on the real zca-js: `Zalo.login()`, its `API` and its websocket `Listener`
 * run their own code against a local double of Zalo's servers (service-double.ts), through the
 * real brain on a real SQLite file. What issue 15 says will break first on the real service.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ThreadType, Zalo, type API } from "zca-js";
import { createZaloChannel, type ZaloChannel, type ZaloChannelOptions } from "../../../src/channels/zalo/channel.js";
import { qrCopyOf, relogin, saveSession } from "../../../src/channels/zalo/login.js";
import { SendTimeoutError } from "../../../src/channels/zalo/queue.js";
import { openTestApp, type TestApp } from "../../support/app.js";
import { until } from "../../support/until.js";
import { memoryLog } from "./fake.js";
import { wireUserMessage, ZaloServiceDouble } from "./service-double.js";

const USER = "8000000000000000001";
const OTHER = "8000000000000000002";

let double: ZaloServiceDouble;
let t: TestApp;
let api: API;
let zalo: ZaloChannel;
let alerts: string[];

async function start(options: Partial<ZaloChannelOptions> = {}): Promise<void> {
  api = await new Zalo({ polyfill: double.fetch, checkUpdate: false, selfListen: false, logging: false }).login(double.credentials());
  t = openTestApp();
  alerts = [];
  zalo = createZaloChannel({
    port: api,
    brain: t.brain,
    log: memoryLog().log,
    alertAdmins: async (text) => void alerts.push(text),
    throttle: { perThreadMs: 20, overallMs: 10 },
    reconnect: { baseMs: 50, maxMs: 200 },
    timeouts: { textMs: 1_000, fileMs: 400 },
    graceMs: 500,
    ...options,
  });
  await zalo.start();
  await until(() => zalo.state === "connected");
}

let dir: string;
let file: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "zalo-real-"));
  file = join(dir, "zalo-credentials.json");
  double = new ZaloServiceDouble();
  await double.start();
});
afterEach(async () => {
  await zalo?.stop();
  t?.dispose();
  await double.stop();
  rmSync(dir, { recursive: true, force: true });
});

const zaloOptions = () => ({ polyfill: double.fetch });
const savedSession = () => (JSON.parse(readFileSync(file, "utf8")) as { cookie: { value: string }[] }).cookie[0]!.value;

const textsTo = (thread: string) => double.sent.filter((s) => s.threadId === thread).map((s) => s.text);

describe("the Zalo channel on the real zca-js", () => {
  it("answers a message that came over the real websocket, even one whose payload says quote: null (item 6)", async () => {
    await start();
    double.pushEvent(501, { msgs: [{ ...wireUserMessage(USER, "/help"), quote: null }] });
    await until(() => textsTo(USER).length > 0);
    expect(textsTo(USER).join("\n")).toMatch(/đăng ký/);
  });

  it("after a dropped socket (1006) reconnects, asks for what was missed and handles it once (item 5)", async () => {
    await start();
    // A registered focal point: every /help of theirs is answered, so a repeat would show.
    double.pushUserMessage(OTHER, `/start ${t.invite(t.app.active().plan.tasks[0]!.lead[0]!)}`);
    await until(() => textsTo(OTHER).join("\n").includes("Đăng ký thành công"));
    const answered = textsTo(OTHER).length;
    const missed = wireUserMessage(OTHER, "/help");
    double.queueOld(ThreadType.User, missed);
    const reconnected = double.nextConnection();
    double.drop();
    await reconnected;
    await until(() => double.requests.some((r) => r.type === ThreadType.User));
    await until(() => textsTo(OTHER).length > answered);
    const afterMissed = textsTo(OTHER).length;
    // The same missed message again on the next reconnect: already handled, not answered twice.
    double.queueOld(ThreadType.User, missed);
    const again = double.nextConnection();
    double.drop();
    await again;
    await until(() => double.requests.filter((r) => r.type === ThreadType.User).length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(textsTo(OTHER)).toHaveLength(afterMissed);
    expect(textsTo(OTHER).slice(answered).join("\n")).toMatch(/\/baocao/);
  });

  it("does not resend a send Zalo accepted without a message id (item 2)", async () => {
    await start();
    double.queueSend("no-msgid");
    await zalo.channel.send({ channel: "zalo", chatId: USER, chatKind: "private" }, { text: "Nhắc hạn nhiệm vụ 6" });
    await new Promise((r) => setTimeout(r, 200));
    expect(double.sendAttempts).toBe(1);
    expect(zalo.status().unknownDeliveries).toBe(1);
  });

  it("gives up a file whose upload never completes on the websocket, drops zca-js's waiting callback, and keeps sending to others (item 1)", async () => {
    await start();
    double.fileDone = false;
    const file = zalo.channel
      .send({ channel: "zalo", chatId: USER, chatKind: "private" }, { text: "", file: { name: "tong-hop.xlsx", mime: "application/octet-stream", data: Buffer.from("x") } })
      .catch((e: unknown) => e);
    const other = zalo.channel.send({ channel: "zalo", chatId: OTHER, chatKind: "private" }, { text: "Nhắc hạn" });
    await other;
    expect(await file).toBeInstanceOf(SendTimeoutError);
    expect(api.getContext().uploadCallbacks.size).toBe(0);
    expect(textsTo(OTHER)).toEqual(["Nhắc hạn"]);
  });

  it("pauses the account on a real 221 answer and shows it in the status; reminders meanwhile wait (item 3)", async () => {
    await start();
    double.queueSend({ error: 221, message: "Vượt quá số request cho phép" });
    const first = zalo.channel.send({ channel: "zalo", chatId: USER, chatKind: "private" }, { text: "Nhắc hạn 1" });
    await until(() => zalo.status().pausedUntil !== null);
    await expect(zalo.channel.send({ channel: "zalo", chatId: OTHER, chatKind: "private" }, { text: "Nhắc hạn 2" })).rejects.toThrow(/unreachable/);
    expect(zalo.status()).toMatchObject({ pauseReason: "221", queued: 1 });
    expect(alerts.some((a) => a.includes("mã 221"))).toBe(true);
    void first.catch(() => undefined);
  });

  it("holds back only the chat Zalo answers 123 for, tells the admins once, and keeps sending to others (item 3)", async () => {
    await start({ retry: { attempts: 2, baseMs: 100 } });
    double.refuse(USER, { error: 123, message: "Không thể nhận tin nhắn từ bạn" });
    const held = zalo.channel.send({ channel: "zalo", chatId: USER, chatKind: "private" }, { text: "Nhắc hạn 1" }).catch((e: unknown) => e);
    await zalo.channel.send({ channel: "zalo", chatId: OTHER, chatKind: "private" }, { text: "Nhắc hạn 2" });
    expect(await held).toBeInstanceOf(Error);
    expect(textsTo(OTHER)).toEqual(["Nhắc hạn 2"]);
    expect(textsTo(USER)).toEqual([]);
    expect(alerts.filter((a) => a.includes(USER))).toHaveLength(1);
    expect(zalo.status().pausedUntil).toBeNull();
  });

  it("stops within its grace when a send hangs (item 1)", async () => {
    await start({ timeouts: { textMs: 60_000, fileMs: 60_000 } });
    double.queueSend("hang");
    void zalo.channel.send({ channel: "zalo", chatId: USER, chatKind: "private" }, { text: "treo" }).catch(() => undefined);
    await until(() => double.hanging === 1);
    const started = Date.now();
    await zalo.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    double.release();
  });

  it("logs in again when reconnects keep failing on the login-time cookie, and goes on with the new API and listener (item 4)", async () => {
    double.retireOnRenew = true;
    const log = memoryLog();
    await start({
      log: log.log,
      credentialsFile: file,
      refreshMs: 3_600_000,
      reconnect: { baseMs: 50, maxMs: 200, reloginAfter: 2 },
      relogin: (current) => relogin({ current, file, log: log.log, zalo: zaloOptions() }),
    });
    // Zalo Web's keep-alive renews the cookie and, here, ends the one the listener was opened with.
    await api.keepAlive();
    const renewed = double.session;
    const logins = double.logins;
    double.drop();
    await until(() => double.logins > logins && zalo.state === "connected");
    expect(double.refusedSockets).toBeGreaterThanOrEqual(1);
    expect(double.accepted.at(-1)!.cookie).toContain(`zpw_sek=${renewed}`);
    double.pushUserMessage(USER, "/help");
    await until(() => textsTo(USER).length > 0);
    expect(textsTo(USER).join("\n")).toMatch(/đăng ký/);
    expect(savedSession()).toBe(renewed);
    expect(alerts).toEqual([]);
    expect(log.text()).not.toContain(renewed);
  });

  it("logs in again on schedule and swaps listener and API without losing a message sent meanwhile (item 4)", async () => {
    await start({ credentialsFile: file, relogin: (current) => relogin({ current, file, log: memoryLog().log, zalo: zaloOptions() }), reloginEveryMs: 400 });
    const first = double.connections;
    await until(() => double.logins >= 2 && double.connections > first && zalo.state === "connected");
    // Never two sockets at once: Zalo would close one with 3000 and the channel would stop.
    expect(double.open).toBe(1);
    double.pushUserMessage(USER, "/help");
    await until(() => textsTo(USER).length > 0);
    expect(zalo.state).toBe("connected");
  });

  it("gives up on a refused session only after the saved session and the QR login's copy are refused too (item 4)", async () => {
    await start({ credentialsFile: file, reconnect: { baseMs: 50, maxMs: 200, reloginAfter: 2 }, relogin: (current) => relogin({ current, file, log: memoryLog().log, zalo: zaloOptions() }) });
    writeFileSync(qrCopyOf(file), JSON.stringify(double.credentials()));
    double.expireSession();
    double.drop();
    await until(() => zalo.state === "expired");
    expect(alerts.some((a) => a.includes("zalo login"))).toBe(true);
  });

  it("does not save a jar whose session cookie is gone, keeping the last good session on disk (item 4)", async () => {
    await start();
    expect(saveSession(api, file, memoryLog().log)).toBe(true);
    const good = savedSession();
    api.getCookie().setCookieSync("zpw_sek=; Max-Age=0; Domain=chat.zalo.me; Path=/", "https://chat.zalo.me");
    expect(saveSession(api, file, memoryLog().log)).toBe(false);
    expect(savedSession()).toBe(good);
  });
});
