import ExcelJS from "exceljs";
import JSZip from "jszip";
import { posix } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodLabelOf } from "../../src/plan/periods.js";
import type { Summary } from "../../src/reports/compile.js";
import { summaryJson, type SummaryJson } from "../../src/reports/render-json.js";
import { renderXlsx, STATUS_FILL } from "../../src/reports/render-xlsx.js";
import { PROGRESS_STATUSES, STATUS_LABEL, type ProgressStatus } from "../../src/reports/status.js";
import { R } from "../../src/reports/texts.js";
import { DateTime } from "luxon";
import { openFixture, seedYear, summaryOf, type Fixture } from "./fixture.js";
import { unescapeXml } from "./unzip.js";

let f: Fixture;
let summary: Summary;
let json: SummaryJson;
let wb: ExcelJS.Workbook;
let bytes: Buffer;

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
  bytes = await renderXlsx(summary);
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

const attributes = (tag: string): Record<string, string> =>
  Object.fromEntries([...tag.matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1]!, unescapeXml(m[2]!)]));

async function part(zip: JSZip, name: string): Promise<string> {
  const file = zip.file(name);
  expect(file, name).not.toBeNull();
  return file!.async("string");
}

/** A part's relationships by id, each target as a path in the package. */
async function relationships(zip: JSZip, name: string): Promise<Map<string, { type: string; target: string }>> {
  const rels = zip.file(posix.join(posix.dirname(name), "_rels", `${posix.basename(name)}.rels`));
  const xml = rels ? await rels.async("string") : "";
  return new Map(
    [...xml.matchAll(/<Relationship ([^>]*?)\/>/g)].map((m) => {
      const a = attributes(m[1]!);
      const target = a.Target!.startsWith("/") ? a.Target!.slice(1) : posix.join(posix.dirname(name), a.Target!);
      return [a.Id!, { type: a.Type!.split("/").at(-1)!, target }];
    }),
  );
}

/** The worksheet part of the named sheet, found as Excel finds it: through the workbook's relationships. */
async function sheetPart(zip: JSZip, sheet: string): Promise<string> {
  const workbook = await part(zip, "xl/workbook.xml");
  const entry = [...workbook.matchAll(/<sheet ([^>]*)\/>/g)].map((m) => attributes(m[1]!)).find((a) => a.name === sheet);
  expect(entry, sheet).toBeDefined();
  return (await relationships(zip, "xl/workbook.xml")).get(entry!["r:id"]!)!.target;
}

/** The cells a chart formula such as 'Tỷ lệ'!$B$5:$B$9 reads, one column, in the workbook as ExcelJS reads it. */
function cellsAt(book: ExcelJS.Workbook, ref: string): { sheet: string; column: string; rows: number[]; values: unknown[] } {
  const m = /^'((?:[^']|'')+)'!\$([A-Z]+)\$(\d+)(?::\$\2\$(\d+))?$/.exec(ref);
  expect(m, ref).not.toBeNull();
  const [, quoted, column, first, last = first] = m!;
  const sheet = quoted!.replaceAll("''", "'");
  const rows = Array.from({ length: Number(last) - Number(first) + 1 }, (_, i) => Number(first) + i);
  return { sheet, column: column!, rows, values: rows.map((r) => book.getWorksheet(sheet)!.getCell(`${column}${r}`).value) };
}

/** Each status's number of rows of each task, in the order of the plan's tasks, counted from the summary's rows. */
const countsByTask = (st: ProgressStatus) => summary.tasks.map((t) => summary.rows.filter((r) => r.task === t.task.id && r.status === st).length);

/** The chart on the named sheet, followed as Excel follows it: sheet → drawing → chart, each part of the type it must be. */
async function chartOn(zip: JSZip, sheetName: string): Promise<{ sheet: string; drawing: string; chart: string }> {
  const sheetFile = await sheetPart(zip, sheetName);
  const sheet = await part(zip, sheetFile);
  const drawingId = /<drawing r:id="([^"]+)"\/>/.exec(sheet)?.[1];
  expect(drawingId, `${sheetName} draws nothing`).toBeDefined();
  const toDrawing = (await relationships(zip, sheetFile)).get(drawingId!);
  expect(toDrawing?.type).toBe("drawing");
  const drawing = await part(zip, toDrawing!.target);
  const chartId = /<c:chart [^>]*r:id="([^"]+)"/.exec(drawing)?.[1];
  expect(chartId, "the drawing holds no chart").toBeDefined();
  const toChart = (await relationships(zip, toDrawing!.target)).get(chartId!);
  expect(toChart?.type).toBe("chart");
  const types = await part(zip, "[Content_Types].xml");
  const overrides = new Map([...types.matchAll(/<Override ([^>]*)\/>/g)].map((m) => attributes(m[1]!)).map((a) => [a.PartName, a.ContentType]));
  expect(overrides.get(`/${toDrawing!.target}`)).toBe("application/vnd.openxmlformats-officedocument.drawing+xml");
  expect(overrides.get(`/${toChart!.target}`)).toBe("application/vnd.openxmlformats-officedocument.drawingml.chart+xml");
  return { sheet, drawing, chart: await part(zip, toChart!.target) };
}

describe("the chart of statuses per task on the rates sheet", () => {
  let zip: JSZip;

  beforeAll(async () => {
    zip = await JSZip.loadAsync(bytes);
  });

  it("tables each task's rows by status, as numbers, below the rates", () => {
    const rows = values(wb.getWorksheet(R.rateSheet)!);
    const header = rows.findIndex((r) => r[0] === R.statusByTask);
    expect(header).toBeGreaterThan(rows.findIndex((r) => r[0] === R.matrixAgency));
    expect(rows[header]).toEqual([R.statusByTask, ...PROGRESS_STATUSES.map((st) => STATUS_LABEL[st])]);
    const counts = PROGRESS_STATUSES.map(countsByTask);
    expect(rows.slice(header + 1)).toEqual(summary.tasks.map((t, i) => [R.statusByTaskRow(t.task.id), ...counts.map((c) => c[i])]));
  });

  it("stacks one bar per task, one series per status in its colour", async () => {
    const { chart } = await chartOn(zip, R.rateSheet);
    expect(chart).toContain('<c:barDir val="bar"/>');
    expect(chart).toContain('<c:grouping val="stacked"/>');
    expect(chart).toContain('<c:overlap val="100"/>');
    expect(unescapeXml(chart)).toContain(`<a:t>${R.statusByTask}</a:t>`);
    const series = [...chart.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((m) => m[1]!);
    expect(series).toHaveLength(PROGRESS_STATUSES.length);
    expect(series.map((s) => /<c:spPr><a:solidFill><a:srgbClr val="([0-9A-F]{6})"\/>/.exec(s)?.[1])).toEqual(
      PROGRESS_STATUSES.map((st) => STATUS_FILL[st].slice(2)),
    );
  });

  it("reads its names, categories and values from the table on the rates sheet", async () => {
    const { chart } = await chartOn(zip, R.rateSheet);
    const series = [...chart.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((m) => {
      const ref = (element: string) => unescapeXml(new RegExp(`<c:${element}>[\\s\\S]*?<c:f>([^<]*)</c:f>`).exec(m[1]!)?.[1] ?? "");
      return { name: cellsAt(wb, ref("tx")), categories: cellsAt(wb, ref("cat")), values: cellsAt(wb, ref("val")) };
    });
    series.forEach((s, i) => {
      const st = PROGRESS_STATUSES[i]!;
      for (const ref of [s.name, s.categories, s.values]) expect(ref.sheet).toBe(R.rateSheet);
      expect(s.name.values).toEqual([STATUS_LABEL[st]]);
      expect(s.categories.values).toEqual(summary.tasks.map((t) => R.statusByTaskRow(t.task.id)));
      expect(s.values.values).toEqual(countsByTask(st));
      expect(s.values.rows).toEqual(s.categories.rows);
      expect(s.name.column).toBe(s.values.column);
      expect(s.name.rows[0]).toBe(s.values.rows[0]! - 1);
    });
  });

  it("sits below the table within its columns, so the sheet still prints one A4 page wide, declared where the worksheet schema puts a drawing", async () => {
    const { sheet, drawing, chart } = await chartOn(zip, R.rateSheet);
    const at = (tag: string) => /<xdr:col>(\d+)<\/xdr:col><xdr:colOff>\d+<\/xdr:colOff><xdr:row>(\d+)<\/xdr:row>/.exec(drawing.slice(drawing.indexOf(`<xdr:${tag}>`)));
    const [from, to] = [at("from"), at("to")];
    expect(from).not.toBeNull();
    const lastRow = Math.max(...cellsAt(wb, unescapeXml(/<c:val><c:numRef><c:f>([^<]*)<\/c:f>/.exec(chart)![1]!)).rows);
    expect(Number(from![1])).toBe(0);
    expect(Number(to![1])).toBeLessThanOrEqual(1 + PROGRESS_STATUSES.length);
    expect(Number(from![2]) + 1).toBeGreaterThan(lastRow);
    expect(sheet.indexOf("<drawing ")).toBeGreaterThan(sheet.indexOf("<pageSetup "));
    expect(sheet.indexOf("<drawing ")).toBeLessThan(sheet.indexOf("</worksheet>"));
  });

  it("leaves a workbook ExcelJS still opens", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(["Tiến độ", "Tỷ lệ", "Chi tiết", "Báo cáo"]);
  });

  it("draws nothing, and tables nothing, when the summary has no task", async () => {
    const empty = await renderXlsx({ ...summary, tasks: [] });
    const bare = await JSZip.loadAsync(empty);
    expect(Object.keys(bare.files).filter((name) => /^xl\/(charts|drawings)\//.test(name))).toEqual([]);
    expect(await part(bare, await sheetPart(bare, R.rateSheet))).not.toContain("<drawing ");
    expect(await part(bare, "[Content_Types].xml")).not.toContain("chart");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(empty.buffer.slice(empty.byteOffset, empty.byteOffset + empty.byteLength) as ArrayBuffer);
    expect(values(book.getWorksheet(R.rateSheet)!).some((r) => r[0] === R.statusByTask)).toBe(false);
  });
});
