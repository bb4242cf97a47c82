/**
 * The summary as a spreadsheet the coordinator can sort and filter: the matrix agency × task ×
 * period with statuses coloured, the rates, one row per status (the JSON rows), and every
 * report received, superseded ones included.
 */
import { xmlSafeDeep } from "../text/xml.js";
import ExcelJS from "exceljs";
import { periodLabel } from "../plan/periods.js";
import { STATUS_CHOICE_LABEL } from "../core/texts.js";
import { formatDate, formatDateTime } from "../time.js";
import type { Summary, SummaryRow, Tally } from "./compile.js";
import { scopeOfPeriod } from "./scope.js";
import { PROGRESS_STATUSES, STATUS_LABEL, type ProgressStatus } from "./status.js";
import { R } from "./texts.js";

/** Fill colours by status, the usual traffic-light reading. */
export const STATUS_FILL: Record<ProgressStatus, string> = {
  hoan_thanh_dung_han: "FFC6EFCE",
  hoan_thanh_qua_han: "FFE2EFDA",
  dang_thuc_hien_trong_han: "FFFFEB9C",
  qua_han: "FFFFC7CE",
  chua_bao_cao: "FFEDEDED",
};

const HEADER_FILL = "FFD9E1F2";

function fill(argb: string): ExcelJS.Fill {
  return { type: "pattern", pattern: "solid", fgColor: { argb } };
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  row.eachCell((c) => (c.fill = fill(HEADER_FILL)));
}

/** Months before the quarter that holds them, the year last: the order a reader scans in. */
function periodOrder(a: string, b: string): number {
  const sa = scopeOfPeriod(a);
  const sb = scopeOfPeriod(b);
  if (!sa || !sb) return a.localeCompare(b);
  return sa.end.localeCompare(sb.end) || sb.start.localeCompare(sa.start);
}

function matrixSheet(wb: ExcelJS.Workbook, s: Summary): void {
  const ws = wb.addWorksheet(R.matrixSheet, { views: [{ state: "frozen", xSplit: 2, ySplit: 1 }] });
  const periods = [...new Set(s.rows.map((r) => r.period))].sort(periodOrder);
  ws.columns = [
    { header: R.matrixAgency, width: 36 },
    { header: R.matrixTask, width: 44 },
    ...periods.map((p) => ({ header: periodLabel(p), width: 16 })),
  ];
  styleHeader(ws.getRow(1));
  const column = new Map(periods.map((p, i) => [p, i + 3]));
  const titles = new Map(s.tasks.map((t) => [t.task.id, `${t.task.id}. ${t.task.title}`]));
  for (const agency of s.agencies) {
    for (const t of s.tasks) {
      const cells = agency.rows.filter((r) => r.task === t.task.id);
      if (cells.length === 0) continue;
      const row = ws.addRow([agency.name, titles.get(t.task.id) ?? t.task.id]);
      row.alignment = { vertical: "top", wrapText: true };
      for (const r of cells) {
        const c = row.getCell(column.get(r.period)!);
        c.value = STATUS_LABEL[r.status];
        c.fill = fill(STATUS_FILL[r.status]);
        c.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
      }
    }
  }
}

function rateSheet(wb: ExcelJS.Workbook, s: Summary): void {
  const ws = wb.addWorksheet(R.rateSheet);
  ws.columns = [{ width: 60 }, { width: 12 }, { width: 14 }, { width: 10 }];
  ws.addRow([s.title]).font = { bold: true };
  ws.addRow([R.scopeLine(R.scopeLabel(s.period?.id ?? null, s.year), s.asOf)]);
  ws.addRow([]);
  for (const st of PROGRESS_STATUSES) {
    const row = ws.addRow([STATUS_LABEL[st], s.counts[st]]);
    row.getCell(1).fill = fill(STATUS_FILL[st]);
  }
  const block = (title: string, items: { label: string; tally: Tally }[]) => {
    ws.addRow([]);
    styleHeader(ws.addRow([title, ...R.rateColumns]));
    for (const { label, tally } of items) {
      const row = ws.addRow([label, tally.total, tally.done, tally.rate]);
      row.getCell(4).numFmt = "0%";
      row.getCell(1).alignment = { wrapText: true };
    }
  };
  block(R.matrixTask, s.tasks.map((t) => ({ label: `${t.task.id}. ${t.task.title}`, tally: t })));
  block(R.matrixAgency, s.agencies.map((a) => ({ label: a.name, tally: a })));
}

function rowsSheet(wb: ExcelJS.Workbook, s: Summary): void {
  const ws = wb.addWorksheet(R.rowsSheet, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = R.rowsColumns.map((header, i) => ({ header, width: [10, 36, 10, 24, 26, 12, 18, 14][i] }));
  styleHeader(ws.getRow(1));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: R.rowsColumns.length } };
  s.rows.forEach((r: SummaryRow) => {
    const row = ws.addRow([
      r.task,
      s.names[r.agency] ?? r.agency,
      r.period,
      STATUS_LABEL[r.status],
      r.status,
      r.deadline ? formatDate(r.deadline) : null,
      r.report ? formatDateTime(r.report.reportedAt, s.zone) : null,
      r.daysOverdue,
    ]);
    row.getCell(4).fill = fill(STATUS_FILL[r.status]);
  });
}

function reportsSheet(wb: ExcelJS.Workbook, s: Summary): void {
  const ws = wb.addWorksheet(R.reportsSheet, { views: [{ state: "frozen", ySplit: 1 }] });
  // Column styles rather than cell styles: one style for thousands of rows keeps the file small and quick.
  ws.columns = R.reportsColumns.map((header, i) => ({
    header,
    width: [18, 32, 10, 14, 16, 60, 30, 40, 40, 30, 10, 14][i],
    style: { alignment: { vertical: "top", wrapText: true } },
  }));
  styleHeader(ws.getRow(1));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: R.reportsColumns.length } };
  for (const { report: r, current } of s.reports) {
    ws.addRow([
      formatDateTime(r.reportedAt, s.zone),
      s.names[r.agency] ?? r.agency,
      r.task,
      periodLabel(r.period),
      STATUS_CHOICE_LABEL[r.status],
      r.results,
      r.figures.join("; "),
      r.difficulties.join("\n"),
      r.proposals.join("\n"),
      r.evidence.map((e) => e.name ?? e.ref).join("\n"),
      r.channel,
      current ? R.yes : R.no,
    ]);
  }
}

export async function renderXlsx(summary: Summary): Promise<Buffer> {
  // Reports stored before text was cleaned at entry may hold what XML forbids.
  const s = xmlSafeDeep(summary);
  const wb = new ExcelJS.Workbook();
  wb.creator = "kehoach-bot";
  wb.title = s.title;
  matrixSheet(wb, s);
  rateSheet(wb, s);
  rowsSheet(wb, s);
  reportsSheet(wb, s);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
