/**
 * The summary as a spreadsheet the coordinator can sort and filter: the matrix agency × task ×
 * period with statuses coloured, the rates with a chart of each task's statuses, one row per
 * status (the JSON rows), and every report received, superseded ones included.
 *
 * Written with ExcelJS's streaming writer, each row committed as it is made: a province's
 * hundred thousand reports took 1.6 GB as a workbook held in memory. exceljs writes no charts:
 * the chart is put into the finished file (xlsx-chart.ts).
 */
import { PassThrough } from "node:stream";
import { finished } from "node:stream/promises";
import { xmlSafe, xmlSafeDeep } from "../text/xml.js";
import ExcelJS from "exceljs";
import { DateTime } from "luxon";
import { STATUS_CHOICE_LABEL } from "../core/texts.js";
import type { Summary, SummaryRow, Tally } from "./compile.js";
import { periodLabel } from "../plan/periods.js";
import { nameOf, periodOf } from "./naming.js";
import { scopeOfPeriod } from "./scope.js";
import { PROGRESS_STATUSES, STATUS_LABEL, type ProgressStatus } from "./status.js";
import { R } from "./texts.js";
import { HISTORY_ROWS } from "./types.js";
import { addStackedBars, type StackedBars } from "./xlsx-chart.js";

/** Fill colours by status, the usual traffic-light reading. */
export const STATUS_FILL: Record<ProgressStatus, string> = {
  hoan_thanh_dung_han: "FFC6EFCE",
  hoan_thanh_qua_han: "FFE2EFDA",
  dang_thuc_hien_trong_han: "FFFFEB9C",
  qua_han: "FFFFC7CE",
  chua_bao_cao: "FFEDEDED",
};

const HEADER_FILL = "FFD9E1F2";
const RESULTS_COLUMN = 6;
const DATE = "dd/mm/yyyy";
const MOMENT = "dd/mm/yyyy hh:mm";

/**
 * Every sheet prints on A4 across, as many pages down as it takes and one page wide; a sheet
 * with a header row repeats it on each page. exceljs declares its paper sizes as a const enum,
 * which exists for the type checker only: 9 is A4.
 */
const PRINT: Partial<ExcelJS.PageSetup> = { paperSize: 9 as ExcelJS.PaperSize, orientation: "landscape", fitToWidth: 1, fitToHeight: 0 };
const PRINT_WITH_HEADER: Partial<ExcelJS.PageSetup> = { ...PRINT, printTitlesRow: "1:1" };

/**
 * A moment or a date as a spreadsheet holds it: Excel knows no time zones, so the cell holds the
 * wall-clock time in the zone, which the reader reads as it is.
 */
function wallClock(iso: string, zone: string): Date {
  return DateTime.fromISO(iso, { zone }).setZone("UTC", { keepLocalTime: true }).toJSDate();
}

function fill(argb: string): ExcelJS.Fill {
  return { type: "pattern", pattern: "solid", fgColor: { argb } };
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  row.eachCell((c) => (c.fill = fill(HEADER_FILL)));
}

/**
 * The matrix's columns, one per period label, in the order a reader scans: months before the
 * quarter that holds them, the year last. A task done once is filed under its timeframe, not the
 * plan year: "Quý I/2024" joins the first quarter's column, "hạn 15/11/2024" sits at its date.
 */
function matrixColumns(s: Summary): string[] {
  const span = new Map<string, { start: string; end: string }>();
  for (const r of s.rows) {
    const label = periodOf(s, r.task, r.period);
    if (span.has(label)) continue;
    const scope = scopeOfPeriod(r.period);
    const own = label !== periodLabel(r.period) && r.deadline ? { start: r.deadline, end: r.deadline } : scope;
    span.set(label, own ?? { start: label, end: label });
  }
  return [...span.keys()].sort((a, b) => {
    const sa = span.get(a)!;
    const sb = span.get(b)!;
    return sa.end.localeCompare(sb.end) || sb.start.localeCompare(sa.start);
  });
}

function matrixSheet(wb: ExcelJS.Workbook, s: Summary): void {
  const ws = wb.addWorksheet(R.matrixSheet, { views: [{ state: "frozen", xSplit: 2, ySplit: 1 }], pageSetup: PRINT_WITH_HEADER });
  const periods = matrixColumns(s);
  ws.columns = [
    { header: R.matrixAgency, width: 36 },
    { header: R.matrixTask, width: 44 },
    ...periods.map((p) => ({ header: p, width: 16 })),
  ];
  styleHeader(ws.getRow(1));
  ws.getRow(1).commit();
  const column = new Map(periods.map((p, i) => [p, i + 3]));
  const titles = new Map(s.tasks.map((t) => [t.task.id, `${t.task.id}. ${t.task.title}`]));
  for (const agency of s.agencies) {
    for (const t of s.tasks) {
      const cells = agency.rows.filter((r) => r.task === t.task.id);
      if (cells.length === 0) continue;
      const row = ws.addRow([agency.name, titles.get(t.task.id) ?? t.task.id]);
      row.alignment = { vertical: "top", wrapText: true };
      for (const r of cells) {
        const c = row.getCell(column.get(periodOf(s, r.task, r.period))!);
        c.value = STATUS_LABEL[r.status];
        c.fill = fill(STATUS_FILL[r.status]);
        c.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
      }
      row.commit();
    }
  }
  ws.commit();
}

/** The rates sheet, and the chart to draw on it: none without tasks. */
function rateSheet(wb: ExcelJS.Workbook, s: Summary): StackedBars | undefined {
  const ws = wb.addWorksheet(R.rateSheet, { pageSetup: PRINT });
  ws.columns = [{ width: 60 }, { width: 12 }, { width: 14 }, { width: 10 }, { width: 14 }];
  ws.addRow([s.title]).font = { bold: true };
  ws.addRow([R.scopeLine(R.scopeLabel(s.period?.id ?? null, s.year), s.asOf)]);
  ws.addRow([]);
  for (const st of PROGRESS_STATUSES) {
    const row = ws.addRow([STATUS_LABEL[st], s.counts[st]]);
    row.getCell(1).fill = fill(STATUS_FILL[st]);
  }
  const block = (title: string, items: { label: string; tally: Tally; more?: number[] }[], moreHeaders: string[] = []) => {
    ws.addRow([]);
    styleHeader(ws.addRow([title, ...R.rateColumns, ...moreHeaders]));
    for (const { label, tally, more = [] } of items) {
      const row = ws.addRow([label, tally.total, tally.done, tally.rate, ...more]);
      row.getCell(4).numFmt = "0%";
      row.getCell(1).alignment = { wrapText: true };
    }
  };
  block(R.matrixTask, s.tasks.map((t) => ({ label: `${t.task.id}. ${t.task.title}`, tally: t })));
  // Reports sent as lead or as partner: an agency with none is one the draft counts as silent.
  const sent = new Map<string, number>();
  for (const { report, current } of s.reports) if (current) sent.set(report.agency, (sent.get(report.agency) ?? 0) + 1);
  block(R.matrixAgency, s.agencies.map((a) => ({ label: a.name, tally: a, more: [sent.get(a.code) ?? 0] })), [R.reportsSent]);
  const chart = s.tasks.length > 0 ? statusByTask(ws, s) : undefined;
  ws.commit();
  return chart;
}

/** Each task's rows by status, the table the chart reads: below the blocks, so their rows keep their cells. */
function statusByTask(ws: ExcelJS.Worksheet, s: Summary): StackedBars {
  ws.addRow([]);
  const header = ws.addRow([R.statusByTask, ...PROGRESS_STATUSES.map((st) => STATUS_LABEL[st])]);
  styleHeader(header);
  PROGRESS_STATUSES.forEach((st, i) => (header.getCell(i + 2).fill = fill(STATUS_FILL[st])));
  for (const t of s.tasks) ws.addRow([R.statusByTaskRow(t.task.id), ...PROGRESS_STATUSES.map((st) => t.counts[st])]);
  return {
    sheet: ws.name,
    title: R.statusByTask,
    headerRow: header.number,
    column: 1,
    categories: s.tasks.map((t) => R.statusByTaskRow(t.task.id)),
    series: PROGRESS_STATUSES.map((st) => ({ name: STATUS_LABEL[st], colour: STATUS_FILL[st].slice(2), values: s.tasks.map((t) => t.counts[st]) })),
  };
}

function rowsSheet(wb: ExcelJS.Workbook, s: Summary): void {
  const ws = wb.addWorksheet(R.rowsSheet, { views: [{ state: "frozen", ySplit: 1 }], pageSetup: PRINT_WITH_HEADER });
  const formats: (string | undefined)[] = [undefined, undefined, undefined, undefined, DATE, MOMENT, undefined];
  ws.columns = R.rowsColumns.map((header, i) => ({
    header,
    width: [10, 36, 16, 24, 12, 18, 14][i],
    ...(formats[i] ? { style: { numFmt: formats[i] } } : {}),
  }));
  styleHeader(ws.getRow(1));
  ws.getRow(1).commit();
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: R.rowsColumns.length } };
  s.rows.forEach((r: SummaryRow) => {
    const row = ws.addRow([
      r.task,
      nameOf(s, r.agency),
      periodOf(s, r.task, r.period),
      STATUS_LABEL[r.status],
      r.deadline ? wallClock(r.deadline, s.zone) : null,
      r.report ? wallClock(r.report.reportedAt, s.zone) : null,
      r.daysOverdue,
    ]);
    row.getCell(4).fill = fill(STATUS_FILL[r.status]);
    row.commit();
  });
  ws.commit();
}

/** A report's evidence cell: its names, linking to the first kept file when the workbook sits beside the files. */
function evidenceCell(evidence: Summary["reports"][number]["report"]["evidence"], link?: (file: string) => string): ExcelJS.CellValue {
  const text = xmlSafe(evidence.map((e) => e.name ?? e.ref).join("\n"));
  const kept = link ? evidence.find((e) => e.file) : undefined;
  return kept && link ? { text, hyperlink: link(kept.file!) } : text;
}

function reportsSheet(wb: ExcelJS.Workbook, s: Summary, limit: number, link?: (file: string) => string): void {
  const ws = wb.addWorksheet(R.reportsSheet, { views: [{ state: "frozen", ySplit: 1 }], pageSetup: PRINT_WITH_HEADER });
  // Only the moment and the results columns are styled: every styled cell costs the stream writer a style lookup.
  ws.columns = R.reportsColumns.map((header, i) => ({
    header,
    width: [18, 32, 10, 12, 14, 16, 60, 30, 40, 40, 30, 30, 14][i],
    ...(i === 0 ? { style: { numFmt: MOMENT } } : {}),
    ...(i === RESULTS_COLUMN ? { style: { alignment: { vertical: "top", wrapText: true } } } : {}),
  }));
  styleHeader(ws.getRow(1));
  ws.getRow(1).commit();
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: R.reportsColumns.length } };
  // Cleaned row by row: a cleaned copy of every report at once is what the stream avoids.
  const shown = s.reports.slice(-limit);
  for (const { report: r, current, role } of shown) {
    ws.addRow([
      wallClock(r.reportedAt, s.zone),
      nameOf(s, r.agency),
      xmlSafe(r.task),
      R.role[role],
      periodOf(s, r.task, r.period),
      STATUS_CHOICE_LABEL[r.status],
      xmlSafe(r.results),
      xmlSafe(r.figures.join("; ")),
      xmlSafe(r.difficulties.join("\n")),
      xmlSafe(r.proposals.join("\n")),
      evidenceCell(r.evidence, link),
      R.channel[r.channel],
      current ? R.yes : R.no,
    ]).commit();
  }
  if (shown.length < s.reports.length) ws.addRow([R.reportsSheetLimited(shown.length, s.reports.length)]).commit();
  ws.commit();
}

/**
 * @param options.evidenceLink where a kept evidence file is, relative to the workbook: given when
 *   the workbook is written into a folder with the files (reports export), so a click opens one
 */
export async function renderXlsx(summary: Summary, options: { reportRows?: number; evidenceLink?: (file: string) => string } = {}): Promise<Buffer> {
  // Reports stored before text was cleaned at entry may hold what XML forbids; the reports
  // themselves are cleaned as their rows are written.
  const s = { ...xmlSafeDeep({ ...summary, reports: [] }), reports: summary.reports };
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = "kehoach-bot";
  wb.title = s.title;
  matrixSheet(wb, s);
  const chart = rateSheet(wb, s);
  rowsSheet(wb, s);
  reportsSheet(wb, s, options.reportRows ?? HISTORY_ROWS, options.evidenceLink);
  await wb.commit();
  // The writer is done when the stream has taken everything; the last chunks may still be on their way out.
  await finished(out);
  const xlsx = Buffer.concat(chunks);
  return chart ? addStackedBars(xlsx, chart) : xlsx;
}
