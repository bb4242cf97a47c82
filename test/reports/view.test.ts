import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSummary } from "../../src/reports/compile.js";
import { agencyDetailText, CHAT_LIMIT, overviewText, progressText, summaryMarkdown, taskDetailText } from "../../src/reports/render-text.js";
import { listReports } from "../../src/reports/store.js";
import { R } from "../../src/reports/texts.js";
import type { Report } from "../../src/reports/types.js";
import { parseSummaryArgs } from "../../src/reports/request.js";
import { createSummaryView, type SummaryService } from "../../src/reports/view.js";
import type { OutgoingMessage } from "../../src/core/messages.js";
import { activeContacts } from "../../src/core/contacts.js";
import { openFixture, seedYear, type Fixture } from "./fixture.js";
import { paragraphs, unzip } from "./unzip.js";

let f: Fixture;
let view: SummaryService;
const now = new Date("2024-11-10T09:00:00+07:00");
const admin = { agency: "STTTT", role: "admin" as const };
const focal = { agency: "CAT", role: "focal" as const };
const text = (out: OutgoingMessage[]) => out.map((m) => m.text).join("\n");

beforeAll(() => {
  f = openFixture();
  seedYear(f);
  view = createSummaryView({ db: f.app.db, active: f.app.active, zone: "Asia/Ho_Chi_Minh" });
});

afterAll(() => f.dispose());

describe("/tonghop for an admin", () => {
  it("gives a short overview with buttons, the DOCX and the XLSX", async () => {
    const out = await view.overview({ asker: admin, now });
    expect(out).toHaveLength(3);
    const [overview, docx, xlsx] = out as [OutgoingMessage, OutgoingMessage, OutgoingMessage];
    expect(overview.text.length).toBeLessThanOrEqual(CHAT_LIMIT);
    expect(overview.text).toMatch(/⚠️ Quá hạn: \d+/);
    expect(overview.text).toContain("• NV 2, Quý II–III/2024: Sở Thông tin và Truyền thông, quá hạn 41 ngày (hạn 30/09/2024)");
    expect(overview.text).toMatch(/Chưa gửi báo cáo nào \(\d+ cơ quan\):\n.*Sở Nội vụ/);
    expect(overview.text).toMatch(/Khó khăn, vướng mắc được nêu nhiều nhất:\n1\. .*\(2 cơ quan: /);
    expect(overview.text.trimEnd().endsWith(R.overviewFooter)).toBe(true);
    const values = overview.choices!.map((c) => c.value);
    expect(values).toContain("/tonghop nv 3");
    expect(values).toContain("/tonghop dv");
    expect(Math.max(...overview.choices!.map((c) => [...c.label].length))).toBeLessThanOrEqual(12);
    for (const v of values) expect(Buffer.byteLength(v)).toBeLessThanOrEqual(64);
    expect(docx.file).toMatchObject({ name: "bao-cao-ket-qua-2024-2024-11-10.docx" });
    expect(docx.file!.mime).toMatch(/wordprocessingml/);
    expect(paragraphs(unzip(docx.file!.data).get("word/document.xml")!.toString())).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(xlsx.file).toMatchObject({ name: "tong-hop-tien-do-2024-2024-11-10.xlsx" });
    expect(xlsx.file!.mime).toMatch(/spreadsheetml/);
  });

  it("keeps the period in the detail buttons, and reads periods as users type them", async () => {
    const out = await view.overview({ period: "quý II/2024", asker: admin, now });
    expect(out[0]!.text).toContain("Kỳ: Quý II/2024");
    expect(out[0]!.choices!.map((c) => c.value)).toContain("/tonghop 2024-Q2 nv 1");
    expect(out[1]!.file!.name).toBe("bao-cao-ket-qua-2024-Q2-2024-11-10.docx");
  });

  it("details one task: each lead's status and latest result, the silent ones together", async () => {
    const out = await view.overview({ task: "1", asker: admin, now });
    expect(out).toHaveLength(1);
    expect(out[0]!.text).toMatch(/^NHIỆM VỤ 1 \(Mục II\.1\)/);
    expect(out[0]!.text).toContain("Kết quả (Quý II/2024): Họp báo quý II.");
    expect(out[0]!.choices).toEqual([{ label: "Tổng hợp", value: "/tonghop" }]);
    const nine = text(await view.overview({ task: "9", asker: admin, now }));
    expect(nine).toMatch(/❔ Chưa gửi báo cáo nào \(33 cơ quan\): /);
  });

  it("details one agency by name, alias or code", async () => {
    for (const agency of ["Sở Kế hoạch và Đầu tư", "SKHDT", "sở kế hoạch và đầu tư"]) {
      const t = text(await view.overview({ agency, asker: admin, now }));
      expect(t).toMatch(/^TÌNH HÌNH THỰC HIỆN CỦA SỞ KẾ HOẠCH VÀ ĐẦU TƯ/);
      expect(t).toContain("NV 10, Tháng 09/2024: Kinh phí in cẩm nang đầu tư 6 thứ tiếng chưa được bố trí");
    }
  });

  it("lists the agencies to pick from, the most overdue first", async () => {
    const out = await view.overview({ period: "2024", agency: "", asker: admin, now });
    expect(out).toHaveLength(1);
    const lines = out[0]!.text.split("\n");
    expect(lines[0]).toBe(R.agencyListTitle);
    expect(lines.find((l) => l.startsWith("• "))).toMatch(/^• Sở Thông tin và Truyền thông: \d+\/\d+ \(\d+%\), ⚠️ \d+ quá hạn$/);
    expect(out[0]!.choices![0]).toEqual({ label: "Sở Thông tin và Truyền thông", value: "/tonghop 2024 dv STTTT" });
    expect(out[0]!.text.length).toBeLessThanOrEqual(CHAT_LIMIT);
  });

  it("explains a period, task or agency it cannot read", async () => {
    expect(text(await view.overview({ period: "quý 5", asker: admin, now }))).toBe(R.badPeriod("quý 5"));
    expect(text(await view.overview({ task: "99", asker: admin, now }))).toBe(R.unknownTask("99"));
    expect(text(await view.overview({ agency: "Sở Không Có", asker: admin, now }))).toBe(R.unknownAgency("Sở Không Có"));
  });
});

describe("/tonghop for a focal point", () => {
  it("refuses the general summary and gives only the agency's own, without files", async () => {
    const out = await view.overview({ asker: focal, now });
    expect(out).toHaveLength(1);
    expect(out[0]!.file).toBeUndefined();
    const t = out[0]!.text;
    expect(t.startsWith(R.focalRefused)).toBe(true);
    expect(t).toContain("TÌNH HÌNH THỰC HIỆN CỦA CÔNG AN TỈNH");
    expect(t).toContain("Kinh phí in ấn tài liệu còn thiếu");
    for (const other of ["Văn phòng UBND tỉnh", "Sở Kế hoạch và Đầu tư", "Thiếu kinh phí in ấn tài liệu hướng dẫn", "Sở Nội vụ"]) {
      expect(t).not.toContain(other);
    }
  });

  it("answers the agency list with its own agency", async () => {
    expect(text(await view.overview({ agency: "", asker: focal, now }))).toContain("TÌNH HÌNH THỰC HIỆN CỦA CÔNG AN TỈNH");
  });

  it("refuses another agency's details", async () => {
    expect(text(await view.overview({ agency: "Sở TT&TT", asker: focal, now }))).toBe(R.focalOtherAgency);
    const own = text(await view.overview({ agency: "Công an tỉnh", asker: focal, now }));
    expect(own).toContain("CÔNG AN TỈNH");
  });
});

describe("/tiendo", () => {
  it("shows each task in its current period and what is overdue from earlier ones", () => {
    const [out] = view.progress({ now: new Date("2024-04-02T09:00:00+07:00") });
    const t = out!.text;
    expect(t).toMatch(/^TIẾN ĐỘ BÁO CÁO KỲ HIỆN TẠI \(đến ngày 02\/04\/2024\)/);
    expect(t).toContain("NV 3 · Quý I/2024, hạn 31/03/2024:\n   ⚠️ Sở Thông tin và Truyền thông");
    expect(t).toContain("NV 1 · Quý II/2024, hạn 30/06/2024:\n   ❔ Văn phòng UBND tỉnh · ❔ Sở Thông tin và Truyền thông");
    expect(t).toMatch(/Quá hạn từ các kỳ trước:\n• NV 1, Quý I\/2024: Sở Thông tin và Truyền thông, quá hạn 2 ngày/);
    expect(t.length).toBeLessThanOrEqual(CHAT_LIMIT);
  });

  it("counts every agency owing a report of the period, how many it owes, and who has no focal point to remind (issue 14, item 8)", () => {
    const at = new Date("2024-11-10T09:00:00+07:00");
    const s = compileSummary({ plan: f.app.active().plan, directory: f.app.active().directory, reports: listReports(f.app.db, f.app.active().id, { history: true }), now: at, zone: "Asia/Ho_Chi_Minh" });
    const t = progressText(s, new Set(["STTTT"]));
    // Sở TT&TT has reported this year, yet owes several reports of the current periods.
    expect(t).toMatch(/Chưa báo cáo đủ kỳ hiện tại, đã có đầu mối \(1 cơ quan\):\nSở Thông tin và Truyền thông \(\d+ báo cáo\)/);
    expect(t).toMatch(/Chưa báo cáo và chưa có đầu mối đăng ký, trợ lý không nhắc được \(\d+ cơ quan; gõ \/moi <cơ quan> để cấp mã\):\n.*Sở Nội vụ/);
    expect(t).toMatch(/^Tỷ lệ tham gia kỳ hiện tại: \d+\/\d+ cơ quan đã gửi báo cáo \(\d+%\)\.$/m);
  });
});

describe("digests", () => {
  it("sends the weekly overview with the commands to go further", () => {
    const [msg] = view.digest({ key: "digest:weekly:2024-W46", kind: "weekly", at: "", deadline: null }, now);
    expect(msg!.text).toMatch(/^BẢN TIN TỔNG HỢP HẰNG TUẦN \(ngày 10\/11\/2024\)/);
    expect(msg!.text.trimEnd().endsWith(R.digestFooter)).toBe(true);
    expect(msg!.choices!.map((c) => c.value)).toEqual(["/tonghop", "/tiendo"]);
  });

  it("names, before the deadline, the agencies that owe the section IV report", () => {
    const deadline = f.app.active().plan.reportDeadlines[0]!;
    const due = { key: "digest:deadline:IV.12:2024-11-15", kind: "deadline" as const, at: "", deadline };
    const before = view.digest(due, new Date("2024-11-12T08:00:00+07:00"))[0]!.text;
    expect(before).toMatch(/^Còn 3 ngày đến hạn gửi báo cáo kết quả thực hiện Kế hoạch \(15\/11\/2024, Mục IV\.12\)/);
    expect(before).toContain("Sở Nội vụ");
    f.add({ agency: "Sở Nội vụ", task: "IV.12", period: "2024", status: "hoan_thanh", at: "2024-11-11T15:00:00+07:00", text: "Báo cáo kết quả năm 2024 của Sở Nội vụ." });
    const after = view.digest(due, new Date("2024-11-12T08:00:00+07:00"))[0]!.text;
    expect(after).not.toContain("Sở Nội vụ");
    expect(after.length).toBeLessThanOrEqual(CHAT_LIMIT);
  });
});

describe("arguments of /tonghop", () => {
  it.each([
    [[], {}],
    [["2024-Q3"], { period: "2024-Q3" }],
    [["quý", "III/2024"], { period: "quý III/2024" }],
    [["nv", "5a"], { task: "5a" }],
    [["2024-Q3", "nhiệm", "vụ", "4"], { period: "2024-Q3", task: "4" }],
    [["dv", "Sở", "TT&TT"], { agency: "Sở TT&TT" }],
    [["2024-Q1", "dv"], { period: "2024-Q1", agency: "" }],
    [["tháng", "9", "đơn", "vị", "Công", "an", "tỉnh"], { period: "tháng 9", agency: "Công an tỉnh" }],
  ])("%j", (args, expected) => {
    expect(parseSummaryArgs(args)).toEqual(expected);
  });
});

describe("chat texts stay within one Telegram message", () => {
  it("even with every agency overdue and long difficulties", () => {
    const { plan, directory } = f.app.active();
    const long = "Khó khăn ".repeat(120);
    let id = 0;
    const reports: Report[] = directory.agencies.flatMap((a) =>
      ["9", "10", "11"].map((task) => ({
        id: ++id, agency: a.code, task, period: "2024-03", status: "gap_kho_khan" as const, results: `Kết quả ${"rất dài ".repeat(300)}`,
        figures: ["1"], difficulties: [`${long}${a.code}`, `Vướng mắc riêng của ${a.name}`], proposals: [long], evidence: [], contactId: null,
        channel: "cli" as const, messageRef: null, reportedAt: "2024-03-20T02:00:00.000Z",
      })),
    );
    const s = compileSummary({ plan, directory, reports, now: new Date("2024-12-31T20:00:00+07:00"), zone: "Asia/Ho_Chi_Minh" });
    expect(s.difficulties.length).toBeGreaterThan(2 * directory.agencies.length);
    const texts = [overviewText(s), progressText(s, new Set()), ...s.tasks.map((t) => taskDetailText(s, t)), ...s.agencies.map((a) => agencyDetailText(s, a.code, R.detailFooter))];
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(CHAT_LIMIT);
    expect(overviewText(s)).toContain(R.overviewFooter);
  });
});

describe("Markdown for the operator", () => {
  it("has every task, its rows, and the full lists uncapped", () => {
    const { id, plan, directory } = f.app.active();
    const s = compileSummary({ plan, directory, reports: listReports(f.app.db, id, { history: true }), now, zone: "Asia/Ho_Chi_Minh" });
    const md = summaryMarkdown(s);
    for (const t of plan.tasks) expect(md).toContain(`## NHIỆM VỤ ${t.id} (Mục ${t.section}): ${t.title}`);
    expect(md).toContain(`| ⚠️ Quá hạn | ${s.counts.qua_han} |`);
    expect(md).toContain("| Sở Thông tin và Truyền thông | Quý I/2024 | ✅ Hoàn thành quá hạn 5 ngày, báo cáo ngày 05/04/2024 | 10:00 05/04/2024 | Đã ban hành Công văn hướng dẫn số 123/STTTT. |");
    expect(md).toContain("- NV 2, Quý II–III/2024: Sở Thông tin và Truyền thông, quá hạn 41 ngày (hạn 30/09/2024)");
    for (const code of s.silent) expect(md).toContain(`- ${s.names[code]}\n`);
  });
});

describe("the reports a summary reads (issue 13, item 1)", () => {
  const registered = () => new Set(activeContacts(f.app.db).map((c) => c.agencyCode));
  const full = (at: Date) => compileSummary({ plan: f.app.active().plan, directory: f.app.active().directory, reports: listReports(f.app.db, f.app.active().id, { history: true }), now: at, zone: "Asia/Ho_Chi_Minh" });

  it("reads the current reports and the recent history, and says what the whole history says", () => {
    // Seeded reports include ones replaced later (the history).
    expect(listReports(f.app.db, f.app.active().id, { history: true }).length).toBeGreaterThan(listReports(f.app.db, f.app.active().id).length);
    expect(text(view.progress({ now }))).toBe(progressText(full(now), registered()));
  });

  it("reads the whole history when the clock is before a current report", () => {
    const earlier = new Date("2024-05-01T09:00:00+07:00");
    expect(text(view.progress({ now: earlier }))).toBe(progressText(full(earlier), registered()));
  });
});
