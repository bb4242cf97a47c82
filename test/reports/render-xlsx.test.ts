import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodLabel } from "../../src/plan/periods.js";
import type { Summary } from "../../src/reports/compile.js";
import { summaryJson, type SummaryJson } from "../../src/reports/render-json.js";
import { renderXlsx, STATUS_FILL } from "../../src/reports/render-xlsx.js";
import { PROGRESS_STATUSES, STATUS_LABEL, type ProgressStatus } from "../../src/reports/status.js";
import { formatDateTime } from "../../src/time.js";
import { openFixture, seedYear, summaryOf, type Fixture } from "./fixture.js";

let f: Fixture;
let summary: Summary;
let json: SummaryJson;
let wb: ExcelJS.Workbook;

const values = (ws: ExcelJS.Worksheet): unknown[][] => {
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
};

beforeAll(async () => {
  f = openFixture();
  seedYear(f);
  summary = summaryOf(f, "2024-11-10T09:00:00+07:00");
  json = summaryJson(summary);
  wb = new ExcelJS.Workbook();
  const bytes = await renderXlsx(summary);
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
});

afterAll(() => f.dispose());

describe("the spreadsheet (XLSX), read back", () => {
  it("has the matrix, the rates, the rows and the reports", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Tiến độ", "Tỷ lệ", "Chi tiết", "Báo cáo"]);
  });

  it("lists the same rows as the JSON", () => {
    const [header, ...rows] = values(wb.getWorksheet("Chi tiết")!);
    expect(header).toEqual(["Nhiệm vụ", "Cơ quan", "Kỳ", "Tình trạng", "Mã tình trạng", "Hạn", "Ngày báo cáo", "Số ngày quá hạn"]);
    expect(rows).toHaveLength(json.rows.length);
    rows.forEach((r, i) => {
      const j = json.rows[i]!;
      expect([r[0], r[1], r[2], r[4]]).toEqual([j.task, j.agency, j.period, j.status]);
      expect(r[3]).toBe(STATUS_LABEL[j.status as ProgressStatus]);
      expect(r[6] ?? null).toBe(j.reportedAt === null ? null : formatDateTime(j.reportedAt, "Asia/Ho_Chi_Minh"));
      expect(r[7] ?? null).toBe(j.daysOverdue);
    });
  });

  it("colours every status of the JSON in the matrix, agency × task × period", () => {
    const ws = wb.getWorksheet("Tiến độ")!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const titles = new Map(summary.tasks.map((t) => [t.task.id, `${t.task.id}. ${t.task.title}`]));
    const rowOf = new Map<string, ExcelJS.Row>();
    ws.eachRow((row, n) => {
      if (n > 1) rowOf.set(`${row.getCell(1).value}|${row.getCell(2).value}`, row);
    });
    let filled = 0;
    ws.eachRow((row, n) => row.eachCell((c, col) => (n > 1 && col > 2 ? filled++ : 0)));
    expect(filled).toBe(json.rows.length);
    for (const j of json.rows) {
      const row = rowOf.get(`${j.agency}|${titles.get(j.task)}`);
      expect(row, `${j.agency} ${j.task}`).toBeDefined();
      const cell = row!.getCell(header.indexOf(periodLabel(j.period)) + 1);
      expect(cell.value).toBe(STATUS_LABEL[j.status as ProgressStatus]);
      expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(STATUS_FILL[j.status as ProgressStatus]);
    }
  });

  it("counts the statuses as the JSON does", () => {
    const rows = values(wb.getWorksheet("Tỷ lệ")!);
    for (const st of PROGRESS_STATUSES) expect(rows).toContainEqual([STATUS_LABEL[st], json.counts[st]]);
  });

  it("holds every report received, the superseded one marked", () => {
    const [header, ...rows] = values(wb.getWorksheet("Báo cáo")!);
    expect(header![0]).toBe("Thời điểm nhận");
    expect(rows).toHaveLength(summary.reports.length);
    const task8 = rows.filter((r) => r[2] === "8");
    expect(task8.map((r) => [r[5], r[11]])).toEqual([
      ["Đã đăng 45 tin, bài.", "Không (đã có báo cáo mới hơn)"],
      ["Đã đăng 50 tin, bài.", "Có"],
    ]);
    expect(rows.find((r) => r[1] === "Sở Kế hoạch và Đầu tư")![7]).toBe("Kinh phí in cẩm nang đầu tư 6 thứ tiếng chưa được bố trí");
  });
});

describe("the history sheet of a province's year", () => {
  it("lists the newest reports up to its bound and says where the rest are (issue 13, item 2)", async () => {
    expect(summary.reports.length).toBeGreaterThan(3);
    const bytes = await renderXlsx(summary, { reportRows: 3 });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const [, ...rows] = values(book.getWorksheet("Báo cáo")!);
    expect(rows).toHaveLength(4);
    const newest = summary.reports.slice(-3).map((e) => formatDateTime(e.report.reportedAt, "Asia/Ho_Chi_Minh"));
    expect(rows.slice(0, 3).map((r) => r[0])).toEqual(newest);
    expect(String(rows[3]![0])).toContain(`3 báo cáo gần nhất trong số ${summary.reports.length}`);
  });
});
