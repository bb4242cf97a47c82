/**
 * The product's main job end to end: the real service (brain, SQLite file, grammY) long
 * polling a Bot API double over HTTP, driven as focal points and admins would.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/clock.js";
import { loadConfig } from "../../../src/config.js";
import { createInvite } from "../../../src/core/contacts.js";
import { listReports } from "../../../src/reports/store.js";
import { startService, type RunningService } from "../../../src/service.js";
import { BotApiDouble, type Delivery } from "../../support/bot-api-double.js";
import { silent, tempDir } from "../../support/app.js";

let api: BotApiDouble;
let dir: string;
let service: RunningService | undefined;
let clock: ManualClock;

beforeEach(async () => {
  api = await BotApiDouble.start();
  dir = tempDir();
  clock = new ManualClock("2024-03-20T09:00:00+07:00");
});

afterEach(async () => {
  await service?.stop();
  service = undefined;
  await api.close();
});

async function start(): Promise<RunningService> {
  const config = loadConfig({
    DATABASE_PATH: join(dir, "kehoach.sqlite"),
    ZALO_CREDENTIALS_FILE: join(dir, "none.json"),
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
  });
  service = await startService(config, silent, { clock });
  return service;
}

function invite(agency: string, role: "focal" | "admin" = "focal"): string {
  const code = service!.app.active().directory.find(agency)!.code;
  return createInvite(service!.app.db, code, role, "test", clock.now()).code;
}

/** Sends a text and waits for the next `n` replies in that chat. */
async function say(chat: number, text: string, n = 1): Promise<Delivery[]> {
  const before = api.sentTo(chat).length;
  api.pushText(chat, text);
  return (await api.waitForDeliveries(chat, before + n)).slice(before);
}

async function press(chat: number, delivery: Delivery, label: RegExp | string, n = 1): Promise<Delivery[]> {
  const rows = (delivery.replyMarkup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard;
  const button = rows.flat().find((b) => (typeof label === "string" ? b.callback_data === label : label.test(b.text)));
  if (!button) throw new Error(`no button ${label} in ${JSON.stringify(rows)}`);
  return forge(chat, delivery, button.callback_data, n);
}

async function forge(chat: number, delivery: Delivery, data: string, n = 1): Promise<Delivery[]> {
  const before = api.sentTo(chat).length;
  api.pushCallback(delivery, data);
  return (await api.waitForDeliveries(chat, before + n)).slice(before);
}

describe("registration over Telegram", () => {
  it("accepts a valid code, refuses it once used, refuses an expired and a wrong one", async () => {
    await start();
    const code = invite("Công an tỉnh");
    expect((await say(101, `/start ${code}`))[0]!.text).toMatch(/Đăng ký thành công.*Công an tỉnh/s);
    expect((await say(102, `/start ${code}`))[0]!.text).toMatch(/đã được sử dụng/);
    const old = invite("Sở Y tế");
    clock.advance(80 * 3_600_000);
    expect((await say(103, `/start ${old}`))[0]!.text).toMatch(/hết hạn/);
    expect((await say(104, "/start ZZZZ-ZZZZ-ZZZZ-ZZZZ"))[0]!.text).toMatch(/không đúng/);
  });

  it("refuses an unregistered user everything but the way to register", async () => {
    await start();
    const [reply] = await say(105, "/nhiemvu");
    expect(reply!.text).toMatch(/chưa đăng ký/);
    expect(reply!.replyMarkup).toBeUndefined();
  });
});

describe("tasks and reports over Telegram", () => {
  it("/nhiemvu lists task 4 for Công an tỉnh and the lead tasks of Sở TT&TT with deadlines", async () => {
    await start();
    await say(201, `/start ${invite("Công an tỉnh")}`);
    expect((await say(201, "/nhiemvu"))[0]!.text).toMatch(/4\. Đầu tranh, phản bác/);
    await say(202, `/start ${invite("Sở Thông tin và Truyền thông")}`);
    const text = (await say(202, "/nhiemvu"))[0]!.text;
    for (const id of ["1", "2", "3", "6", "9", "10", "12"]) expect(text).toMatch(new RegExp(`\\n\\S+ ${id}\\. `));
    expect(text).toContain("hạn 31/03/2024");
  });

  it("a full /baocao flow by buttons, interrupted by a restart, ends in one stored report", async () => {
    await start();
    await say(301, `/start ${invite("Văn phòng UBND tỉnh")}`);
    let [m] = await say(301, "/baocao");
    [m] = await press(301, m!, /^1\. /);
    [m] = await press(301, m!, /Chọn kỳ khác/);
    [m] = await press(301, m!, /Quý I\/2024/);

    await service!.stop();
    service = undefined;
    clock.advance(60_000);
    await start();

    expect(m!.text).toMatch(/gõ kết quả thực hiện/);
    [m] = await say(301, "Họp báo quý I ngày 28/3/2024 với 30 phóng viên.");
    [m] = await press(301, m!, /Hoàn thành/);
    expect(m!.text).toMatch(/Xem lại báo cáo/);
    [m] = await press(301, m!, /Xác nhận/);
    expect(m!.text).toMatch(/Đã lưu báo cáo nhiệm vụ 1, Quý I\/2024/);
    const { db, active } = service!.app;
    expect(listReports(db, active().id)).toMatchObject([{ agency: "VPUBND", task: "1", period: "2024-Q1", status: "hoan_thanh" }]);
  });

  it("a free-text report becomes a draft and is stored by the confirm button", async () => {
    await start();
    await say(401, `/start ${invite("Văn phòng UBND tỉnh")}`);
    const [draft] = await say(401, "Đã tổ chức họp báo quý I vào ngày 28/3/2024, có 30 phóng viên tham dự.");
    expect(draft!.text).toMatch(/Nhiệm vụ 1, Quý I\/2024/);
    const { db, active } = service!.app;
    expect(listReports(db, active().id)).toHaveLength(0);
    const [saved] = await press(401, draft!, /Xác nhận/);
    expect(saved!.text).toMatch(/Đã lưu/);
    expect(listReports(db, active().id)).toHaveLength(1);
  });
});

/**
 * A focal point on a phone (issue 14, item 2): what the common reports cost in messages typed
 * and buttons tapped. Before: free text 1 + 1; /baocao with difficulties 3 + 7; correcting a
 * wrong task could not be done in the draft (/huy, then /baocao again: 3 + 9).
 */
describe("the cost of a report over Telegram (issue 14)", () => {
  /** Counts what the user does: messages typed and buttons tapped. */
  function user(chat: number) {
    const cost = { messages: 0, taps: 0 };
    return {
      cost,
      say: (text: string) => (cost.messages++, say(chat, text)),
      tap: (m: Delivery, label: RegExp) => (cost.taps++, press(chat, m, label)),
    };
  }

  it("free text then one tap: 1 message, 1 tap", async () => {
    await start();
    await say(701, `/start ${invite("Văn phòng UBND tỉnh")}`);
    const u = user(701);
    let [m] = await u.say("Quý I đã tổ chức họp báo ngày 28/3, có 15 cơ quan báo chí tham dự");
    expect(m!.text).toMatch(/Nhiệm vụ 1, Quý I\/2024/);
    [m] = await u.tap(m!, /Xác nhận/);
    expect(m!.text).toMatch(/Đã lưu báo cáo nhiệm vụ 1/);
    expect(u.cost).toEqual({ messages: 1, taps: 1 });
    expect(listReports(service!.app.db, service!.app.active().id)[0]!.results).toBe("Quý I đã tổ chức họp báo ngày 28/3, có 15 cơ quan báo chí tham dự");
  });

  it("/baocao with a difficulty: 2 messages, 2 taps, the difficulty read from the one message", async () => {
    await start();
    await say(702, `/start ${invite("Sở Thông tin và Truyền thông")}`);
    const u = user(702);
    let [m] = await u.say("/baocao");
    [m] = await u.tap(m!, /^6\. /);
    [m] = await u.say("Đã đăng 12 tin bài trên báo Trung ương. Khó khăn: thiếu kinh phí dịch thuật.");
    expect(m!.text).toMatch(/Khó khăn, vướng mắc: thiếu kinh phí dịch thuật/);
    [m] = await u.tap(m!, /Xác nhận/);
    expect(m!.text).toMatch(/Đã lưu báo cáo nhiệm vụ 6/);
    expect(u.cost).toEqual({ messages: 2, taps: 2 });
    expect(listReports(service!.app.db, service!.app.active().id)[0]).toMatchObject({ task: "6", difficulties: ["thiếu kinh phí dịch thuật"] });
  });

  it("a draft on the wrong task is corrected by saying so, keeping the text: 2 messages, 1 tap", async () => {
    await start();
    await say(703, `/start ${invite("Sở Thông tin và Truyền thông")}`);
    const u = user(703);
    const text = "Đã ban hành văn bản hướng dẫn tuyên truyền, đăng 12 tin bài trên Cổng thông tin.";
    let [m] = await u.say(text);
    const guessed = /Nhiệm vụ (\d+[a-z]?),/.exec(m!.text)?.[1];
    const other = guessed === "6" ? "3" : "6";
    if (!/Xem lại|hiểu nội dung/.test(m!.text)) [m] = await u.tap(m!, new RegExp(`^${guessed ?? "3"}\\. `));
    [m] = await u.say(`không phải nhiệm vụ ${guessed}, là nhiệm vụ ${other}`);
    expect(m!.text).toMatch(new RegExp(`Đã chuyển báo cáo sang nhiệm vụ ${other}`));
    [m] = await u.tap(m!, /Xác nhận/);
    expect(m!.text).toMatch(new RegExp(`Đã lưu báo cáo nhiệm vụ ${other}`));
    expect(u.cost.messages).toBe(2);
    expect(u.cost.taps).toBeLessThanOrEqual(2);
    expect(listReports(service!.app.db, service!.app.active().id)[0]).toMatchObject({ task: other, results: text });
  });
});

describe("evidence over Telegram (issue 14, item 11)", () => {
  it("keeps a photo sent with a report in the data folder when the report is confirmed; one the platform lost stays a reference", async () => {
    await start();
    await say(801, `/start ${invite("Văn phòng UBND tỉnh")}`);
    let [m] = await say(801, "Đã tổ chức họp báo quý I ngày 28/3/2024, có 30 phóng viên tham dự.");
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from("ảnh họp báo")]);
    api.host("anh-hop-bao", jpeg);
    let before = api.sentTo(801).length;
    api.pushPhoto(801, { fileId: "anh-hop-bao", size: jpeg.length });
    [m] = (await api.waitForDeliveries(801, before + 1)).slice(before);
    expect(m!.text).toMatch(/Đã thêm minh chứng[\s\S]*Minh chứng: ảnh 1/);
    before = api.sentTo(801).length;
    api.pushPhoto(801, { fileId: "da-bi-xoa" });
    [m] = (await api.waitForDeliveries(801, before + 1)).slice(before);
    [m] = await press(801, m!, /Xác nhận/);
    expect(m!.text).toMatch(/Đã lưu báo cáo nhiệm vụ 1/);
    const [report] = listReports(service!.app.db, service!.app.active().id);
    const [kept, lost] = report!.evidence;
    expect(kept).toMatchObject({ kind: "photo", ref: "anh-hop-bao", file: expect.stringMatching(/^VPUBND\/[0-9a-f-]+\.jpg$/) });
    const path = join(dir, "evidence", kept!.file!);
    expect(readFileSync(path)).toEqual(jpeg);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(lost).toEqual({ kind: "photo", ref: "da-bi-xoa", size: 120_000 });

    // The kept photo is sent back on /minhchung; the lost one is named, not sent.
    const [listed, photo] = await say(801, "/minhchung", 2);
    expect(listed!.text).toMatch(/Minh chứng trong báo cáo của Văn phòng UBND tỉnh: 1 tệp, 1 mục khác/);
    expect(listed!.text).toMatch(/• NV 1, Quý I\/2024: ảnh 2 \(tệp trên nền tảng, chưa tải được\)/);
    expect(photo!.method).toBe("sendDocument");
    expect(photo!.document!.bytes).toEqual(jpeg);
  });

  it("shows an agency's evidence to an admin, and to a focal point only its own", async () => {
    await start();
    await say(802, `/start ${invite("Công an tỉnh")}`);
    await say(803, `/start ${invite("Sở Thông tin và Truyền thông", "admin")}`);
    expect((await say(802, "/minhchung Sở Tư pháp"))[0]!.text).toMatch(/chỉ dành cho cán bộ quản trị/);
    expect((await say(802, "minh chứng"))[0]!.text).toMatch(/Chưa có minh chứng nào trong các báo cáo của Công an tỉnh/);
    expect((await say(803, "/minhchung Sở Tư pháp"))[0]!.text).toMatch(/Chưa có minh chứng nào trong các báo cáo của Sở Tư pháp/);
  });
});

describe("roles over Telegram", () => {
  it("refuses /tiendo to a focal point, typed or as forged callback data", async () => {
    await start();
    const [welcome] = await say(501, `/start ${invite("Sở Ngoại vụ")}`);
    expect((await say(501, "/tiendo"))[0]!.text).toMatch(/chỉ dành cho cán bộ quản trị/);
    expect((await forge(501, welcome!, "/tiendo"))[0]!.text).toMatch(/chỉ dành cho cán bộ quản trị/);
    expect((await forge(501, welcome!, "/tonghop"))[0]!.text).not.toMatch(/Sở Tư pháp/);
  });

  it("lets an admin remind, in one tap, the agencies that owe a report, once a day (issue 14, item 8)", async () => {
    clock = new ManualClock("2024-03-29T09:00:00+07:00");
    await start();
    await say(902, `/start ${invite("Văn phòng UBND tỉnh")}`);
    await say(903, `/start ${invite("Sở TT&TT", "admin")}`);
    await service!.scheduler?.runNow();
    const nudges = () => api.sentTo(902).filter((d) => /đề nghị Quý đơn vị báo cáo tiến độ các nhiệm vụ của kỳ hiện tại/.test(d.text));
    const [matrix] = await say(903, "/tiendo");
    // The admin's own agency owes reports too: its chat gets the request before the answer.
    const done = await press(903, matrix!, /Nhắc các đơn vị chưa báo cáo/, 2);
    expect(done.map((d) => d.text).join("\n")).toMatch(/Đã gửi lời đề nghị báo cáo tới 2 đầu mối/);
    await api.waitFor(() => nudges().length === 1);
    expect(nudges()[0]!.text).toMatch(/^Kính gửi: Văn phòng UBND tỉnh\n/);
    // The same tap later that day reaches nobody twice.
    const [again] = await press(903, matrix!, /Nhắc các đơn vị chưa báo cáo/);
    expect(again!.text).toMatch(/Không có đầu mối nào cần nhắc/);
    expect(nudges()).toHaveLength(1);
    // A focal point cannot, typed or forged.
    expect((await say(902, "/tiendo nhac"))[0]!.text).toMatch(/chỉ dành cho cán bộ quản trị/);
    expect(nudges()).toHaveLength(1);
  });

  it("sends no reminder outside working hours, and tells the admin why", async () => {
    clock = new ManualClock("2024-03-29T22:00:00+07:00");
    await start();
    await say(904, `/start ${invite("Văn phòng UBND tỉnh")}`);
    await say(905, `/start ${invite("Sở TT&TT", "admin")}`);
    const before = api.sentTo(904).length;
    const [answer] = await say(905, "/tiendo nhac");
    expect(answer!.text).toMatch(/Ngoài giờ làm việc/);
    expect(api.sentTo(904)).toHaveLength(before);
  });

  it("gives an admin /tiendo", async () => {
    await start();
    await say(502, `/start ${invite("Sở TT&TT", "admin")}`);
    expect((await say(502, "/tiendo"))[0]!.text).toMatch(/TIẾN ĐỘ BÁO CÁO/);
  });
});

describe("Bot API failures", () => {
  it("survives a 429 with retry_after and a 500 without losing or doubling the reply", async () => {
    await start();
    await say(601, `/start ${invite("Công an tỉnh")}`);
    api.fail("sendMessage", { error: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 }, { error: 500, description: "Internal Server Error" });
    const [reply] = await say(601, "/help");
    expect(reply!.text).toMatch(/Trợ lý thực hiện Kế hoạch. Các lệnh/);
    expect(api.sentTo(601).filter((d) => /Các lệnh/.test(d.text))).toHaveLength(1);
    expect(api.callsOf("sendMessage").filter((c) => !c.ok).map((c) => c.errorCode)).toEqual([429, 500]);
  });
});
