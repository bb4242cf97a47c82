import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodLabelOf } from "../../src/plan/periods.js";
import type { Summary } from "../../src/reports/compile.js";
import { summaryJson, type SummaryJson } from "../../src/reports/render-json.js";
import { renderXlsx, STATUS_FILL } from "../../src/reports/render-xlsx.js";
import { PROGRESS_STATUSES, STATUS_LABEL, type ProgressStatus } from "../../src/reports/status.js";
import { R } from "../../src/reports/texts.js";
import { DateTime } from "luxon";
import { openFixture, seedYear, summaryOf, type Fixture } from "./fixture.js";

let f: Fixture;
let summary: Summary;
let json: SummaryJson;
let wb: ExcelJS.Workbook;

/** A moment as the spreadsheet holds it: the wall-clock time in the zone, which Excel, knowing no zones, shows as it is. */
const wallClock = (iso: string) => DateTime.fromISO(iso, { zone: "Asia/Ho_Chi_Minh" }).setZone("UTC", { keepLocalTime: true }).toJSDate();

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

  it("lists the same rows as the JSON, in words and dates", () => {
    const [header, ...rows] = values(wb.getWorksheet("Chi tiết")!);
    expect(header).toEqual(["Nhiệm vụ", "Cơ quan", "Kỳ", "Tình trạng", "Hạn", "Ngày báo cáo", "Số ngày quá hạn"]);
    expect(rows).toHaveLength(json.rows.length);
    rows.forEach((r, i) => {
      const j = json.rows[i]!;
      expect([r[0], r[1], r[2]]).toEqual([j.task, j.agency, periodLabelOf(summary.tasks.map((t) => t.task), j.task, j.period)]);
      expect(r[3]).toBe(STATUS_LABEL[j.status as ProgressStatus]);
      const deadline = summary.rows[i]!.deadline;
      expect(r[4] ?? null).toEqual(deadline === null ? null : wallClock(deadline));
      expect(r[5] ?? null).toEqual(j.reportedAt === null ? null : wallClock(j.reportedAt));
      expect(r[6] ?? null).toBe(j.daysOverdue);
    });
  });

  it("colours every status of the JSON in the matrix, agency × task × period", () => {
    const ws = wb.getWorksheet("Tiến độ")!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const titles = new Map(summary.tasks.map((t) => [t.task.id, `${t.task.id}. ${t.task.title}`]));
    const plan = summary.tasks.map((t) => t.task);
    // A task done once sits under its timeframe: task 3 («Quý I/2024») in the first quarter's column.
    expect(json.rows.some((j) => j.task === "3")).toBe(true);
    expect(json.rows.filter((j) => j.task === "3").map((j) => periodLabelOf(plan, j.task, j.period))).toContain("Quý I/2024");
    expect(header.filter((h) => h === "Quý I/2024")).toHaveLength(1);
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
      const cell = row!.getCell(header.indexOf(periodLabelOf(plan, j.task, j.period)) + 1);
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
    expect(task8.map((r) => [r[3], r[6], r[12]])).toEqual([
      ["Chủ trì", "Đã đăng 45 tin, bài.", "Không (đã có báo cáo mới hơn)"],
      ["Chủ trì", "Đã đăng 50 tin, bài.", "Có"],
    ]);
    expect(rows.find((r) => r[1] === "Sở Kế hoạch và Đầu tư")![8]).toBe("Kinh phí in cẩm nang đầu tư 6 thứ tiếng chưa được bố trí");
  });

  it("writes moments as dates the reader can sort and filter, shown dd/mm/yyyy (issue 14, item 13)", () => {
    const details = wb.getWorksheet("Chi tiết")!;
    const row = summary.rows.findIndex((r) => r.task === "3");
    const deadline = details.getRow(row + 2).getCell(5);
    expect(deadline.type).toBe(ExcelJS.ValueType.Date);
    expect(deadline.value).toEqual(new Date(Date.UTC(2024, 2, 31)));
    expect(deadline.numFmt).toBe("dd/mm/yyyy");
    const reported = details.getRow(row + 2).getCell(6);
    expect(reported.type).toBe(ExcelJS.ValueType.Date);
    // Received at 10:00 in Quảng Ngãi: 10:00 is what the cell says.
    expect(reported.value).toEqual(new Date(Date.UTC(2024, 3, 5, 10, 0)));
    expect(reported.numFmt).toBe("dd/mm/yyyy hh:mm");
    const received = wb.getWorksheet("Báo cáo")!.getRow(2).getCell(1);
    expect(received.type).toBe(ExcelJS.ValueType.Date);
    expect(received.value).toEqual(wallClock(summary.reports[0]!.report.reportedAt));
    expect(received.numFmt).toBe("dd/mm/yyyy hh:mm");
  });

  it("says everything in Vietnamese: no status, period or channel ids (issue 14, item 13)", () => {
    const ids = /^(?:[a-z]+_[a-z_]+|\d{4}-(?:Q\d|\d{2})|telegram|zalo|console|cli)$/;
    for (const ws of wb.worksheets) {
      ws.eachRow((row) => row.eachCell((c) => expect(String(c.value), `${ws.name}!${c.address}`).not.toMatch(ids)));
    }
    const [header, ...rows] = values(wb.getWorksheet("Báo cáo")!);
    expect(rows.map((r) => r[header!.indexOf("Kênh")])).toContain(R.channel.cli);
  });

  it("prints on A4 landscape, one page wide, the header row on every page (issue 14, item 13)", () => {
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup, ws.name).toMatchObject({ paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    }
    for (const name of ["Tiến độ", "Chi tiết", "Báo cáo"]) expect(wb.getWorksheet(name)!.pageSetup.printTitlesRow, name).toBe("1:1");
  });

  it("gives each lead agency the reports it sent, so the silent ones the draft counts can be found", () => {
    const rows = values(wb.getWorksheet("Tỷ lệ")!);
    const header = rows.find((r) => r[0] === "Cơ quan chủ trì")!;
    expect(header).toEqual(["Cơ quan chủ trì", "Số lượt", "Hoàn thành, đã báo cáo", "Tỷ lệ", "Báo cáo đã gửi"]);
    const sent = (name: string) => rows.find((r) => r[0] === name)![4];
    expect(sent("Sở Nội vụ")).toBe(0);
    expect(sent("Văn phòng UBND tỉnh")).toBe(3);
    const silent = rows.filter((r) => summary.agencies.some((a) => a.name === r[0]) && r[4] === 0);
    expect(silent).toHaveLength(summary.silent.length);
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
    const newest = summary.reports.slice(-3).map((e) => wallClock(e.report.reportedAt));
    expect(rows.slice(0, 3).map((r) => r[0])).toEqual(newest);
    expect(String(rows[3]![0])).toContain(`3 báo cáo gần nhất trong số ${summary.reports.length}`);
  });
});
