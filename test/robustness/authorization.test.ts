/**
 * Who may do what (DESIGN §6), cell by cell, over Telegram on the real service: a stranger,
 * the focal points of two agencies A and B that lead one task together, and an admin, each
 * typing every chat command and pressing every kind of button value (a command line, or a
 * step of a conversation sent where none is open). A never sees B's reports, nor B A's: each
 * has one with a unique marker, and no reply to the other carries it, /tonghop and /hoi
 * included. Then the invite codes: single use, expiry, rate limit on wrong attempts.
 *
 * The agencies, the task and its period are taken from the plan, so the same table runs on the
 * seed plan and on a second province's plan.
 */
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { STRANGER_QUIET_MS } from "../../src/core/brain.js";
import { activeContacts, contactById, createInvite, type Contact } from "../../src/core/contacts.js";
import * as t from "../../src/db/schema.js";
import { obligationsOf } from "../../src/plan/obligations.js";
import { periodAt } from "../../src/plan/periods.js";
import { listReports, saveReport } from "../../src/reports/store.js";
import { coordinatorOf } from "../../src/plan/coordinator.js";
import { busiestAgency } from "../../src/service.js";
import { localDate } from "../../src/time.js";
import { telegramRig, type TelegramRig } from "./telegram.js";

const SECOND_PLAN = new URL("../fixtures/plans/second-plan.md", import.meta.url).pathname;

type Party = "stranger" | "focalA" | "focalB" | "admin";
const PARTIES: Party[] = ["stranger", "focalA", "focalB", "admin"];
const CHAT: Record<Party, number> = { stranger: 201, focalA: 202, focalB: 203, admin: 204 };

/** One cell: allowed (the command did its work) or refused, and what the reply must say. */
interface Cell {
  allowed: boolean;
  reply: RegExp;
  not?: RegExp;
}
const allow = (reply: RegExp, not?: RegExp): Cell => ({ allowed: true, reply, ...(not && { not }) });
const refuse = (reply: RegExp): Cell => ({ allowed: false, reply });

const UNREGISTERED = refuse(/chưa đăng ký sử dụng trợ lý/);
const ADMIN_ONLY = refuse(/chỉ dành cho cán bộ quản trị/);
const NO_STEP = refuse(/^Quý đơn vị vui lòng chọn một mục trong danh sách, hoặc gõ \/huy để hủy\.$/);
const STATUS = /gõ kết quả thực hiện/;

const MARK_A = "DAUVET-A-7Q2K";
const MARK_B = "DAUVET-B-9W4M";

let rig: TelegramRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe.each<{ plan: string; env: Record<string, string>; now: string }>([
  { plan: "the seed plan", env: {}, now: "2024-03-20T09:00:00+07:00" },
  { plan: "a second plan", env: { PLAN_FILE: SECOND_PLAN }, now: "2025-05-20T09:00:00+07:00" },
])("the authorization matrix on $plan", ({ env, now }) => {
  it("allows or refuses every command and button value, cell by cell, and never shows A's reports to B or B's to A", async () => {
    const r = (rig = await telegramRig({ env, now }));
    const { db } = r.service.app;
    const { id: planId, plan, directory } = r.service.app.active();
    const today = localDate(r.clock.now(), "Asia/Ho_Chi_Minh");
    const coordinator = coordinatorOf(r.service.app.active()) ?? busiestAgency(r.service.app);

    // A and B lead one task together: the closest neighbours, the likeliest leak.
    const shared = plan.tasks
      .map((task) => ({ task, leads: [...new Set(directory.expand(task.lead).map((a) => a.code))].filter((c) => c !== coordinator) }))
      .find((x) => x.leads.length >= 2)!;
    const [codeA, codeB] = shared.leads as [string, string];
    const task = shared.task;
    const period = periodAt(task, plan.year, today).id;
    const nameOf = (code: string) => directory.byCode(code)!.name;
    const [nameA, nameB, nameM] = [nameOf(codeA), nameOf(codeB), nameOf(coordinator)];

    const contact: Record<Exclude<Party, "stranger">, Contact> = {
      focalA: r.register(codeA, CHAT.focalA),
      focalB: r.register(codeB, CHAT.focalB),
      admin: r.register(coordinator, CHAT.admin, "admin"),
    };
    const seed = (agency: string, mark: string, who: Contact) =>
      saveReport(db, planId, {
        agency,
        task: task.id,
        period,
        status: "gap_kho_khan",
        results: `Kết quả ${mark}: đã đăng 12 tin bài.`,
        figures: [`${mark} 12 tin bài`],
        difficulties: [`Khó khăn ${mark}: thiếu kinh phí.`],
        proposals: [`Đề xuất ${mark}: bổ sung kinh phí.`],
        evidence: [{ kind: "link", ref: `https://example.vn/${mark}` }],
        contactId: who.id,
        channel: "telegram",
        messageRef: `seed-${mark}`,
        reportedAt: r.clock.now().toISOString(),
      });
    seed(codeA, MARK_A, contact.focalA);
    seed(codeB, MARK_B, contact.focalB);
    // Contacts for /thuhoi to revoke, one per way of asking, so each cell meets a live one.
    const spares = { typed: r.register(codeA, 211), button: r.register(codeA, 212) };

    const adminLeads = obligationsOf(plan, directory, coordinator).some((o) => o.task.id === task.id);
    const year = plan.year;
    const own = (name: string) => new RegExp(`Nhiệm vụ của ${escape(name)}|không giao nhiệm vụ nào cho ${escape(name)}`);

    /** The rows: what is sent, and each party's cell. Command rows run typed and as a button. */
    const commandRows: { input: string; cells: Record<Party, Cell> }[] = [
      {
        input: "/start",
        cells: {
          stranger: UNREGISTERED,
          focalA: allow(new RegExp(`Kính chào .*đầu mối của ${escape(nameA)}\\.`)),
          focalB: allow(new RegExp(`Kính chào .*đầu mối của ${escape(nameB)}\\.`)),
          admin: allow(new RegExp(`Kính chào .*đầu mối của ${escape(nameM)} \\(quản trị\\)`)),
        },
      },
      {
        input: "/help",
        cells: { stranger: UNREGISTERED, focalA: allow(/Các lệnh:/, /Dành cho quản trị/), focalB: allow(/Các lệnh:/, /Dành cho quản trị/), admin: allow(/Dành cho quản trị/) },
      },
      { input: "/nhiemvu", cells: { stranger: UNREGISTERED, focalA: allow(own(nameA)), focalB: allow(own(nameB)), admin: allow(own(nameM)) } },
      {
        input: "/baocao",
        cells: { stranger: UNREGISTERED, focalA: allow(/báo cáo nhiệm vụ nào\?/), focalB: allow(/báo cáo nhiệm vụ nào\?/), admin: allow(/báo cáo nhiệm vụ nào\?|không giao nhiệm vụ nào/) },
      },
      {
        input: `/baocao ${task.id} ${period}`,
        cells: { stranger: UNREGISTERED, focalA: allow(STATUS), focalB: allow(STATUS), admin: adminLeads ? allow(STATUS) : refuse(/không thuộc Quý đơn vị/) },
      },
      {
        input: `/hoi Ai chủ trì nhiệm vụ ${task.id}?`,
        cells: { stranger: UNREGISTERED, focalA: allow(/cơ quan chủ trì/), focalB: allow(/cơ quan chủ trì/), admin: allow(/cơ quan chủ trì/) },
      },
      { input: "/huy", cells: { stranger: UNREGISTERED, focalA: allow(/Không có thao tác nào/), focalB: allow(/Không có thao tác nào/), admin: allow(/Không có thao tác nào/) } },
      {
        input: "/nhacnho",
        cells: { stranger: UNREGISTERED, focalA: allow(/Lịch nhắc sắp tới|Không có lịch nhắc/), focalB: allow(/Lịch nhắc sắp tới|Không có lịch nhắc/), admin: allow(/Lịch nhắc sắp tới|Không có lịch nhắc/) },
      },
      { input: "/nhacnho hoan 1", cells: { stranger: UNREGISTERED, focalA: allow(/Đã tạm hoãn nhắc/), focalB: allow(/Đã tạm hoãn nhắc/), admin: allow(/Đã tạm hoãn nhắc/) } },
      {
        input: `/nhacnho tamdung ${nameA} 31/12/${year}`,
        cells: { stranger: UNREGISTERED, focalA: ADMIN_ONLY, focalB: ADMIN_ONLY, admin: allow(new RegExp(`Đã tạm dừng nhắc cho ${escape(nameA)}`)) },
      },
      {
        input: `/nhacnho tieptuc ${nameA}`,
        cells: { stranger: UNREGISTERED, focalA: ADMIN_ONLY, focalB: ADMIN_ONLY, admin: allow(new RegExp(`Đã bật lại nhắc cho ${escape(nameA)}`)) },
      },
      {
        input: "/tonghop",
        cells: {
          stranger: UNREGISTERED,
          // The general summary is refused; the focal point gets its own agency's instead.
          focalA: allow(new RegExp(`chỉ dành cho cán bộ quản trị[\\s\\S]*${escape(nameA.toLocaleUpperCase("vi"))}[\\s\\S]*${MARK_A}`)),
          focalB: allow(new RegExp(`chỉ dành cho cán bộ quản trị[\\s\\S]*${escape(nameB.toLocaleUpperCase("vi"))}[\\s\\S]*${MARK_B}`)),
          admin: allow(/TỔNG HỢP TÌNH HÌNH THỰC HIỆN KẾ HOẠCH/),
        },
      },
      {
        input: `/tonghop dv ${nameB}`,
        cells: {
          stranger: UNREGISTERED,
          focalA: refuse(/chỉ xem được tổng hợp của cơ quan mình/),
          focalB: allow(new RegExp(MARK_B)),
          admin: allow(new RegExp(`${escape(nameB.toLocaleUpperCase("vi"))}[\\s\\S]*${MARK_B}`)),
        },
      },
      { input: `/moi ${nameB}`, cells: { stranger: UNREGISTERED, focalA: ADMIN_ONLY, focalB: ADMIN_ONLY, admin: allow(new RegExp(`Mã đăng ký cho ${escape(nameB)}`)) } },
      { input: "/lienhe", cells: { stranger: UNREGISTERED, focalA: ADMIN_ONLY, focalB: ADMIN_ONLY, admin: allow(/Đầu mối đã đăng ký/) } },
      { input: "/thuhoi SPARE", cells: { stranger: UNREGISTERED, focalA: ADMIN_ONLY, focalB: ADMIN_ONLY, admin: allow(/Đã thu hồi quyền đầu mối/) } },
      { input: "/tiendo", cells: { stranger: UNREGISTERED, focalA: ADMIN_ONLY, focalB: ADMIN_ONLY, admin: allow(/TIẾN ĐỘ BÁO CÁO/) } },
    ];
    const stepValues = ["t:" + task.id, "p:" + period, "s:hoan_thanh", "more", "period", "f:results", "none", "back", "ok", "edit", "cancel", "append", "replace"];
    const stepRows = stepValues.map((input) => ({
      input,
      cells: { stranger: UNREGISTERED, focalA: NO_STEP, focalB: NO_STEP, admin: NO_STEP } as Record<Party, Cell>,
    }));

    const seen: Record<Party, string[]> = { stranger: [], focalA: [], focalB: [], admin: [] };
    const failures: string[] = [];
    const check = (party: Party, how: string, input: string, cell: Cell, replies: string[]) => {
      seen[party].push(...replies);
      const text = replies.join("\n\n");
      const where = `${party} ${how} «${input}»`;
      if (replies.length === 0) failures.push(`${where}: no reply`);
      else if (!cell.reply.test(text)) failures.push(`${where}: expected ${cell.reply} (${cell.allowed ? "allowed" : "refused"}), got: ${text.slice(0, 200)}`);
      else if (cell.not?.test(text)) failures.push(`${where}: must not match ${cell.not}: ${text.slice(0, 200)}`);
    };
    const invites = () => db.select().from(t.invites).all().length;
    const paused = () => db.select().from(t.agencies).where(eq(t.agencies.code, codeA)).get()!.pausedUntil;

    for (const how of ["typed", "button"] as const) {
      for (const row of commandRows) {
        for (const party of PARTIES) {
          const chat = CHAT[party];
          const input = row.input.replace("SPARE", String(spares[how].id));
          // Each cell starts with nothing open, so a step value meets no conversation.
          await r.say(chat, "/huy");
          const before = { invites: invites(), spare: contactById(db, spares[how].id) !== undefined, paused: paused() };
          // A stranger is told how to register once in a while, not at every message.
          if (party === "stranger") r.clock.advance(STRANGER_QUIET_MS);
          const replies = how === "typed" ? await r.say(chat, input) : await r.press(chat, input);
          check(party, how, input, row.cells[party], replies);
          if (!row.cells[party].allowed) {
            // A refusal changes nothing.
            expect({ invites: invites(), spare: contactById(db, spares[how].id) !== undefined, paused: paused() }, `${party} ${how} ${input}`).toEqual(before);
          }
        }
      }
    }
    for (const row of stepRows) {
      for (const party of PARTIES) {
        await r.say(CHAT[party], "/huy");
        if (party === "stranger") r.clock.advance(STRANGER_QUIET_MS);
        check(party, "button", row.input, row.cells[party], await r.press(CHAT[party], row.input));
      }
    }

    // Everything A could try to reach B's reports (and B A's).
    const probes = (other: string, otherCode: string) => [
      "/tonghop",
      `/tonghop ${period}`,
      `/tonghop nv ${task.id}`,
      `/tonghop dv ${other}`,
      `/tonghop dv ${otherCode}`,
      `/hoi Báo cáo của ${other} về nhiệm vụ ${task.id}?`,
      `/hoi Các đơn vị khác đã báo cáo gì về nhiệm vụ ${task.id}?`,
      "/hoi Liệt kê tất cả các báo cáo đã gửi",
      `Báo cáo của ${other} gần nhất thế nào?`,
      `/nhiemvu`,
      "/dagui",
      "bao cao da gui",
      "/minhchung",
      `/minhchung ${other}`,
    ];
    for (const text of probes(nameB, codeB)) seen.focalA.push(...(await r.say(CHAT.focalA, text)));
    for (const text of [`/tonghop nv ${task.id}`, `/tonghop dv ${codeB}`]) seen.focalA.push(...(await r.press(CHAT.focalA, text)));
    for (const text of probes(nameA, codeA)) seen.focalB.push(...(await r.say(CHAT.focalB, text)));
    // The admin sees both: the markers are there to be found when allowed.
    const adminSees = [...(await r.say(CHAT.admin, `/tonghop dv ${nameB}`)), ...(await r.say(CHAT.admin, `/hoi Báo cáo của ${nameA} về nhiệm vụ ${task.id}?`))].join("\n");
    expect(adminSees).toContain(MARK_B);
    expect(adminSees).toContain(MARK_A);

    // Step values pressed in another chat, while A's report waits for its confirmation.
    await r.say(CHAT.focalA, "/huy");
    await r.say(CHAT.focalA, `/baocao ${task.id} ${period}`);
    await r.say(CHAT.focalA, "Đã đăng 3 tin bài.");
    const pending = () => db.select().from(t.conversations).where(eq(t.conversations.chatId, String(CHAT.focalA))).get();
    if (pending()?.step === "status") await r.say(CHAT.focalA, "hoàn thành");
    expect(pending()?.step).toBe("confirm");
    for (const party of ["stranger", "focalB", "admin"] as const) {
      for (const value of ["ok", "edit", "cancel", "s:hoan_thanh"]) {
        if (party === "stranger") r.clock.advance(STRANGER_QUIET_MS);
        check(party, "button from another chat", value, party === "stranger" ? UNREGISTERED : NO_STEP, await r.press(CHAT[party], value));
      }
    }
    expect(pending()?.step).toBe("confirm");
    expect(listReports(db, planId, { agency: codeA, history: true })).toHaveLength(1);
    // A report already exists for the key: the bot shows it and asks before replacing it.
    check("focalA", "button", "ok", allow(/đã có báo cáo/), await r.press(CHAT.focalA, "ok"));
    check("focalA", "button", "replace", allow(/Đã lưu báo cáo nhiệm vụ/), await r.press(CHAT.focalA, "replace"));
    expect(listReports(db, planId, { agency: codeA, history: true })).toHaveLength(2);

    // Leaving ends every right: typed for A, as a button for B, typed for the admin.
    check("focalA", "typed", "/roi", allow(/thôi làm đầu mối/), await r.say(CHAT.focalA, "/roi"));
    check("focalB", "button", "/roi", allow(/thôi làm đầu mối/), await r.press(CHAT.focalB, "/roi"));
    check("admin", "typed", "/roi", allow(/thôi làm đầu mối/), await r.say(CHAT.admin, "/roi"));
    r.clock.advance(STRANGER_QUIET_MS);
    check("stranger", "typed", "/roi", UNREGISTERED, await r.say(CHAT.stranger, "/roi"));
    for (const party of ["focalA", "focalB", "admin"] as const) {
      check(party, "typed after /roi", "/nhiemvu", UNREGISTERED, await r.say(CHAT[party], "/nhiemvu"));
      r.clock.advance(STRANGER_QUIET_MS);
      check(party, "button after /roi", "/tiendo", UNREGISTERED, await r.press(CHAT[party], "/tiendo"));
    }

    expect(failures).toEqual([]);
    // Each sees its own marker where the other's would be, so the probes do reach reports.
    expect(seen.focalA.join("\n")).toContain(MARK_A);
    expect(seen.focalA.join("\n")).not.toContain(MARK_B);
    expect(seen.focalB.join("\n")).toContain(MARK_B);
    expect(seen.focalB.join("\n")).not.toContain(MARK_A);
    expect(seen.stranger.join("\n")).not.toMatch(/DAUVET/);
    // A focal point is never sent the summary documents, which hold every agency's reports.
    const documents = r.api.deliveries.filter((d) => d.method === "sendDocument").map((d) => Number(d.chatId));
    expect(documents.every((chat) => chat === CHAT.admin)).toBe(true);
    expect(activeContacts(db).map((c) => c.chatId)).not.toContain(String(spares.typed.chatId));
  }, 60_000);
});

describe("invite codes", () => {
  it("are single use, expire after 72 hours, and are stored only as hashes", async () => {
    const r = (rig = await telegramRig());
    const { db } = r.service.app;
    const { directory } = r.service.app.active();
    const admin = directory.find("Sở TT&TT")!.code;
    r.register(admin, 301, "admin");
    const code = (await r.say(301, "/moi Công an tỉnh")).join("\n").match(/\/start ([A-Z0-9-]+)/)![1]!;
    expect(code).toMatch(/^[A-HJKMNP-TV-Z2-9]{4}(-[A-HJKMNP-TV-Z2-9]{4}){3}$/);
    expect(JSON.stringify(db.select().from(t.invites).all())).not.toContain(code);

    expect((await r.say(302, `/start ${code}`)).join()).toMatch(/Đăng ký thành công.*Công an tỉnh/s);
    expect((await r.say(303, `/start ${code}`)).join()).toMatch(/đã được sử dụng/);
    // The chat that used it sending it again (a redelivery, a double tap) stays registered.
    expect((await r.say(302, `/start ${code}`)).join()).toMatch(/Đăng ký thành công/);

    const early = (await r.say(301, "/moi Sở Y tế")).join().match(/\/start ([A-Z0-9-]+)/)![1]!;
    const late = (await r.say(301, "/moi Sở Tư pháp")).join().match(/\/start ([A-Z0-9-]+)/)![1]!;
    r.clock.advance(72 * 3_600_000 - 60_000);
    expect((await r.say(304, `/start ${early.toLowerCase()}`)).join()).toMatch(/Đăng ký thành công.*Sở Y tế/s);
    r.clock.advance(60_000);
    expect((await r.say(305, `/start ${late}`)).join()).toMatch(/hết hạn/);
  });

  it("refuse a chat after five wrong attempts in 15 minutes, even with a right code, and no other chat", async () => {
    const r = (rig = await telegramRig());
    const { db } = r.service.app;
    const { directory } = r.service.app.active();
    const agency = directory.find("Sở Ngoại vụ")!.code;
    const fresh = () => createInvite(db, agency, "focal", "test", r.clock.now()).code;
    for (let i = 0; i < 5; i++) expect((await r.say(401, `/start SAI0-SAI0-SAI0-000${i}`)).join()).toMatch(/không đúng/);
    const right = fresh();
    expect((await r.say(401, `/start ${right}`)).join()).toMatch(/quá nhiều lần/);
    // Pressed as a button it is the same command, refused the same way.
    expect((await r.press(401, `/start ${right}`)).join()).toMatch(/quá nhiều lần/);
    expect((await r.say(402, `/start ${right}`)).join()).toMatch(/Đăng ký thành công/);
    r.clock.advance(15 * 60_000 + 1_000);
    expect((await r.say(401, `/start ${fresh()}`)).join()).toMatch(/Đăng ký thành công/);
  });

  it("with the admin role make an admin in private, but only a focal point of a group", async () => {
    const r = (rig = await telegramRig());
    const { directory } = r.service.app.active();
    r.register(directory.find("Sở TT&TT")!.code, 501, "admin");
    const code = () => r.say(501, "/moi Sở TT&TT quantri").then((m) => m.join().match(/\/start ([A-Z0-9-]+)/)![1]!);
    expect((await r.say(502, `/start ${await code()}`)).join()).toMatch(/với quyền quản trị/);
    expect((await r.say(502, "/tiendo")).join()).toMatch(/TIẾN ĐỘ BÁO CÁO/);
    const member = r.api.user(5031);
    expect((await r.say(-503, `/start ${await code()}`, member)).join()).toMatch(/Nhóm này đã được ghi nhận/);
    expect((await r.say(-503, "/tiendo", member)).join()).toMatch(/chỉ dành cho cán bộ quản trị/);
  });

  it("lose their effect when an admin revokes the contact: its next command and button are refused", async () => {
    const r = (rig = await telegramRig());
    const { directory } = r.service.app.active();
    const second = r.register(directory.find("Sở TT&TT")!.code, 601, "admin");
    r.register(directory.find("Sở TT&TT")!.code, 602, "admin");
    await r.say(601, "/tonghop");
    expect((await r.say(602, `/thuhoi ${second.id}`)).join()).toMatch(/Đã thu hồi/);
    expect((await r.press(601, "/tiendo")).join()).toMatch(/chưa đăng ký sử dụng/);
    r.clock.advance(STRANGER_QUIET_MS);
    expect((await r.say(601, "/lienhe")).join()).toMatch(/chưa đăng ký sử dụng/);
  });
});
