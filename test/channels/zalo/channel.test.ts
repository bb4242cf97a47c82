/**
 * The Zalo channel end to end: real UserMessage/GroupMessage objects from zca-js go into a
 * fake at the zca-js API boundary, through the real brain on a real SQLite file, and what the
 * bot sends comes back out of the fake.
 */
import { STRANGER_QUIET_MS } from "../../../src/core/brain.js";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ThreadType, ZaloApiError, type Message } from "zca-js";
import { createZaloChannel, type ZaloChannel, type ZaloChannelOptions } from "../../../src/channels/zalo/channel.js";
import { readCredentials } from "../../../src/channels/zalo/credentials.js";
import { LOGIN_COMMAND, texts } from "../../../src/channels/zalo/texts.js";
import { type Address, RecipientGoneError } from "../../../src/core/messages.js";
import { obligationsOf } from "../../../src/plan/obligations.js";
import { listReports } from "../../../src/reports/store.js";
import { fold } from "../../../src/text/normalize.js";
import { openTestApp, type TestApp } from "../../support/app.js";
import { BOT_ID, FakeZaloApi, groupMessage, memoryLog, quoteOfBot, userMessage, VirtualTimer } from "./fake.js";

const SECOND_PLAN = new URL("../../fixtures/plans/second-plan.md", import.meta.url).pathname;

let t: TestApp;
let timer: VirtualTimer;
let api: FakeZaloApi;
let zalo: ZaloChannel;
let alerts: string[];
let logs: ReturnType<typeof memoryLog>;

afterEach(async () => {
  await zalo?.stop();
  t?.dispose();
});

async function start(app: TestApp, options: Partial<ZaloChannelOptions> = {}): Promise<void> {
  t = app;
  timer = new VirtualTimer();
  api = new FakeZaloApi(timer);
  alerts = [];
  logs = memoryLog();
  zalo = createZaloChannel({
    port: api,
    brain: t.brain,
    log: logs.log,
    alertAdmins: async (text) => void alerts.push(text),
    timer,
    throttle: { perThreadMs: 1_000, overallMs: 300 },
    retry: { attempts: 5, baseMs: 2_000, maxMs: 8_000 },
    reconnect: { baseMs: 1_000, maxMs: 8_000 },
    ...options,
  });
  await zalo.start();
  await timer.until(() => zalo.state === "connected");
}

/** Lets everything in flight finish: handling, queued sends, their throttle waits. */
async function settle(): Promise<void> {
  let quiet = 0;
  let seen = -1;
  for (let round = 0; round < 10_000 && quiet < 8; round++) {
    await new Promise((r) => setImmediate(r));
    if (timer.step()) quiet = 0;
    else if (api.sent.length === seen) quiet++;
    seen = api.sent.length;
  }
}

/** Waits for `promise` while moving virtual time, so sends held by the throttle go out. */
async function drive<T>(promise: Promise<T>): Promise<T> {
  const outcome = promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  let done: Awaited<typeof outcome> | undefined;
  void outcome.then((o) => (done = o));
  const o = await timer.until(() => done);
  if (!o.ok) throw o.error;
  return o.value;
}

/** Delivers a message as the listener would and returns what the bot sent back. */
async function exchange(message: Message): Promise<string[]> {
  const before = api.sent.length;
  api.listener.deliver(message);
  await settle();
  return api.sent.slice(before).map((s) => s.content.msg);
}

/** The numbered line offering `pattern`, as the user would read it: "2. Quý I/2024" → the label. */
function option(reply: string[], pattern: RegExp): { number: string; label: string } {
  for (const line of reply.join("\n").split("\n")) {
    const m = /^(\d+[a-z]?|[a-z])\. (.+)$/.exec(line);
    if (m && pattern.test(m[2]!)) return { number: m[1]!, label: m[2]! };
  }
  throw new Error(`no option ${pattern} in ${reply.join("\n")}`);
}

/** An agency leading a repeating task in the active plan, to walk every step of /baocao. */
function leadingAgency(app: TestApp): { name: string; code: string } {
  const { plan, directory } = app.app.active();
  const score = (code: string) =>
    obligationsOf(plan, directory, code).filter((o) => o.role === "lead").reduce((s, o) => s + (o.task.recurrence === "quarterly" || o.task.recurrence === "monthly" ? 10 : 1), 0);
  const best = [...directory.agencies].sort((a, b) => score(b.code) - score(a.code))[0]!;
  return { name: best.name, code: best.code };
}

describe.each<{ plan: string; env: Record<string, string>; now: string }>([
  { plan: "the seed plan", env: {}, now: "2024-03-20T09:00:00+07:00" },
  { plan: "a second plan", env: { PLAN_FILE: SECOND_PLAN }, now: "2025-05-20T09:00:00+07:00" },
])("zalo conversations on $plan", ({ env, now }) => {
  it("registers, lists the tasks and walks /baocao with numbers and with words, accented or not", async () => {
    await start(openTestApp({ env, now }));
    const agency = leadingAgency(t);
    const user = "8100000000000000001";

    const registered = await exchange(userMessage(user, `/start ${t.invite(agency.name)}`));
    expect(registered.join("\n")).toMatch(/Đăng ký thành công/);

    const tasks = await exchange(userMessage(user, "/nhiemvu"));
    expect(tasks.join("\n")).toContain(`Nhiệm vụ của ${agency.name}`);
    // Each task is answered by its own number, so the list number and the task number agree.
    const first = option(tasks, /Báo cáo nhiệm vụ/);
    expect(first.label).toBe(`Báo cáo nhiệm vụ ${first.number}`);
    expect(tasks.join("\n")).toMatch(new RegExp(`Trả lời ${first.number}\\b`));

    let step = await exchange(userMessage(user, `so ${first.number}`));
    expect(step.join("\n")).toMatch(new RegExp(`Nhiệm vụ ${first.number}, .*gõ kết quả thực hiện`));
    if (/Chọn kỳ khác/.test(step.join("\n"))) {
      step = await exchange(userMessage(user, "chon ky khac"));
      // The period by its words without accents: "quy i/2024" for «Quý I/2024».
      const period = option(step, /./);
      expect(period.number).toBe("a");
      step = await exchange(userMessage(user, fold(period.label).toLowerCase()));
      expect(step.join("\n")).toMatch(/gõ kết quả thực hiện/);
    }
    step = await exchange(userMessage(user, "2 hội nghị, 150 đại biểu tham dự."));
    if (/Tình trạng thực hiện\?/.test(step.join("\n"))) step = await exchange(userMessage(user, "dang lam"));
    expect(step.join("\n")).toMatch(/Xem lại báo cáo/);
    step = await exchange(userMessage(user, "Khó khăn: Kinh phí chưa được cấp."));
    expect(step.join("\n")).toMatch(/Đã bổ sung[\s\S]*Khó khăn, vướng mắc: Kinh phí chưa được cấp\./);
    step = await exchange(userMessage(user, "XÁC NHẬN"));
    expect(step.join("\n")).toMatch(/Đã lưu báo cáo nhiệm vụ/);

    const [report] = listReports(t.app.db, t.app.active().id, { agency: agency.code });
    expect(report).toMatchObject({ task: first.number, status: "dang_thuc_hien", results: "2 hội nghị, 150 đại biểu tham dự.", difficulties: ["Kinh phí chưa được cấp."], proposals: [], channel: "zalo" });
    expect(api.sent.every((s) => s.threadId === user && s.type === ThreadType.User)).toBe(true);
  });
});

describe("zalo groups", () => {
  it("binds a group to an agency and answers there only when addressed, always as a group", async () => {
    await start(openTestApp());
    const group = "5500000000000000001";
    const agency = leadingAgency(t);
    expect((await exchange(groupMessage(group, "201", `/start ${t.invite(agency.name)}`))).join("\n")).toMatch(/Nhóm này đã được ghi nhận/);

    expect(await exchange(groupMessage(group, "202", "Chào cả nhóm, mai họp lúc 8h"))).toEqual([]);
    const mention = [{ uid: BOT_ID, pos: 0, len: 16, type: 0 as const }];
    const tasks = await exchange(groupMessage(group, "202", "@Trợ lý Kế hoạch /nhiemvu", { mentions: mention }));
    expect(tasks.join("\n")).toContain(`Nhiệm vụ của ${agency.name}`);
    expect(tasks.join("\n")).toContain(texts.groupAnswer);

    const asked = await exchange(groupMessage(group, "202", "/baocao"));
    expect(asked.join("\n")).toMatch(/báo cáo nhiệm vụ nào\?/);
    // A bare "1" from another member is not for the bot; from the member who is reporting, it is.
    expect(await exchange(groupMessage(group, "203", "1"))).toEqual([]);
    const next = await exchange(groupMessage(group, "202", option(asked, /./).number));
    expect(next.join("\n")).toMatch(/gõ kết quả thực hiện/);
    const quoted = await exchange(groupMessage(group, "202", "Đã tổ chức 2 hội nghị cho 150 đại biểu.", { quote: quoteOfBot(next.join("\n")) }));
    expect(quoted.join("\n")).toMatch(/Tình trạng thực hiện|Xem lại báo cáo/);

    expect(api.sent.length).toBeGreaterThan(0);
    expect(api.sent.every((s) => s.threadId === group && s.type === ThreadType.Group)).toBe(true);
  });
});

describe("zalo safety", () => {
  it("processes a redelivered message once", async () => {
    const t = openTestApp();
    await start(t);
    const first = userMessage("301", "/help");
    expect(await exchange(first)).toHaveLength(1);
    // Past the quiet time a stranger's messages are answered again: only a repeat is not.
    t.clock.advance(STRANGER_QUIET_MS);
    expect(await exchange(first)).toEqual([]);
    expect(await exchange(userMessage("301", "/help", { same: first }))).toEqual([]);
    expect(await exchange(userMessage("301", "/help"))).toHaveLength(1);
  });

  it("answers what it cannot read in private, and stays silent about it in a group", async () => {
    await start(openTestApp());
    expect(await exchange(userMessage("302", { lat: 15.1, lng: 108.8 }, { msgType: "chat.location.new" }))).toEqual([texts.unsupported]);
    expect(await exchange(groupMessage("g9", "302", { lat: 15.1, lng: 108.8 }, { msgType: "chat.location.new" }))).toEqual([]);
  });

  it("reconnects after a 1006 close and goes on answering", async () => {
    await start(openTestApp());
    api.listener.drop(1006, "network lost");
    expect(zalo.state).toBe("waiting");
    await timer.until(() => zalo.state === "connected");
    expect(api.listener.starts).toBe(2);
    expect(await exchange(userMessage("303", "/help"))).toHaveLength(1);
    expect(alerts).toEqual([]);
  });

  it("stops on a 3003 close, alerts the admins, and neither reconnects nor sends", async () => {
    await start(openTestApp());
    api.listener.drop(3003, "kicked");
    await timer.until(() => alerts.length > 0);
    expect(alerts).toEqual([texts.alert.kicked]);
    expect(zalo.state).toBe("stopped");
    await settle();
    expect(api.listener.starts).toBe(1);
    const to: Address = { channel: "zalo", chatId: "304", chatKind: "private" };
    await expect(drive(zalo.channel.send(to, { text: "Nhắc hạn" }))).rejects.toThrow();
    expect(await exchange(userMessage("304", "/help"))).toEqual([]);
  });

  it("stops on a 3000 close (another connection) with its own alert", async () => {
    await start(openTestApp());
    api.listener.drop(3000);
    await timer.until(() => alerts.length > 0);
    expect(alerts).toEqual([texts.alert.duplicate]);
    expect(zalo.state).toBe("stopped");
  });

  it("delivers a burst of 50 sends in order, none lost and none twice, through 221 pauses, a 123 and answers without a message id (issue 15)", async () => {
    await start(openTestApp());
    // Zalo refuses the 7th and 30th calls with 221, answers every 11th without a message id, and the 20th with 123.
    let empties = 0;
    api.respond = (call) => {
      if (call === 7 || call === 30) return new ZaloApiError("Vượt quá số request cho phép", 221);
      if (call % 11 === 0) return empties++, "empty";
      return call === 20 ? new ZaloApiError("Không thể nhận tin nhắn từ bạn.", 123) : "ok";
    };
    const threads: Address[] = [
      { channel: "zalo", chatId: "u1", chatKind: "private" },
      { channel: "zalo", chatId: "u2", chatKind: "private" },
      { channel: "zalo", chatId: "g1", chatKind: "group" },
      { channel: "zalo", chatId: "g2", chatKind: "group" },
      { channel: "zalo", chatId: "u3", chatKind: "private" },
    ];
    const sends = Array.from({ length: 50 }, (_, i) => zalo.channel.send(threads[i % threads.length]!, { text: `Nhắc hạn số ${i + 1}` }));
    const startedAt = timer.now();
    const settledAll = Promise.allSettled(sends);
    await timer.until(() => api.sent.length + empties >= 50);
    const results = await settledAll;
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);

    // What Zalo answered without a message id is not resent: perhaps delivered, never twice.
    expect(api.sent.length + empties).toBe(50);
    expect(new Set(api.sent.map((s) => s.content.msg)).size).toBe(api.sent.length);
    expect(zalo.status().unknownDeliveries).toBe(empties);
    for (const [k, thread] of threads.entries()) {
      const expected = Array.from({ length: 10 }, (_, j) => `Nhắc hạn số ${j * threads.length + k + 1}`);
      const got = api.textsTo(thread.chatId);
      expect(got).toEqual(expected.filter((t) => got.includes(t)));
      const type = thread.chatKind === "group" ? ThreadType.Group : ThreadType.User;
      expect(api.sent.filter((s) => s.threadId === thread.chatId).every((s) => s.type === type)).toBe(true);
      const times = api.sent.filter((s) => s.threadId === thread.chatId).map((s) => s.at);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1_000);
    }
    const all = api.sent.map((s) => s.at);
    for (let i = 1; i < all.length; i++) expect(all[i]! - all[i - 1]!).toBeGreaterThanOrEqual(300);
    expect(logs.text()).toContain("Zalo limited the account (221)");
    expect(alerts.filter((a) => a.includes("mã 221"))).toHaveLength(2);
    process.stdout.write(`zalo burst: 50 sends, ${api.calls} calls, ${empties} unknown, ${(timer.now() - startedAt) / 1000} s of virtual time, lost 0, twice 0\n`);
  });

  it("sends a file from memory to a group with its text first", async () => {
    await start(openTestApp());
    const data = Buffer.from("xlsx bytes");
    await drive(
      zalo.channel.send(
        { channel: "zalo", chatId: "g5", chatKind: "group" },
        { text: "Báo cáo tổng hợp", file: { name: "tong-hop", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data } },
      ),
    );
    expect(api.sent.map((s) => [s.type, s.content.msg, s.content.attachments])).toEqual([
      [ThreadType.Group, "Báo cáo tổng hợp", undefined],
      [ThreadType.Group, "", [{ data, filename: "tong-hop.xlsx", metadata: { totalSize: data.length } }]],
    ]);
  });

  it("turns a blocked recipient into RecipientGoneError", async () => {
    await start(openTestApp());
    api.respond = () => new ZaloApiError("Bạn chưa thể gửi tin nhắn đến người này vì người này chặn không nhận tin nhắn từ người lạ.", 122);
    await expect(drive(zalo.channel.send({ channel: "zalo", chatId: "u9", chatKind: "private" }, { text: "x" }))).rejects.toBeInstanceOf(RecipientGoneError);
    expect(zalo.state).toBe("connected");
  });

  it("an expired session (zpw_sek) on send stops the channel and tells the admins how to log in again", async () => {
    await start(openTestApp());
    api.respond = () => new ZaloApiError("zpw_sek bị thiếu hoặc không đúng", 600);
    await expect(drive(zalo.channel.send({ channel: "zalo", chatId: "u9", chatKind: "private" }, { text: "x" }))).rejects.toThrow(/zpw_sek/);
    await timer.until(() => alerts.length > 0);
    expect(alerts).toEqual([texts.alert.expired]);
    expect(zalo.state).toBe("expired");
    expect(logs.text()).toContain(LOGIN_COMMAND);
  });

  it("keeps the session fresh: keep-alive, then the cookie jar saved again with mode 0600", async () => {
    const app = openTestApp();
    const file = join(app.dir, "zalo-credentials.json");
    await start(app, { credentialsFile: file, refreshMs: 60_000 });
    const begun = timer.now();
    await timer.until(() => api.keepAlives === 2 && readCredentials(file).cookie[0]!.value === "zpw_sek_v3");
    expect(timer.now() - begun).toBe(2 * 60_000);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    api.keepAliveError = new ZaloApiError("zpw_sek bị thiếu hoặc không đúng", 600);
    await timer.until(() => alerts.length > 0);
    expect(alerts).toEqual([texts.alert.expired]);
    expect(readFileSync(file, "utf8")).not.toContain("undefined");
  });

  it("apologises when handling fails, without a stack trace in chat", async () => {
    t = openTestApp();
    timer = new VirtualTimer();
    api = new FakeZaloApi(timer);
    logs = memoryLog();
    zalo = createZaloChannel({
      port: api,
      brain: { handle: async () => Promise.reject(new Error("database is locked")) },
      log: logs.log,
      alertAdmins: async () => undefined,
      timer,
    });
    await zalo.start();
    await timer.until(() => zalo.state === "connected");
    expect(await exchange(userMessage("305", "/nhiemvu"))).toEqual([texts.apology]);
    expect(logs.text()).toContain("database is locked");
  });
});
