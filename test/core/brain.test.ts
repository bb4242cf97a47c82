import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { STRANGER_QUIET_MS } from "../../src/core/brain.js";
import { findContact } from "../../src/core/contacts.js";
import { listReports } from "../../src/reports/store.js";
import { openTestApp, textFrom, type TestApp } from "../support/app.js";
import type { OutgoingMessage } from "../../src/core/messages.js";

let t: TestApp;
afterEach(() => t?.dispose());

const say = async (user: string, text: string) => t.brain.handle(textFrom(user, text));
const press = async (user: string, choice: string) => t.brain.handle(textFrom(user, "", { text: undefined, choice }));
const all = (out: OutgoingMessage[]) => out.map((m) => m.text).join("\n");
const valueOf = (out: OutgoingMessage[], label: RegExp) => {
  const c = out.flatMap((m) => m.choices ?? []).find((x) => label.test(x.label));
  if (!c) throw new Error(`no choice ${label} in ${JSON.stringify(out)}`);
  return c.value;
};

describe("registration", () => {
  it("accepts a valid code once, then refuses it as used", async () => {
    t = openTestApp();
    const code = t.invite("Công an tỉnh");
    expect(all(await say("100", `/start ${code}`))).toMatch(/Đăng ký thành công.*Công an tỉnh/s);
    expect(all(await say("101", `/start ${code}`))).toMatch(/đã được sử dụng/);
  });

  it("refuses an expired code and a wrong code", async () => {
    t = openTestApp();
    const code = t.invite("Sở Ngoại vụ");
    t.clock.advance(73 * 3_600_000);
    expect(all(await say("100", `/start ${code}`))).toMatch(/hết hạn/);
    expect(all(await say("100", "/start AAAA-BBBB-CCCC-DDDD"))).toMatch(/không đúng/);
  });

  it("rate-limits wrong attempts per chat, even with the right code afterwards", async () => {
    t = openTestApp();
    const code = t.invite("Sở Tư pháp");
    for (let i = 0; i < 5; i++) await say("100", `/start WRONG-${i}`);
    expect(all(await say("100", `/start ${code}`))).toMatch(/quá nhiều lần/);
    expect(all(await say("200", `/start ${code}`))).toMatch(/Đăng ký thành công/);
  });

  it("gives an unregistered user only the way to register", async () => {
    t = openTestApp();
    for (const cmd of ["/nhiemvu", "/baocao", "/tiendo", "/moi Công an tỉnh", "Đã tổ chức họp báo"]) {
      const out = await say("999", cmd);
      expect(all(out)).toMatch(/chưa đăng ký/);
      expect(out.flatMap((m) => m.choices ?? [])).toEqual([]);
      t.clock.advance(STRANGER_QUIET_MS);
    }
  });

  it("tells a stranger how to register once in a quiet period, however much it writes (issue 12, item 2)", async () => {
    t = openTestApp();
    expect(all(await say("999", "/help"))).toMatch(/chưa đăng ký/);
    for (let i = 0; i < 20; i++) expect(await say("999", `tin nhắn ${i}`)).toEqual([]);
    t.clock.advance(STRANGER_QUIET_MS - 1_000);
    expect(await say("999", "/nhiemvu")).toEqual([]);
    // Another stranger is answered meanwhile, and a code is always read.
    expect(all(await say("998", "/help"))).toMatch(/chưa đăng ký/);
    expect(all(await say("999", `/start ${t.invite("Công an tỉnh")}`))).toMatch(/Đăng ký thành công/);
    t.clock.advance(1_000);
    expect(all(await say("997", "xin chào"))).toMatch(/chưa đăng ký/);
    expect(await say("997", "xin chào lần nữa")).toEqual([]);
    t.clock.advance(STRANGER_QUIET_MS);
    expect(all(await say("997", "còn đó không?"))).toMatch(/chưa đăng ký/);
  });

  it("processes a redelivered event once", async () => {
    t = openTestApp();
    const code = t.invite("Công an tỉnh");
    const msg = textFrom("100", `/start ${code}`);
    expect(await t.brain.handle(msg)).toHaveLength(1);
    expect(await t.brain.handle(msg)).toEqual([]);
  });
});

describe("/nhiemvu", () => {
  it("lists task 4 for Công an tỉnh", async () => {
    t = openTestApp();
    await say("100", `/start ${t.invite("Công an tỉnh")}`);
    const text = all(await say("100", "/nhiemvu"));
    expect(text).toMatch(/4\. Đầu tranh, phản bác/);
    expect(text).toMatch(/Chủ trì/);
  });

  it("lists the lead tasks of Sở Thông tin và Truyền thông with deadlines", async () => {
    t = openTestApp({ now: "2024-03-20T09:00:00+07:00" });
    await say("100", `/start ${t.invite("Sở TT&TT")}`);
    const out = await say("100", "/nhiemvu");
    const text = all(out);
    for (const id of ["1", "2", "3", "6", "9", "10", "12"]) expect(text).toMatch(new RegExp(`(^|\\n)\\S+ ${id}\\. `));
    expect(text).toMatch(/3\. Chỉ đạo[^\n]*\n[^\n]*hạn 31\/03\/2024/);
    expect(text).toMatch(/2\. Tổ chức Hội nghị[^\n]*\n[^\n]*hạn 30\/09\/2024/);
    expect(out[0]!.choices!.map((c) => c.value)).toContain("/baocao 3");
  });
});

describe("/baocao", () => {
  async function register(user = "100", agency = "Sở Thông tin và Truyền thông") {
    await say(user, `/start ${t.invite(agency)}`);
  }

  it("takes the task, one message and a confirmation; the period and what the message holds are read, not asked", async () => {
    t = openTestApp({ now: "2024-05-10T09:00:00+07:00" });
    await register();
    let out = await say("100", "/baocao");
    out = await press("100", valueOf(out, /Tổ chức Họp báo/));
    expect(all(out)).toMatch(/Nhiệm vụ 1, Quý II\/2024\. Quý đơn vị gõ kết quả/);
    out = await say("100", "Đang chuẩn bị nội dung họp báo quý II; đã mời 30 phóng viên. Khó khăn: chưa có kinh phí thuê hội trường. https://example.vn/hop-bao");
    expect(all(out)).toMatch(/Xem lại báo cáo/);
    expect(listReports(t.app.db, t.app.active().id)).toHaveLength(0);
    out = await press("100", valueOf(out, /Xác nhận/));
    expect(all(out)).toMatch(/Đã lưu báo cáo nhiệm vụ 1, Quý II\/2024/);
    const [r] = listReports(t.app.db, t.app.active().id);
    expect(r).toMatchObject({
      agency: "STTTT",
      task: "1",
      period: "2024-Q2",
      status: "gap_kho_khan",
      proposals: [],
      evidence: [{ kind: "link", ref: "https://example.vn/hop-bao" }],
    });
    expect(r!.difficulties.join(" ")).toMatch(/chưa có kinh phí thuê hội trường/);
    expect(r!.results).toContain("đã mời 30 phóng viên");
  });

  it("resumes the same step after a restart", async () => {
    t = openTestApp({ now: "2024-03-20T09:00:00+07:00" });
    await register();
    let out = await say("100", "/baocao 3");
    expect(all(out)).toMatch(/gõ kết quả thực hiện/);
    t.close();
    const reopened = openTestApp({ dir: t.dir, now: "2024-03-20T09:05:00+07:00" });
    t = reopened;
    out = await say("100", "Văn bản số 123/STTTT-TTBCXB hướng dẫn báo chí tuyên truyền.");
    expect(all(out)).toMatch(/Tình trạng thực hiện/);
    out = await press("100", "s:hoan_thanh");
    out = await press("100", "ok");
    expect(all(out)).toMatch(/Đã lưu báo cáo nhiệm vụ 3/);
    expect(listReports(t.app.db, t.app.active().id, { task: "3" })).toHaveLength(1);
  });

  it("refuses another agency's task and a choice the step did not offer", async () => {
    t = openTestApp();
    await register("100", "Công an tỉnh");
    expect(all(await say("100", "/baocao 1"))).toMatch(/không thuộc Quý đơn vị/);
    await say("100", "/baocao");
    expect(all(await press("100", "t:1"))).toMatch(/chọn một mục/);
    expect(all(await press("100", "s:hoan_thanh"))).toMatch(/chọn một mục/);
    expect(all(await say("100", "1"))).toMatch(/chọn một mục/);
  });

  it("keeps history: a newer report for the same key supersedes the older", async () => {
    t = openTestApp({ now: "2024-03-20T09:00:00+07:00" });
    await register();
    for (const text of ["Đang soạn văn bản.", "Đã ban hành văn bản."]) {
      await say("100", "/baocao 3");
      await say("100", text);
      // The second time, the bot shows the report already given and asks: «Thay thế».
      for (const v of ["ok", "replace"]) await press("100", v);
    }
    const db = t.app.db;
    const planId = t.app.active().id;
    expect(listReports(db, planId, { task: "3" }).map((r) => r.status)).toEqual(["hoan_thanh"]);
    expect(listReports(db, planId, { task: "3", history: true }).map((r) => r.status)).toEqual(["dang_thuc_hien", "hoan_thanh"]);
  });

  it("/huy ends the conversation", async () => {
    t = openTestApp();
    await register();
    await say("100", "/baocao");
    expect(all(await say("100", "/huy"))).toMatch(/Đã hủy/);
    expect(all(await say("100", "/huy"))).toMatch(/Không có thao tác/);
  });
});

describe("free text", () => {
  it("reads a progress reply into a draft and stores it only after the button", async () => {
    t = openTestApp({ now: "2024-03-29T09:00:00+07:00" });
    await say("100", `/start ${t.invite("Văn phòng UBND tỉnh")}`);
    const out = await say("100", "Đã tổ chức họp báo quý I vào ngày 28/3/2024, có 30 phóng viên tham dự.");
    expect(all(out)).toMatch(/Nhiệm vụ 1, Quý I\/2024/);
    expect(all(out)).toMatch(/Hoàn thành/);
    expect(listReports(t.app.db, t.app.active().id)).toHaveLength(0);
    expect(all(await press("100", valueOf(out, /Xác nhận/)))).toMatch(/Đã lưu báo cáo nhiệm vụ 1/);
    expect(listReports(t.app.db, t.app.active().id)[0]).toMatchObject({ agency: "VPUBND", task: "1", period: "2024-Q1", status: "hoan_thanh" });
  });

  it("answers a question with a cited section", async () => {
    t = openTestApp();
    await say("100", `/start ${t.invite("Sở TT&TT")}`);
    expect(all(await say("100", "Hạn chót gửi báo cáo kết quả thực hiện kế hoạch là ngày nào?"))).toMatch(/15\/11\/2024/);
  });
});

describe("roles", () => {
  it("refuses /tiendo, /moi and /tonghop to a focal point, typed or as forged button data", async () => {
    t = openTestApp();
    await say("100", `/start ${t.invite("Công an tỉnh")}`);
    for (const cmd of ["/tiendo", "/moi Sở Y tế", "/lienhe", "/thuhoi 1"]) {
      expect(all(await say("100", cmd))).toMatch(/chỉ dành cho cán bộ quản trị/);
      expect(all(await press("100", cmd))).toMatch(/chỉ dành cho cán bộ quản trị/);
    }
  });

  it("lets an admin invite and a new contact register with the code from chat", async () => {
    t = openTestApp();
    await say("1", `/start ${t.invite("Sở TT&TT", "admin")}`);
    const out = all(await say("1", "/moi Sở Y tế"));
    const code = /: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(out)![1]!;
    expect(all(await say("2", `/start ${code}`))).toMatch(/Sở Y tế/);
  });
});

describe("groups", () => {
  it("binds a group to an agency and ignores messages not addressed to the bot", async () => {
    t = openTestApp();
    const group = { chatId: "-500", chatKind: "group" as const };
    const code = t.invite("Sở Ngoại vụ");
    expect(all(await t.brain.handle(textFrom("7", `/start ${code}`, group)))).toMatch(/Nhóm này.*Sở Ngoại vụ/s);
    expect(await t.brain.handle(textFrom("8", "chào mọi người", { ...group, addressed: false }))).toEqual([]);
    expect(all(await t.brain.handle(textFrom("8", "/nhiemvu", group)))).toMatch(/5a\. /);
  });
});

describe("small things", () => {
  it("treats the same chat sending its used code again as registered, not as a wrong attempt", async () => {
    t = openTestApp();
    const code = t.invite("Công an tỉnh");
    await say("100", `/start ${code}`);
    for (let i = 0; i < 6; i++) expect(all(await say("100", `/start ${code}`))).toMatch(/Đăng ký thành công/);
  });

  it("answers a one-word or empty message with what to type, not a report draft", async () => {
    t = openTestApp();
    await say("100", `/start ${t.invite("Công an tỉnh")}`);
    for (const text of ["1", "a", "ok", "\u200B\u200B"]) {
      const out = await say("100", text);
      expect(all(out)).toMatch(/chưa hiểu nội dung/);
      expect(out.flatMap((m) => m.choices ?? [])).toEqual([]);
    }
  });
});

describe("confirming a report (issue 12, item 6)", () => {
  it("stores the report, the conversation's end and the event's mark together: a failed write leaves nothing, the retry stores once", async () => {
    t = openTestApp({ now: "2024-03-29T09:00:00+07:00" });
    await say("100", `/start ${t.invite("Văn phòng UBND tỉnh")}`);
    const out = await say("100", "Đã tổ chức họp báo quý I vào ngày 28/3/2024, có 30 phóng viên tham dự.");
    const confirm = valueOf(out, /Xác nhận/);
    // The disk fills up just as the conversation's end is written.
    t.app.db.$client.exec("CREATE TRIGGER full_disk BEFORE DELETE ON conversations BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;");
    await expect(press("100", confirm)).rejects.toThrow(/disk is full/);
    t.app.db.$client.exec("DROP TRIGGER full_disk");
    expect(listReports(t.app.db, t.app.active().id)).toHaveLength(0);
    expect(all(await press("100", confirm))).toMatch(/Đã lưu báo cáo nhiệm vụ 1/);
    expect(listReports(t.app.db, t.app.active().id, { history: true })).toHaveLength(1);
  });
});

describe("an old keyboard (issue 12, item 7)", () => {
  it("cannot confirm a newer draft: each confirmation button belongs to its own draft", async () => {
    t = openTestApp({ now: "2024-03-29T09:00:00+07:00" });
    await say("100", `/start ${t.invite("Văn phòng UBND tỉnh")}`);
    const a = await say("100", "Đã tổ chức họp báo quý I vào ngày 28/3/2024, có 30 phóng viên tham dự.");
    await say("100", "/huy");
    const b = await say("100", "Họp báo quý I đang chuẩn bị, chưa tổ chức được do thiếu kinh phí.");
    expect(all(await press("100", valueOf(a, /Xác nhận/)))).not.toMatch(/Đã lưu/);
    expect(listReports(t.app.db, t.app.active().id)).toHaveLength(0);
    expect(all(await press("100", valueOf(b, /Xác nhận/)))).toMatch(/Đã lưu báo cáo nhiệm vụ 1/);
    const stored = listReports(t.app.db, t.app.active().id)[0]!;
    expect(stored.results).toMatch(/^Họp báo quý I đang chuẩn bị/);
    expect(stored.status).not.toBe("hoan_thanh");
  });
});

describe("a confirmation checks again what it confirms (issue 12, item 5)", () => {
  it("refuses a draft whose task the agency no longer has after a plan import, and says so", async () => {
    t = openTestApp({ now: "2024-03-29T09:00:00+07:00" });
    await say("100", `/start ${t.invite("Văn phòng UBND tỉnh")}`);
    const out = await say("100", "Đã tổ chức họp báo quý I vào ngày 28/3/2024, có 30 phóng viên tham dự.");
    t.app.importPlanFile(fileURLToPath(new URL("../fixtures/plans/second-plan.md", import.meta.url)));
    const reply = all(await press("100", valueOf(out, /Xác nhận/)));
    expect(reply).toMatch(/không còn/);
    expect(reply).not.toMatch(/Đã lưu/);
    expect(listReports(t.app.db, t.app.active().id)).toHaveLength(0);
  });
});

describe("a second code in a registered chat (issue 12, item 9)", () => {
  it("asks before replacing the chat's agency or role, and keeps it when not confirmed", async () => {
    t = openTestApp();
    await say("100", `/start ${t.invite("Sở Tư pháp", "admin")}`);
    const asked = await say("100", `/start ${t.invite("Công an tỉnh")}`);
    expect(all(asked)).toMatch(/đang là đầu mối của Sở Tư pháp \(quản trị\)/);
    expect(findContact(t.app.db, "telegram", "100")).toMatchObject({ role: "admin" });
    expect(all(await press("100", valueOf(asked, /Giữ/)))).toMatch(/Đã hủy/);
    expect(t.app.active().directory.byCode(findContact(t.app.db, "telegram", "100")!.agencyCode)?.name).toBe("Sở Tư pháp");

    const again = await say("100", `/start ${t.invite("Công an tỉnh")}`);
    expect(all(await press("100", valueOf(again, /Đồng ý/)))).toMatch(/Đăng ký thành công.*Công an tỉnh/s);
    expect(findContact(t.app.db, "telegram", "100")).toMatchObject({ agencyCode: "CAT", role: "focal" });
  });
});

describe("a second report for the same task and period (issue 12, item 8)", () => {
  const first = "Đã tổ chức họp báo quý I vào ngày 28/3/2024, có 30 phóng viên tham dự. Khó khăn: thiếu kinh phí thuê hội trường.";
  const second = "Họp báo quý I đã hoàn thành tốt đẹp, đã đăng 12 tin bài.";

  it("shows what exists and appends on «Bổ sung», keeping the earlier difficulties", async () => {
    t = openTestApp({ now: "2024-03-29T09:00:00+07:00" });
    await say("100", `/start ${t.invite("Văn phòng UBND tỉnh")}`);
    await press("100", valueOf(await say("100", first), /Xác nhận/));
    const asked = await press("100", valueOf(await say("100", second), /Xác nhận/));
    expect(all(asked)).toMatch(/đã có báo cáo/i);
    expect(all(asked)).toContain("30 phóng viên");
    expect(listReports(t.app.db, t.app.active().id)[0]!.results).toContain("30 phóng viên");
    expect(all(await press("100", valueOf(asked, /Bổ sung/)))).toMatch(/Đã lưu/);
    const [current] = listReports(t.app.db, t.app.active().id);
    expect(current!.results).toContain("30 phóng viên");
    expect(current!.results).toContain("12 tin bài");
    expect(current!.difficulties.join(" ")).toMatch(/thiếu kinh phí/);
  });

  it("replaces on «Thay thế»", async () => {
    t = openTestApp({ now: "2024-03-29T09:00:00+07:00" });
    await say("100", `/start ${t.invite("Văn phòng UBND tỉnh")}`);
    await press("100", valueOf(await say("100", first), /Xác nhận/));
    const asked = await press("100", valueOf(await say("100", second), /Xác nhận/));
    expect(all(await press("100", valueOf(asked, /Thay thế/)))).toMatch(/Đã lưu/);
    const [current] = listReports(t.app.db, t.app.active().id);
    expect(current!.results).not.toContain("30 phóng viên");
    expect(listReports(t.app.db, t.app.active().id, { history: true })).toHaveLength(2);
  });
});

describe("a stored conversation is checked on the way back (issue 14, item 15)", () => {
  const row = (step: string, data: unknown) =>
    t.app.db.$client
      .prepare("INSERT INTO conversations (channel, chat_id, user_id, kind, step, data, updated_at) VALUES ('telegram', '100', '100', 'report', ?, ?, ?)")
      .run(step, JSON.stringify(data), new Date().toISOString());

  it("resumes a draft from a step this version no longer has at its preview, keeping what was typed", async () => {
    t = openTestApp({ now: "2024-03-20T09:00:00+07:00" });
    await say("100", `/start ${t.invite("Sở Thông tin và Truyền thông")}`);
    row("evidence", { task: "3", period: "2024", status: "hoan_thanh", results: ["Đã ban hành văn bản hướng dẫn."], difficulties: [], proposals: [], figures: [], evidence: [], offered: [] });
    expect(all(await say("100", "ok"))).toMatch(/Đã lưu báo cáo nhiệm vụ 3/);
    expect(listReports(t.app.db, t.app.active().id)[0]).toMatchObject({ task: "3", results: "Đã ban hành văn bản hướng dẫn." });
  });

  it("treats a damaged row as no conversation: the message is read afresh, nothing is stored from the row", async () => {
    t = openTestApp({ now: "2024-03-20T09:00:00+07:00" });
    await say("100", `/start ${t.invite("Sở Thông tin và Truyền thông")}`);
    row("confirm", { task: 3, results: "không phải danh sách", offered: "x" });
    expect(all(await say("100", "/nhiemvu"))).toMatch(/Nhiệm vụ của Sở Thông tin và Truyền thông/);
    expect(all(await say("100", "ok"))).not.toMatch(/Đã lưu/);
    expect(listReports(t.app.db, t.app.active().id)).toHaveLength(0);
  });
});
