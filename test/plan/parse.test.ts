import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Directory } from "../../src/plan/directory.js";
import { PlanParseError, parsePlan } from "../../src/plan/parse.js";
import type { Plan } from "../../src/plan/types.js";

const seed = readFileSync(new URL("../../src/data/plans/quang-ngai-2024-ttdn.txt", import.meta.url), "utf8");
const directory = Directory.load();
const plan = parsePlan(seed, directory);

const QUARTER_ENDS = ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"];
const SBN = "Các sở, ban, ngành tỉnh";
const HUYEN = "UBND các huyện, thị xã, thành phố";
const BAO_CHI = "Các cơ quan báo chí";
const LIEN_QUAN = "Các cơ quan, đơn vị liên quan";
const DP_LIEN_QUAN = "Các cơ quan, đơn vị, địa phương liên quan";
const TTTT = "Sở Thông tin và Truyền thông";
const VHTTDL = "Sở Văn hóa, Thể thao và Du lịch";

describe("the seed plan (Quảng Ngãi 2024)", () => {
  it("reads the title and the year", () => {
    expect(plan.title).toBe("Kế hoạch Công tác thông tin đối ngoại và truyền thông chính sách tỉnh Quảng Ngãi năm 2024");
    expect(plan.year).toBe(2024);
  });

  const tasks: [string, string, string[], string[], string | null, string[]][] = [
    // id, section, lead, partners, recurrence, deadlines
    ["1", "II.1", ["Văn phòng UBND tỉnh", TTTT], [SBN, HUYEN, BAO_CHI], "quarterly", QUARTER_ENDS],
    ["2", "II.2", [TTTT], [LIEN_QUAN], "once", ["2024-09-30"]],
    ["3", "II.3", [TTTT], [LIEN_QUAN], "once", ["2024-03-31"]],
    ["4", "II.4", ["Công an tỉnh"], ["Ban Tuyên giáo Tỉnh ủy", TTTT, "Sở Ngoại vụ", BAO_CHI, LIEN_QUAN], "continuous", []],
    ["5a", "II.5.a", ["Sở Ngoại vụ"], [SBN, HUYEN], "continuous", []],
    ["5b", "II.5.b", ["Sở Kế hoạch và Đầu tư", "Sở Công Thương"], ["Các sở, ngành, đơn vị liên quan"], "continuous", []],
    ["5c", "II.5.c", [VHTTDL], ["Sở Ngoại vụ", LIEN_QUAN], "once", ["2024-12-31"]],
    ["6", "II.6", [TTTT], [SBN, HUYEN, BAO_CHI], "continuous", []],
    ["7", "II.7", ["Báo Quảng Ngãi", "Đài Phát thanh và Truyền hình tỉnh"], [TTTT, "Sở Ngoại vụ", "Sở Kế hoạch và Đầu tư", VHTTDL, DP_LIEN_QUAN], "continuous", []],
    ["8", "II.8", ["Văn phòng UBND tỉnh"], [TTTT, "Các cơ quan, đơn vị, địa phương"], "continuous", []],
    ["9", "II.9", [TTTT, SBN, HUYEN], [BAO_CHI], "continuous", []],
    ["10", "II.10", [TTTT, "Sở Ngoại vụ", "Sở Tư pháp", VHTTDL, "Sở Kế hoạch và Đầu tư", "Sở Nông nghiệp và Phát triển nông thôn"], [DP_LIEN_QUAN], "continuous", []],
    ["11", "II.11", [HUYEN], [LIEN_QUAN], "continuous", []],
    ["12", "II.12", [TTTT, "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"], [DP_LIEN_QUAN], "continuous", []],
  ];

  it("has the 14 tasks 1–4, 5a, 5b, 5c, 6–12 in order; item 5 itself is not a task", () => {
    expect(plan.tasks.map((t) => t.id)).toEqual(tasks.map(([id]) => id));
  });

  it.each(tasks)("task %s", (id, section, lead, partners, recurrence, deadlines) => {
    const task = plan.tasks.find((t) => t.id === id);
    expect(task).toMatchObject({ section, lead, partners, recurrence, deadlines });
  });

  it("keeps the timeframe as written and the window each form gives", () => {
    const window = (id: string) => {
      const t = plan.tasks.find((task) => task.id === id);
      return [t?.timeframe, t?.windowStart, t?.deadlines.at(-1)];
    };
    expect(window("1")).toEqual(["Hàng quý trong năm.", "2024-01-01", "2024-12-31"]);
    expect(window("2")).toEqual(["Quý II, III/2024.", "2024-04-01", "2024-09-30"]);
    expect(window("3")).toEqual(["Quý I/2024.", "2024-01-01", "2024-03-31"]);
    expect(window("4")).toEqual(["Thường xuyên trong năm.", "2024-01-01", undefined]);
    expect(window("5c")).toEqual(["Năm 2024.", "2024-01-01", "2024-12-31"]);
  });

  it("keeps titles and the task text, with the parent heading for sub-items", () => {
    const task5b = plan.tasks.find((t) => t.id === "5b");
    expect(task5b?.title).toMatch(/^Tổ chức, tham gia các hoạt động xúc tiến thương mại và đầu tư/);
    expect(task5b?.text).toMatch(/^5\. Quảng bá hình ảnh qua các hoạt động đối ngoại/);
    expect(task5b?.text).toContain("Cơ quan thực hiện: Sở Kế hoạch và Đầu tư, Sở Công Thương.");
    expect(plan.tasks.find((t) => t.id === "7")?.text).toContain("+ Thông tin các vấn đề phản biện xã hội");
  });

  it("gives every citation section its id", () => {
    expect(plan.sections.map((s) => s.id)).toEqual([
      "preamble", "I.1", "I.2",
      "II.1", "II.2", "II.3", "II.4", "II.5", "II.5.a", "II.5.b", "II.5.c",
      "II.6", "II.7", "II.8", "II.9", "II.10", "II.11", "II.12",
      "III",
      "IV.1", "IV.2", "IV.3", "IV.4", "IV.5", "IV.6", "IV.7", "IV.8", "IV.9", "IV.10", "IV.11", "IV.12",
      "recipients",
    ]);
  });

  it("fills the sections with their text", () => {
    const section = (id: string) => plan.sections.find((s) => s.id === id);
    expect(section("preamble")?.text).toMatch(/^Thực hiện Chỉ thị số 07\/CT-TTg/);
    expect(section("preamble")?.text).not.toContain("KẾ HOẠCH");
    expect(section("I.2")?.heading).toBe("Yêu cầu");
    expect(section("II.4")?.text).toContain("Cơ quan chủ trì: Công an tỉnh.");
    expect(section("III")).toMatchObject({ heading: "KINH PHÍ THỰC HIỆN", text: expect.stringMatching(/^Kinh phí thực hiện Kế hoạch này/) });
    expect(section("IV.3")?.heading).toBe("Sở Ngoại vụ");
    expect(section("recipients")?.text).toContain("- Thường trực Tỉnh ủy;");
  });

  it("reads section IV into responsibilities per agency", () => {
    expect(plan.responsibilities.map((r) => [r.section, r.agency])).toEqual([
      ["IV.1", TTTT],
      ["IV.2", "Văn phòng UBND tỉnh"],
      ["IV.3", "Sở Ngoại vụ"],
      ["IV.4", VHTTDL],
      ["IV.5", "Sở Kế hoạch và Đầu tư"],
      ["IV.6", "Sở Công Thương"],
      ["IV.7", "Sở Tư pháp"],
      ["IV.8", "Sở Tài chính"],
      ["IV.9", "Công an tỉnh"],
      ["IV.10", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"],
      ["IV.11", "Báo Quảng Ngãi"],
      ["IV.11", "Đài Phát thanh và Truyền hình tỉnh"],
      ["IV.12", SBN],
      ["IV.12", HUYEN],
    ]);
    expect(plan.responsibilities.find((r) => r.section === "IV.3")?.text).toContain("hướng dẫn phóng viên cơ quan thông tấn");
  });

  it("reads the report deadline of section IV: who reports, when, to whom", () => {
    expect(plan.reportDeadlines).toEqual([{ section: "IV.12", date: "2024-11-15", to: TTTT, who: [SBN, HUYEN] }]);
  });

  it("understands all of it", () => {
    expect(plan.warnings).toEqual([]);
  });
});

/** The facts a user relies on, without the text (which keeps each variant's spelling). */
function facts(p: Plan) {
  return {
    year: p.year,
    tasks: p.tasks.map(({ id, section, lead, partners, recurrence, windowStart, deadlines }) => ({
      id, section, lead, partners, recurrence, windowStart, deadlines,
    })),
    responsibilities: p.responsibilities.map(({ section, agency }) => ({ section, agency })),
    reportDeadlines: p.reportDeadlines,
    sections: p.sections.map((s) => s.id),
    warnings: p.warnings,
  };
}

describe("the seed written differently reads the same", () => {
  const variants: [string, (text: string) => string][] = [
    ["Windows line ends and decomposed (NFD) accents", (t) => t.replace(/\n/g, "\r\n").normalize("NFD")],
    ["without diacritics", (t) => t.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D")],
    [
      "as markdown: headings, bold items and labels",
      (t) =>
        t
          .replace(/^(I|II|III|IV)\. (.*)$/gm, "## $1. $2")
          .replace(/^(\d+)\. (.*)$/gm, "**$1. $2**")
          .replace(/^- (Cơ quan [^:]+):/gm, "* **$1:**"),
    ],
    ["items numbered 1) and labels after an en dash", (t) => t.replace(/^(\d+)\. /gm, "$1) ").replace(/^- (Cơ quan [^:]+):/gm, "- $1 –")],
  ];

  it.each(variants)("%s", (_, rewrite) => {
    expect(facts(parsePlan(rewrite(seed), directory))).toEqual(facts(plan));
  });
});

describe("year and title", () => {
  it("takes the most common year when the title gives none", () => {
    const doc = "KẾ HOẠCH\nTruyền thông chính sách\n\nI. NHIỆM VỤ\n1. Họp báo\n- Cơ quan chủ trì: Sở Tư pháp\n- Thời gian thực hiện: Quý I/2026; báo cáo 2025\n2. Hội nghị 2026\n- Thời gian thực hiện: Quý II\n";
    const p = parsePlan(doc, directory);
    expect(p.year).toBe(2026);
    expect(p.tasks[1]?.deadlines).toEqual(["2026-06-30"]);
  });

  it("warns when there is no KẾ HOẠCH heading, and still reads the tasks", () => {
    const p = parsePlan("I. NHIỆM VỤ\n1. Họp báo năm 2024\n- Cơ quan chủ trì: Sở Tư pháp\n- Thời gian thực hiện: Quý I\n", directory);
    expect(p.title).toBe("Kế hoạch");
    expect(p.tasks).toHaveLength(1);
    expect(p.warnings).toContain('preamble: không tìm thấy tiêu đề "KẾ HOẠCH …"');
  });
});

describe("warnings name their section", () => {
  it("reports a missing lead, a missing or undatable timeframe and a name the directory does not know", () => {
    const doc = [
      "KẾ HOẠCH năm 2024", "I. NHIỆM VỤ",
      "1. Không có chủ trì", "- Thời gian thực hiện: Quý I/2024",
      "2. Không có thời gian", "- Cơ quan chủ trì: Sở Tư pháp",
      "3. Thời gian lạ", "- Cơ quan chủ trì: Hội Làm vườn tỉnh", "- Thời gian thực hiện: Khi có yêu cầu",
    ].join("\n");
    expect(parsePlan(doc, directory).warnings).toEqual([
      "I.1: không có cơ quan chủ trì",
      "I.2: không có thời gian thực hiện: chưa xếp lịch, cần quản trị xem lại",
      'I.3: thời gian "Khi có yêu cầu" không có ngày cụ thể: chưa xếp lịch, cần quản trị xem lại',
      'không tìm thấy mục "Tổ chức thực hiện"',
      'chưa có trong danh bạ: "Hội Làm vườn tỉnh"',
    ]);
  });
});

describe("malformed input is a PlanParseError with a clear message", () => {
  const cases: [string, unknown, RegExp][] = [
    ["empty", "", /Kế hoạch trống \/ The plan text is empty/],
    ["whitespace", " \n\t\r\n ", /Kế hoạch trống/],
    ["binary", "KẾ HOẠCH năm 2024\u0000\u0001\u0002", /NUL/],
    ["more than 2 MB", "KẾ HOẠCH năm 2024\n" + "x".repeat(2 * 1024 * 1024), /2 MB/],
    ["2 MB counted in bytes, not characters", "ả".repeat(800_000), /2 MB/],
    ["no sections at all", "Một văn bản bất kỳ năm 2024.", /No tasks found/],
    ["sections without numbered items", "KẾ HOẠCH năm 2024\nI. MỤC ĐÍCH\nNội dung.\nII. NHIỆM VỤ\nSẽ bổ sung sau.", /No tasks found/],
    ["no year anywhere", "KẾ HOẠCH\nI. NHIỆM VỤ\n1. Họp báo\n- Thời gian thực hiện: Quý I", /year/],
    ["not a string", 42, /not text/],
  ];

  it.each(cases)("%s", (_, input, message) => {
    expect(() => parsePlan(input as string, directory)).toThrow(PlanParseError);
    expect(() => parsePlan(input as string, directory)).toThrow(message);
  });
});

describe("forms the seed does not use", () => {
  it("reads labels run on in an item's heading, and a task table inside an item numbered under it", () => {
    const doc = [
      "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM",
      "Thử Nghiệm, ngày 02 tháng 01 năm 2026",
      "",
      "KẾ HOẠCH",
      "CHUYỂN ĐỔI SỐ NĂM 2026",
      "",
      "I. NHIỆM VỤ",
      "",
      "1. Họp báo định kỳ. Cơ quan chủ trì: Sở Khoa học và Công nghệ; cơ quan phối hợp: Báo Thử Nghiệm; thời gian thực hiện: Hằng quý.",
      "",
      "2. Số hóa hồ sơ",
      "",
      "| STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn |",
      "|---|---|---|---|---|",
      "| 1 | Số hóa hồ sơ đất đai | Sở Nông nghiệp và Môi trường | UBND các xã, phường | Quý II/2026 |",
      "| 2 | Số hóa hộ tịch | Sở Tư pháp | | trước ngày 30/9/2026 |",
    ].join("\n");
    const p = parsePlan(doc, new Directory({ province: "", agencies: [] }));
    expect(p.issued).toBe("2026-01-02");
    expect(p.tasks.map((t) => [t.id, t.title, t.lead, t.partners, t.recurrence, t.deadlines[0]])).toEqual([
      ["1", "Họp báo định kỳ", ["Sở Khoa học và Công nghệ"], ["Báo Thử Nghiệm"], "quarterly", "2026-03-31"],
      ["2.1", "Số hóa hồ sơ đất đai", ["Sở Nông nghiệp và Môi trường"], ["UBND các xã, phường"], "once", "2026-06-30"],
      ["2.2", "Số hóa hộ tịch", ["Sở Tư pháp"], [], "once", "2026-09-30"],
    ]);
    expect(p.agencies).toEqual(expect.arrayContaining(["Sở Khoa học và Công nghệ", "Báo Thử Nghiệm", "Sở Tư pháp"]));
  });
});
