import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse.js";
import type { AgencyResolver } from "../../src/plan/types.js";
import { fold } from "../../src/text/normalize.js";

// A Bình Định plan of 2025, written with other labels, numbering and markdown than the seed,
// so the parser is shown to read the structure rather than one file.
const text = readFileSync(new URL("../fixtures/plans/second-plan.md", import.meta.url), "utf8");

const KNOWN = [
  "Sở Khoa học và Công nghệ", "Sở Tư pháp", "Sở Tài chính", "Sở Xây dựng", "Sở Nội vụ", "Sở Công Thương",
  "Sở Giáo dục và Đào tạo", "Sở Văn hóa và Thể thao", "Công an tỉnh", "Văn phòng UBND tỉnh", "UBND tỉnh",
  "Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố", "Báo Bình Định",
  "Đài Phát thanh và Truyền hình Bình Định", "Tỉnh Đoàn", "Các cơ quan, đơn vị liên quan",
];

/**
 * This province's directory in miniature: the known names found in each ";"-separated part
 * in reading order (a name inside a longer one found there does not count), else the part
 * as written, unmatched.
 */
const resolver: AgencyResolver = {
  resolveList(list) {
    const names: string[] = [];
    const unmatched: string[] = [];
    for (const part of list.split(";")) {
      const folded = fold(part);
      const found = KNOWN.filter((n) => folded.includes(fold(n)))
        .filter((n) => !KNOWN.some((longer) => longer !== n && fold(longer).includes(fold(n)) && folded.includes(fold(longer))))
        .sort((a, b) => folded.indexOf(fold(a)) - folded.indexOf(fold(b)));
      const asWritten = part.trim().replace(/\.$/, "");
      if (found.length > 0) names.push(...found);
      else if (asWritten) {
        names.push(asWritten);
        unmatched.push(asWritten);
      }
    }
    return { names, unmatched };
  },
};

const plan = parsePlan(text, resolver);

const MONTH_ENDS_2025 = [
  "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30",
  "2025-07-31", "2025-08-31", "2025-09-30", "2025-10-31", "2025-11-30", "2025-12-31",
];

describe("second plan (markdown, Bình Định 2025)", () => {
  it("reads the title from the markdown headings and the year from it", () => {
    expect(plan.title).toBe("Kế hoạch Chuyển đổi số tỉnh Bình Định năm 2025");
    expect(plan.year).toBe(2025);
  });

  const tasks: [string, string, string[], string[], string, string | null, string | null, string[]][] = [
    // id, section, lead, partners, timeframe, recurrence, windowStart, deadlines
    ["1", "II.1", ["Sở Khoa học và Công nghệ"], ["Sở Tư pháp", "Sở Tài chính"], "Quý IV/2025.", "once", "2025-10-01", ["2025-12-31"]],
    ["2", "II.2", ["Sở Khoa học và Công nghệ"], ["Sở Xây dựng", "UBND các huyện, thị xã, thành phố"], "Trước ngày 30/6/2025.", "once", "2025-01-20", ["2025-06-30"]],
    ["3a", "II.3.a", ["Văn phòng UBND tỉnh"], ["Các sở, ban, ngành tỉnh"], "Định kỳ hằng tháng.", "monthly", "2025-01-01", MONTH_ENDS_2025],
    ["3b", "II.3.b", ["Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố"], [], "6 tháng đầu năm.", "once", "2025-01-01", ["2025-06-30"]],
    ["3c", "II.3.c", ["Sở Khoa học và Công nghệ"], ["Sở Nội vụ"], "Quý II, III/2025.", "once", "2025-04-01", ["2025-09-30"]],
    ["4", "II.4", ["Sở Công Thương"], ["Sở Tài chính", "Hiệp hội Doanh nghiệp tỉnh"], "Tháng 9/2025.", "once", "2025-09-01", ["2025-09-30"]],
    ["5", "II.5", ["Sở Giáo dục và Đào tạo"], ["Tỉnh Đoàn", "UBND các huyện, thị xã, thành phố"], "Theo tiến độ của Bộ Khoa học và Công nghệ.", "unscheduled", null, []],
    ["6", "II.6", ["Công an tỉnh"], ["Sở Khoa học và Công nghệ", "Các cơ quan, đơn vị liên quan"], "Hàng quý.", "quarterly", "2025-01-01", ["2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"]],
    ["7", "II.7", ["Sở Văn hóa và Thể thao"], ["Báo Bình Định", "Đài Phát thanh và Truyền hình Bình Định"], "Thường xuyên.", "continuous", "2025-01-01", []],
  ];

  it("finds every task, sub-items a. b. c. included, and no parent of sub-items", () => {
    expect(plan.tasks.map((t) => t.id)).toEqual(tasks.map(([id]) => id));
  });

  it.each(tasks)("task %s", (id, section, lead, partners, timeframe, recurrence, windowStart, deadlines) => {
    const task = plan.tasks.find((t) => t.id === id);
    expect(task).toMatchObject({ section, lead, partners, timeframe, recurrence, windowStart, deadlines });
  });

  it("keeps titles without markdown and task text with its content", () => {
    const task = plan.tasks.find((t) => t.id === "1");
    expect(task?.title).toBe("Hoàn thiện thể chế, chính sách về chuyển đổi số");
    expect(task?.text).toContain("Nội dung: Rà soát, tham mưu ban hành");
    expect(plan.tasks.find((t) => t.id === "3b")?.title).toBe("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính");
  });

  it("gives the section ids of the structure", () => {
    expect(plan.sections.map((s) => s.id)).toEqual([
      "preamble", "I.1", "I.2", "II.1", "II.2", "II.3", "II.3.a", "II.3.b", "II.3.c", "II.4", "II.5", "II.6", "II.7",
      "III", "IV.1", "IV.2", "IV.3", "V", "recipients",
    ]);
    expect(plan.sections.find((s) => s.id === "preamble")?.text).toContain("Căn cứ Quyết định số 749/QĐ-TTg");
    expect(plan.sections.find((s) => s.id === "recipients")?.text).toContain("Bộ Khoa học và Công nghệ (báo cáo)");
  });

  it("reads responsibilities, with the agency before a colon in the heading", () => {
    expect(plan.responsibilities.map((r) => [r.section, r.agency])).toEqual([
      ["IV.1", "Sở Khoa học và Công nghệ"],
      ["IV.2", "Sở Tài chính"],
      ["IV.3", "Các sở, ban, ngành tỉnh"],
      ["IV.3", "UBND các huyện, thị xã, thành phố"],
    ]);
    expect(plan.responsibilities[1]?.text).toContain("tham mưu bố trí kinh phí");
  });

  it("reads each report deadline with the recipient of its own clause", () => {
    const reporters = ["Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố"];
    expect(plan.reportDeadlines).toEqual([
      { section: "IV.1", date: "2025-12-15", to: "UBND tỉnh", who: ["Sở Khoa học và Công nghệ"] },
      { section: "IV.3", date: "2025-06-15", to: "Văn phòng UBND tỉnh", who: reporters },
      { section: "IV.3", date: "2025-11-30", to: "Sở Khoa học và Công nghệ", who: reporters },
      { section: "V", date: "2025-12-20", to: "Bộ Khoa học và Công nghệ", who: [] },
    ]);
  });

  it("warns, with the section, about what it could not read", () => {
    expect(plan.warnings).toEqual([
      'II.5: thời gian "Theo tiến độ của Bộ Khoa học và Công nghệ." không có ngày cụ thể: chưa xếp lịch, cần quản trị xem lại',
      'chưa có trong danh bạ: "Hiệp hội Doanh nghiệp tỉnh"',
      'chưa có trong danh bạ: "Bộ Khoa học và Công nghệ"',
    ]);
  });
});

describe("labels and numbering the second plan does not use", () => {
  const cases: [string, string, Partial<Record<"lead" | "partners" | "timeframe", unknown>>][] = [
    ["bold label with the colon outside", "**Cơ quan chủ trì**: Sở Tư pháp", { lead: ["Sở Tư pháp"] }],
    ["en dash separator", "- Cơ quan thực hiện – Sở Tư pháp", { lead: ["Sở Tư pháp"] }],
    ["bullet •", "• Thời hạn hoàn thành: Quý I/2025", { timeframe: "Quý I/2025" }],
    ["markdown * bullet", "* Đơn vị phối hợp: Sở Nội vụ", { partners: ["Sở Nội vụ"] }],
    ["label on its own with sub-bullets", "- Cơ quan chủ trì:\n+ Sở Tư pháp;\n+ Sở Nội vụ.", { lead: ["Sở Tư pháp", "Sở Nội vụ"] }],
    ["\"Thực hiện:\" alone is content, not a lead", "- Thực hiện: rà soát văn bản\n- Chủ trì: Sở Nội vụ", { lead: ["Sở Nội vụ"] }],
    ["unaccented labels", "- Co quan chu tri: Sở Tư pháp\n- Thoi gian thuc hien: Quy II/2025", { lead: ["Sở Tư pháp"], timeframe: "Quy II/2025" }],
  ];

  it.each(cases)("%s", (_, lines, expected) => {
    const doc = `KẾ HOẠCH\nThí điểm năm 2025\n\nI. NHIỆM VỤ\n\n1. Nhiệm vụ thử\n${lines}\n`;
    expect(parsePlan(doc, resolver).tasks[0]).toMatchObject(expected);
  });

  it("lets sub-items inherit the labels their parent gives before them", () => {
    const doc = [
      "KẾ HOẠCH năm 2025", "I. NHIỆM VỤ", "1) Cải cách hành chính", "- Đơn vị chủ trì: Sở Nội vụ",
      "- a) Rà soát thủ tục", "- Thời gian hoàn thành: Quý I/2025", "- b) Công bố thủ tục", "- Đơn vị chủ trì: Sở Tư pháp",
      "- Thời gian hoàn thành: Quý II/2025",
    ].join("\n");
    const [a, b] = parsePlan(doc, resolver).tasks;
    expect(a).toMatchObject({ id: "1a", section: "I.1.a", lead: ["Sở Nội vụ"], deadlines: ["2025-03-31"] });
    expect(b).toMatchObject({ id: "1b", lead: ["Sở Tư pháp"], deadlines: ["2025-06-30"] });
  });

  it("does not take a numbered line out of sequence for a new item", () => {
    const doc = "KẾ HOẠCH năm 2025\nI. NHIỆM VỤ\n1. Một\n- Nội dung:\n3. ba điều cần làm\n- Cơ quan chủ trì: Sở Nội vụ\n2. Hai\n- Cơ quan chủ trì: Sở Tư pháp\n";
    const plan = parsePlan(doc, resolver);
    expect(plan.tasks.map((t) => [t.section, t.title])).toEqual([["I.1", "Một"], ["I.2", "Hai"]]);
    expect(plan.tasks[0]?.text).toContain("3. ba điều cần làm");
  });
});
