import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSummary, type Summary } from "../../src/reports/compile.js";
import { renderDocx } from "../../src/reports/render-docx.js";
import type { Report } from "../../src/reports/types.js";
import { binhDinhDirectory, secondPlan } from "../support/plans.js";
import { openFixture, seedYear, summaryOf, type Fixture } from "./fixture.js";
import { lastTable, paragraphs, unzip } from "./unzip.js";

let f: Fixture;
let summary: Summary;
let entries: Map<string, Buffer>;
let xml: string;
let styles: string;
let text: string[];

interface SectionParts {
  /** The text of each header part by its type ("first", "default"), and its XML. */
  headers: Record<string, { text: string[]; xml: string }>;
  titlePage: boolean;
  pageStart: string | null;
}

/** Each section of the document with its headers, as Word resolves them through the relationships. */
function sectionsOf(parts: Map<string, Buffer>): SectionParts[] {
  const rels = parts.get("word/_rels/document.xml.rels")!.toString("utf8");
  const target = new Map(
    [...rels.matchAll(/<Relationship [^>]*>/g)].map(([r]) => [/Id="([^"]+)"/.exec(r)![1]!, /Target="([^"]+)"/.exec(r)![1]!.replace(/^\/?(word\/)?/, "")]),
  );
  const doc = parts.get("word/document.xml")!.toString("utf8");
  return [...doc.matchAll(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)].map(([sect]) => ({
    headers: Object.fromEntries(
      [...sect.matchAll(/<w:headerReference [^>]*>/g)].map(([h]) => {
        const part = parts.get(`word/${target.get(/r:id="([^"]+)"/.exec(h)![1]!)}`)!.toString("utf8");
        return [/w:type="([^"]+)"/.exec(h)![1]!, { text: paragraphs(part).filter(Boolean), xml: part }];
      }),
    ),
    titlePage: /<w:titlePg(?: w:val="(?:1|true)")?\/>/.test(sect),
    pageStart: /<w:pgNumType [^>]*w:start="(\d+)"/.exec(sect)?.[1] ?? null,
  }));
}

beforeAll(async () => {
  f = openFixture();
  seedYear(f);
  summary = summaryOf(f, "2024-11-10T09:00:00+07:00");
  entries = unzip(await renderDocx(summary));
  xml = entries.get("word/document.xml")!.toString("utf8");
  styles = entries.get("word/styles.xml")!.toString("utf8");
  text = paragraphs(xml);
});

afterAll(() => f.dispose());

describe("the draft report (DOCX)", () => {
  it("opens with the national heading, the issuing body, the number to fill under its symbol, the place and a date to fill", () => {
    expect(text.filter(Boolean).slice(0, 6)).toEqual([
      "UBND TỈNH QUẢNG NGÃI",
      "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
      "Số:        /BC-STTTT",
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "Quảng Ngãi, ngày      tháng      năm 2024",
    ]);
    expect(text.filter(Boolean)[6]).toBe("BÁO CÁO");
  });

  it("is titled after the plan, with sections I to III and Nơi nhận", () => {
    const title = f.app.active().plan.title;
    const at = (p: string) => text.indexOf(p);
    expect(text[at("BÁO CÁO") + 1]).toBe(`Kết quả thực hiện ${title}`);
    const order = ["I. KẾT QUẢ THỰC HIỆN", "II. ĐÁNH GIÁ CHUNG", "1. Ưu điểm", "2. Hạn chế", "3. Nguyên nhân", "III. ĐỀ XUẤT, KIẾN NGHỊ", "Nơi nhận:", "PHỤ LỤC"];
    const positions = order.map(at);
    expect(positions.every((p) => p > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(text[at("II. ĐÁNH GIÁ CHUNG") + 1]).toMatch(/^\(Dự thảo: .*nguyên văn/);
  });

  it("gives what each agency reported task by task, and the difficulties and proposals verbatim", () => {
    const results = text.slice(text.indexOf("I. KẾT QUẢ THỰC HIỆN"), text.indexOf("II. ĐÁNH GIÁ CHUNG"));
    expect(results).toContain(
      "- Sở Thông tin và Truyền thông (Quý I/2024, hoàn thành quá hạn): Đã ban hành Công văn hướng dẫn số 123/STTTT.",
    );
    expect(results).toContain("- Văn phòng UBND tỉnh (Quý I/2024, hoàn thành đúng hạn): Đã tổ chức họp báo quý I ngày 28/3/2024, có 30 phóng viên tham dự.");
    expect(results).toContain("Số liệu: 30 phóng viên.");
    // Only the current report of a superseded pair.
    expect(results.some((p) => p.includes("Đã đăng 50 tin, bài."))).toBe(true);
    expect(results.some((p) => p.includes("Đã đăng 45 tin, bài."))).toBe(false);
    const causes = text.slice(text.indexOf("3. Nguyên nhân"), text.indexOf("III. ĐỀ XUẤT, KIẾN NGHỊ"));
    expect(causes).toContain("- Công an tỉnh (nhiệm vụ 4): Kinh phí in ấn tài liệu còn thiếu");
    const proposals = text.slice(text.indexOf("III. ĐỀ XUẤT, KIẾN NGHỊ"), text.indexOf("Nơi nhận:"));
    expect(proposals).toContain("- Sở Kế hoạch và Đầu tư (nhiệm vụ 10): Đề xuất Sở Tài chính xem xét bổ sung");
  });

  it("ends with the appendix table: every task of the plan, its agencies, timeframe, results and status", () => {
    const [header, ...rows] = lastTable(xml);
    expect(header).toEqual(["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian", "Kết quả", "Tình trạng"]);
    const { plan } = f.app.active();
    expect(rows).toHaveLength(plan.tasks.length);
    plan.tasks.forEach((t, i) => {
      expect(rows[i]![0]).toBe(t.id);
      expect(rows[i]![1]).toBe(t.title);
      expect(rows[i]![2]).toBe(t.lead.join("; "));
      expect(rows[i]![4]).toBe(t.timeframe);
    });
    const task3 = rows[plan.tasks.findIndex((t) => t.id === "3")]!;
    expect(task3[5]).toBe("Sở Thông tin và Truyền thông (Quý I/2024): Đã ban hành Công văn hướng dẫn số 123/STTTT.");
    expect(task3[6]).toBe("Hoàn thành quá hạn: 1");
    const task9 = rows[plan.tasks.findIndex((t) => t.id === "9")]!;
    expect(task9[5]).toBe("Chưa có báo cáo");
    expect(task9[6]).toMatch(/^Thường xuyên: cơ quan chủ trì đã báo cáo 0\/\d+ lượt/);
  });

  it("is laid out as Nghị định 30 asks: A4, margins, Times New Roman 14, the appendix in landscape", () => {
    const sizes = [...xml.matchAll(/<w:pgSz ([^>]*)\/>/g)].map((m) => m[1]);
    expect(sizes).toEqual(['w:w="11906" w:h="16838" w:orient="portrait"', 'w:w="16838" w:h="11906" w:orient="landscape"']);
    for (const m of xml.matchAll(/<w:pgMar ([^>]*)\/>/g)) {
      // twips: 20 mm top and bottom, 30 mm left, 15 mm right
      expect(m[1]).toMatch(/w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    }
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*w:ascii="Times New Roman"[\s\S]*<w:sz w:val="28"\/>/);
  });
});

describe("another plan", () => {
  it("names the body the plan's agencies report to as the issuer, and the directory's province", async () => {
    const directory = binhDinhDirectory;
    const plan = secondPlan;
    const report: Report = {
      id: 1, agency: "VPUB", task: "3a", period: "2025-02", status: "hoan_thanh", results: "Vận hành ổn định, 12.000 hồ sơ.",
      figures: ["12.000 hồ sơ"], difficulties: [], proposals: [], evidence: [], contactId: null, channel: "cli", messageRef: null,
      reportedAt: "2025-03-03T02:00:00.000Z",
    };
    const s = compileSummary({ plan, directory, reports: [report], now: new Date("2025-03-10T09:00:00+07:00"), zone: "Asia/Ho_Chi_Minh" });
    // The full-year report goes to UBND "qua Sở Khoa học và Công nghệ"; that body reports upward itself.
    expect(s.issuer).toBe("Sở Khoa học và Công nghệ");
    const monthly = s.rows.filter((r) => r.task === "3a");
    expect(monthly.map((r) => [r.period, r.status])).toEqual([
      ["2025-01", "qua_han"],
      ["2025-02", "hoan_thanh_qua_han"],
      ["2025-03", "chua_bao_cao"],
    ]);
    const doc = paragraphs(unzip(await renderDocx(s)).get("word/document.xml")!.toString("utf8")).filter(Boolean);
    expect(doc[0]).toBe("UBND TỈNH BÌNH ĐỊNH");
    expect(doc[1]).toBe(s.issuer!.toLocaleUpperCase("vi"));
    expect(doc).toContain("Bình Định, ngày      tháng      năm 2025");
    expect(doc).toContain("Số:        /BC-SKHCN");
    expect(doc).toContain("KT. GIÁM ĐỐC");
    expect(doc).toContain(`Kết quả thực hiện ${plan.title}`);
  });
});

describe("monthly reports in section I (issue 13, item 2)", () => {
  it("prints each agency's latest month and counts the earlier ones; quarters are all printed", async () => {
    const g = openFixture();
    try {
      for (const [month, n] of [["tháng 3", 11], ["tháng 4", 12], ["tháng 5", 13]] as const) {
        g.add({ agency: "Công an tỉnh", task: "4", period: month, status: "dang_thuc_hien", at: `2024-0${month.at(-1)}-25T09:00:00+07:00`, text: `Đã gỡ ${n} bài viết xuyên tạc.` });
      }
      g.add({ agency: "VPUB", task: "1", period: "2024-Q1", status: "hoan_thanh", at: "2024-03-29T09:00:00+07:00", text: "Họp báo quý I." });
      g.add({ agency: "VPUB", task: "1", period: "2024-Q2", status: "hoan_thanh", at: "2024-06-28T09:00:00+07:00", text: "Họp báo quý II." });
      const lines = paragraphs(unzip(await renderDocx(summaryOf(g, "2024-07-01T09:00:00+07:00"))).get("word/document.xml")!.toString("utf8"));
      const section = lines.slice(lines.indexOf("I. KẾT QUẢ THỰC HIỆN"), lines.indexOf("II. ĐÁNH GIÁ CHUNG"));
      expect(section.some((p) => p.includes("Đã gỡ 13 bài viết"))).toBe(true);
      expect(section.some((p) => p.includes("Đã gỡ 11 bài viết") || p.includes("Đã gỡ 12 bài viết"))).toBe(false);
      expect(section).toContain("Cùng nhiệm vụ, cơ quan đã báo cáo thêm 2 kỳ trước (xem tệp XLSX).");
      expect(section.some((p) => p.includes("Họp báo quý I."))).toBe(true);
      expect(section.some((p) => p.includes("Họp báo quý II."))).toBe(true);
    } finally {
      g.dispose();
    }
  });
});

describe("the draft as the coordinator finishes and signs it (issue 14, item 13)", () => {
  it("numbers the pages at the top centre from the second page, the appendix on its own, and marks the draft in the first page's header", () => {
    const sections = sectionsOf(entries);
    expect(sections).toHaveLength(2);
    for (const section of sections) {
      expect(section.titlePage).toBe(true);
      expect(section.headers.first!.text).toEqual(["DỰ THẢO"]);
      expect(section.headers.default!.xml).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
      expect(section.headers.default!.xml).toMatch(/<w:jc w:val="center"\/>/);
      expect(section.headers.default!.text).not.toContain("DỰ THẢO");
    }
    expect(sections[1]!.pageStart).toBe("1");
    expect(text).not.toContain("DỰ THẢO");
  });

  it("is signed by the coordinator's deputy head on the head's behalf, over a line for the name", () => {
    const signature = text.slice(text.indexOf("Nơi nhận:")).filter(Boolean);
    const title = signature.indexOf("KT. GIÁM ĐỐC");
    expect(title).toBeGreaterThan(0);
    expect(signature.slice(title, title + 3)).toEqual(["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "[Họ và tên người ký]"]);
    expect(text).not.toContain("THỦ TRƯỞNG CƠ QUAN");
  });

  it("is signed with the title and name the operator configured", async () => {
    const signed = paragraphs(
      unzip(await renderDocx(summary, { signer: { title: ["GIÁM ĐỐC"], name: "Nguyễn Văn An" } })).get("word/document.xml")!.toString("utf8"),
    );
    const signature = signed.slice(signed.indexOf("Nơi nhận:")).filter(Boolean);
    const title = signature.indexOf("GIÁM ĐỐC");
    expect(title).toBeGreaterThan(0);
    expect(signature.slice(title, title + 2)).toEqual(["GIÁM ĐỐC", "Nguyễn Văn An"]);
    expect(signed).not.toContain("KT. GIÁM ĐỐC");
    expect(signed).not.toContain("[Họ và tên người ký]");
  });

  it("keeps each appendix row on one page and repeats the header row", () => {
    const table = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].at(-1)![0];
    const rows = [...table.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    expect(rows[0]).toMatch(/<w:tblHeader\/>/);
    for (const row of rows) expect(row).toMatch(/<w:cantSplit\/>/);
  });

  it("says under Hạn chế how much is unreported and overdue, in figures, and pastes no list of agencies", () => {
    const weaknesses = text.slice(text.indexOf("2. Hạn chế") + 1, text.indexOf("3. Nguyên nhân"));
    const unreported = summary.rows.filter((r) => r.report === null).length;
    const overdueAgencies = new Set(summary.overdue.map((r) => r.agency)).size;
    const leads = summary.agencies.length;
    expect(weaknesses[0]).toBe(`- Còn ${unreported}/${summary.total} lượt nhiệm vụ theo kỳ của cơ quan chủ trì chưa có báo cáo.`);
    expect(weaknesses[1]).toMatch(new RegExp(`^- ${summary.overdue.length} lượt quá hạn chưa hoàn thành, của ${overdueAgencies} cơ quan: nhiệm vụ 1 \\(\\d+ lượt\\); `));
    expect(weaknesses[2]).toBe(
      `- ${summary.silent.length}/${leads} cơ quan chủ trì chưa gửi báo cáo nào (xem cột «Báo cáo đã gửi», trang «Tỷ lệ» của bảng tổng hợp XLSX kèm theo).`,
    );
    expect(weaknesses).toHaveLength(3);
    const results = text.slice(text.indexOf("I. KẾT QUẢ THỰC HIỆN"), text.indexOf("II. ĐÁNH GIÁ CHUNG"));
    // Task 9 is led by every department and district: a count, not 33 names.
    expect(results).toContain("- Chưa báo cáo: 33/33 cơ quan chủ trì.");
    for (const p of [...weaknesses, ...results]) expect(p.split(";").length, p).toBeLessThan(12);
  });

  it("says early in the year that nearly everything is unreported, not that nothing is overdue", async () => {
    const g = openFixture("2024-02-01T09:00:00+07:00");
    try {
      g.add({ agency: "Công an tỉnh", task: "4", period: "tháng 1", status: "dang_thuc_hien", at: "2024-01-25T09:00:00+07:00", text: "Đã gỡ 3 bài viết." });
      const s = summaryOf(g, "2024-02-01T09:00:00+07:00");
      expect(s.overdue).toHaveLength(0);
      const lines = paragraphs(unzip(await renderDocx(s)).get("word/document.xml")!.toString("utf8"));
      const weaknesses = lines.slice(lines.indexOf("2. Hạn chế") + 1, lines.indexOf("3. Nguyên nhân"));
      expect(weaknesses[0]).toBe(`- Còn ${s.total - 1}/${s.total} lượt nhiệm vụ theo kỳ của cơ quan chủ trì chưa có báo cáo.`);
      expect(weaknesses.join("\n")).not.toMatch(/Không có nhiệm vụ quá hạn/);
    } finally {
      g.dispose();
    }
  });
});
