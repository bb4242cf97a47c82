/**
 * The draft "BÁO CÁO Kết quả thực hiện Kế hoạch …" as a Word document in the layout of Nghị
 * định 30/2020/NĐ-CP (Phụ lục I): A4, margins 20 mm top and bottom, 30 mm left, 15 mm right,
 * Times New Roman 14 (13 for the heading block and tables), the national heading beside the
 * issuing body, the number left to fill under the issuer's symbol, the place and the date left to
 * fill on signing, page numbers centred in the top margin from the second page (the appendix
 * numbered on its own), the signer's title and name. "DỰ THẢO" stands in the first page's header,
 * apart from the heading that will be signed. Sections I–III are assembled from the
 * reports verbatim and marked as a draft: the coordinator edits, the bot never invents. With a
 * model, section II may instead be its prose from the summary, marked as the assistant's draft;
 * I and III always keep each agency's own words.
 */
import { shorten } from "../text/shorten.js";
import { xmlSafeDeep } from "../text/xml.js";
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from "docx";
import { nameOf, periodOf } from "./naming.js";
import type { Signer } from "../config.js";
import type { Summary, TaskSummary } from "./compile.js";
import { PROGRESS_STATUSES, STATUS_LABEL } from "./status.js";
import { R } from "./texts.js";
import type { Report } from "./types.js";
import { STATUS_CHOICE_LABEL } from "../core/texts.js";

const FONT = "Times New Roman";
const BODY = 28; // half-points: 14 pt
const SMALL = 26; // 13 pt
const NOTE = 24; // 12 pt: "Nơi nhận" as the decree sets it
const LIST = 22; // 11 pt: the recipients
// docx's converter rounds down, which makes A4 one twip short of what Word calls A4.
const mm = (n: number) => Math.round((n * 1440) / 25.4);
const A4 = { width: mm(210), height: mm(297) };
const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
const PORTRAIT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const LANDSCAPE_WIDTH = A4.height - MARGIN.left - MARGIN.right;
const INDENT = mm(10);
const APPENDIX_SHARES = [5, 25, 14, 14, 10, 22, 10];
const APPENDIX_RESULT_CHARS = 400;
// A task led by a handful of agencies names the silent ones; one led by every district counts them.
const NAMED_SILENT = 3;
// About four lines of 14 pt: room for the signature and the seal above the name.
const SIGNATURE_SPACE = 1440;

interface Run {
  text: string;
  bold?: boolean;
  italics?: boolean;
  size?: number;
}

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

function runs(parts: Run[]): TextRun[] {
  // A line break inside a report's text stays a line break in the document.
  return parts.flatMap((p) =>
    p.text.split("\n").map((line, i) => new TextRun({ text: line, bold: p.bold, italics: p.italics, size: p.size, break: i > 0 ? 1 : 0 })),
  );
}

function para(parts: Run[] | string, opts: { align?: Align; indent?: boolean; after?: number; before?: number } = {}): Paragraph {
  return new Paragraph({
    children: runs(typeof parts === "string" ? [{ text: parts }] : parts),
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    indent: opts.indent === false ? undefined : { firstLine: INDENT },
    spacing: { before: opts.before ?? 0, after: opts.after ?? 120, line: 288 },
  });
}

const centered = (parts: Run[], after = 0) => para(parts, { align: AlignmentType.CENTER, indent: false, after });
const heading = (text: string) => para([{ text, bold: true }], { before: 120 });
const plain = (text: string) => para(text);

function cell(children: Paragraph[], width: number, opts: { borderless?: boolean } = {}): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.TOP,
    ...(opts.borderless
      ? {
          borders: {
            top: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
            bottom: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
            left: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
            right: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
          },
        }
      : {}),
  });
}

function twoColumns(left: Paragraph[], right: Paragraph[], leftShare: number): Table {
  const l = Math.round(PORTRAIT_WIDTH * leftShare);
  return new Table({
    width: { size: PORTRAIT_WIDTH, type: WidthType.DXA },
    columnWidths: [l, PORTRAIT_WIDTH - l],
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [new TableRow({ children: [cell(left, l, { borderless: true }), cell(right, PORTRAIT_WIDTH - l, { borderless: true })] })],
  });
}

/** The short solid line Nghị định 30 draws under the issuing body and under the motto. */
function rule(width: number, lineWidth: number): Paragraph {
  const side = Math.max(0, Math.round((width - lineWidth) / 2));
  return new Paragraph({
    children: [],
    indent: { left: side, right: side },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "000000", space: 1 } },
    spacing: { before: 0, after: 120, line: 40, lineRule: LineRuleType.EXACT },
  });
}

function issuerOf(s: Summary): string {
  return s.issuer ?? R.blankIssuer;
}

const HEADING_SHARE = 0.38;

function headingBlock(s: Summary): Table {
  const leftWidth = Math.round(PORTRAIT_WIDTH * HEADING_SHARE);
  const rightWidth = PORTRAIT_WIDTH - leftWidth;
  const left = [
    centered([{ text: R.parentBody(s.province), size: SMALL }]),
    centered([{ text: issuerOf(s).toLocaleUpperCase("vi"), bold: true, size: SMALL }]),
    // A third of the name's width; the motto's line as long as the motto.
    rule(leftWidth, Math.round(leftWidth / 3)),
    centered([{ text: R.docNumber(s.issuerAbbreviation), size: SMALL }]),
  ];
  const right = [
    centered([{ text: R.nationalHeading, bold: true, size: SMALL }]),
    centered([{ text: R.motto, bold: true, size: BODY }]),
    rule(rightWidth, mm(62)),
    centered([{ text: R.placeDate(s.province, yearOf(s)), italics: true, size: BODY }]),
  ];
  return twoColumns(left, right, HEADING_SHARE);
}


/** The year the report is made in, which its date and number carry. */
const yearOf = (s: Summary) => Number(s.asOf.slice(0, 4));

/**
 * Nghị định 30: the page number centred in the top margin, none on the first page; the draft
 * mark takes the first page's header instead.
 */
function headers(): { first: Header; default: Header } {
  return {
    first: new Header({ children: [para([{ text: R.draftMark, bold: true }], { align: AlignmentType.RIGHT, indent: false, after: 0 })] }),
    default: new Header({
      children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: BODY })] })],
    }),
  };
}

/**
 * The reports section I prints for a task: every one, but of monthly reports (the check-ins of
 * "Thường xuyên" work) each agency's latest, with how many earlier months it reported. A year
 * of monthly reports from a hundred communes is twenty thousand paragraphs nobody reads in a
 * report (and 400 MB to build); every one of them is in the spreadsheet.
 */
function printed(reports: TaskSummary["reports"]): { report: Report; earlier: number }[] {
  const monthly = /^\d{4}-\d{2}$/;
  const out: { report: Report; earlier: number }[] = [];
  const latest = new Map<string, { report: Report; earlier: number }>();
  for (const r of reports) {
    if (!monthly.test(r.period)) {
      out.push({ report: r, earlier: 0 });
      continue;
    }
    const seen = latest.get(r.agency);
    if (!seen) {
      const entry = { report: r, earlier: 0 };
      latest.set(r.agency, entry);
      out.push(entry);
    } else {
      seen.earlier++;
      if (r.period > seen.report.period) seen.report = r;
    }
  }
  return out;
}

/**
 * I. Task by task: what each lead reported, with the status of its obligation, then what each
 * partner contributed, with the status it gave; and which leads are silent.
 */
function results(s: Summary): Paragraph[] {
  const out: Paragraph[] = [heading(R.section1)];
  for (const t of s.tasks) {
    out.push(para([{ text: R.docTask(t.task.id, t.task.title, t.task.section), bold: true }]));
    out.push(para([{ text: R.docTaskMeta(t.task.lead.join("; "), t.task.timeframe), italics: true }]));
    const rowOf = new Map(t.rows.map((r) => [`${r.agency}/${r.period}`, r]));
    const partner = new Set(t.contributions);
    const report = ({ report: r, earlier }: { report: Report; earlier: number }, line: string) => {
      out.push(plain(line));
      if (r.figures.length > 0) out.push(plain(R.docFigures(r.figures)));
      if (earlier > 0) out.push(plain(R.docEarlierPeriods(earlier)));
    };
    for (const p of printed(t.reports.filter((r) => !partner.has(r)))) {
      const r = p.report;
      const row = rowOf.get(`${r.agency}/${r.period}`);
      const status = row ? STATUS_LABEL[row.status] : STATUS_CHOICE_LABEL[r.status];
      report(p, R.docAgencyReport(nameOf(s, r.agency), periodOf(s, r.task, r.period), status, r.results.trim()));
    }
    for (const p of printed(t.contributions)) {
      const r = p.report;
      report(p, R.docPartnerReport(nameOf(s, r.agency), periodOf(s, r.task, r.period), STATUS_CHOICE_LABEL[r.status], r.results.trim()));
    }
    const asked = t.leads.filter((code) => t.rows.some((r) => r.agency === code));
    const silent = asked.filter((code) => t.rows.every((r) => r.agency !== code || r.report === null));
    if (silent.length > NAMED_SILENT) out.push(plain(R.docNotReportedCount(silent.length, asked.length)));
    else if (silent.length > 0) out.push(plain(R.docNotReported(silent.map((c) => nameOf(s, c)))));
    else if (t.reports.length === 0) out.push(plain(R.docNoReports));
  }
  if (s.sectionReports.length > 0) {
    out.push(para([{ text: R.docSectionReports, bold: true }]));
    for (const r of s.sectionReports) {
      out.push(plain(R.docAgencyReport(nameOf(s, r.agency), periodOf(s, r.task, r.period), STATUS_CHOICE_LABEL[r.status], r.results.trim())));
    }
  }
  return out;
}

/** II. as the model drafted it from the summary: marked so that nobody signs it unread. */
function drafted(paragraphs: string[]): Paragraph[] {
  return [heading(R.section2), para([{ text: R.draftedNote, italics: true }]), ...paragraphs.map(plain)];
}

/** II. Strengths, shortcomings and their causes, from the figures and the reports as written. */
function assessment(s: Summary): Paragraph[] {
  const out: Paragraph[] = [heading(R.section2), para([{ text: R.assembledNote, italics: true }])];
  out.push(heading(R.strengths), plain(R.docCounts(s.done, s.total, s.rate, s.asOf)));
  out.push(plain(PROGRESS_STATUSES.map((st) => R.docStatusCount(STATUS_LABEL[st], s.counts[st])).join("; ") + "."));
  if (s.highlights.length === 0) out.push(plain(R.docNoHighlights));
  for (const h of s.highlights) out.push(plain(R.docHighlight(nameOf(s, h.agency), h.task, h.figures)));

  // In figures: a province has hundreds of them, and the names are in the spreadsheet.
  out.push(heading(R.weaknesses));
  const unreported = s.rows.filter((r) => r.report === null).length;
  if (unreported > 0) out.push(plain(R.docUnreported(unreported, s.total)));
  if (s.overdue.length > 0) {
    const byTask = s.tasks
      .map((t) => ({ task: t.task.id, n: t.counts.qua_han }))
      .filter((t) => t.n > 0);
    out.push(plain(R.docOverdue(s.overdue.length, new Set(s.overdue.map((r) => r.agency)).size, byTask)));
  }
  if (s.silent.length > 0) out.push(plain(R.docSilent(s.silent.length, s.agencies.length)));
  if (unreported === 0 && s.overdue.length === 0) out.push(plain(R.docNoShortcomings));

  out.push(heading(R.causes));
  if (s.difficulties.length === 0) out.push(plain(R.docNoDifficulties));
  for (const d of s.difficulties) out.push(plain(R.docRaised(nameOf(s, d.agency), d.task, d.text)));
  return out;
}

function proposals(s: Summary): Paragraph[] {
  const out: Paragraph[] = [heading(R.section3)];
  if (s.proposals.length === 0) out.push(plain(R.docNoProposals));
  for (const p of s.proposals) out.push(plain(R.docRaised(nameOf(s, p.agency), p.task, p.text)));
  out.push(para(R.closing(s.title, issuerOf(s)), { before: 120 }));
  return out;
}

function signature(s: Summary, signer: Signer): Table {
  const left = [
    para([{ text: R.recipientsHeader, bold: true, italics: true, size: NOTE }], { indent: false, after: 0, align: AlignmentType.LEFT }),
    ...R.recipients.map((r) => para([{ text: r, size: LIST }], { indent: false, after: 0, align: AlignmentType.LEFT })),
  ];
  const right = [
    ...(signer.title ?? R.signerTitle(s.issuer)).map((line) => centered([{ text: line, bold: true }])),
    para([{ text: signer.name ?? R.signerName, bold: true }], { align: AlignmentType.CENTER, indent: false, before: SIGNATURE_SPACE, after: 0 }),
  ];
  return twoColumns(left, right, 0.5);
}

function tableCell(text: string, width: number, opts: { bold?: boolean; center?: boolean } = {}): TableCell {
  return cell(
    [para([{ text, bold: opts.bold, size: SMALL }], { indent: false, after: 0, align: opts.center ? AlignmentType.CENTER : AlignmentType.LEFT })],
    width,
  );
}

/**
 * The appendix's "Tình trạng": how many of the leads' rows are in each status (continuous:
 * months reported), and apart from them how many reports the partners sent.
 */
function statusCell(t: TaskSummary): string {
  const leads =
    t.rows.length === 0
      ? []
      : t.rows.every((r) => r.continuous)
        ? [R.docMonthsReported(t.rows.filter((r) => r.report).length, t.rows.length)]
        : [PROGRESS_STATUSES.filter((st) => t.counts[st] > 0).map((st) => R.docStatusCount(STATUS_LABEL[st], t.counts[st])).join("; ")];
  const partners = t.contributions.length > 0 ? [R.docPartnerCount(t.contributions.length)] : [];
  return [...leads, ...partners].join("\n") || R.noResult;
}

/** The latest report of each agency on the task, the leads' first, shortened: the full text is in section I. */
function resultCell(s: Summary, t: TaskSummary): string {
  const latest = new Map<string, Report>();
  for (const r of t.reports) latest.set(r.agency, r);
  if (latest.size === 0) return R.noResult;
  const partner = new Set(t.contributions);
  const reports = [...latest.values()];
  const cut = (r: Report) => shorten(r.results, APPENDIX_RESULT_CHARS);
  return [
    ...reports.filter((r) => !partner.has(r)).map((r) => `${nameOf(s, r.agency)} (${periodOf(s, r.task, r.period)}): ${cut(r)}`),
    ...reports.filter((r) => partner.has(r)).map((r) => R.docPartnerResult(nameOf(s, r.agency), periodOf(s, r.task, r.period), cut(r))),
  ].join("\n");
}

function appendix(s: Summary): (Paragraph | Table)[] {
  const total = APPENDIX_SHARES.reduce((a, b) => a + b, 0);
  const widths = APPENDIX_SHARES.map((share) => Math.floor((LANDSCAPE_WIDTH * share) / total));
  // A row split over two pages parts a task from its status; the header row repeats on each page.
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: R.appendixColumns.map((c, i) => tableCell(c, widths[i]!, { bold: true, center: true })),
  });
  const rows = s.tasks.map(
    (t) =>
      new TableRow({
        cantSplit: true,
        children: [
          tableCell(t.task.id, widths[0]!, { center: true }),
          tableCell(t.task.title, widths[1]!),
          tableCell(t.task.lead.join("; "), widths[2]!),
          tableCell(t.task.partners.join("; "), widths[3]!),
          tableCell(t.task.timeframe, widths[4]!),
          tableCell(resultCell(s, t), widths[5]!),
          tableCell(statusCell(t), widths[6]!),
        ],
      }),
  );
  return [
    centered([{ text: R.appendixTitle, bold: true }]),
    centered([{ text: R.appendixSubtitle, bold: true }]),
    centered([{ text: R.appendixRef(issuerOf(s), s.issuerAbbreviation, yearOf(s)), italics: true, size: SMALL }], 240),
    new Table({
      width: { size: LANDSCAPE_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows: [header, ...rows],
    }),
  ];
}

export interface DocxOptions {
  /** Section II drafted by the model (src/reports/assessment.ts); absent: assembled verbatim. */
  assessment?: string[];
  signer?: Signer;
}

export async function renderDocx(summary: Summary, options: DocxOptions = {}): Promise<Buffer> {
  // Reports stored before text was cleaned at entry may hold what XML forbids.
  // The report history is not in the document; cleaning a copy of it cost a second a province.
  const s = xmlSafeDeep({ ...summary, reports: [] });
  const doc = new Document({
    creator: "kehoach-bot",
    title: `${R.docTitle} ${R.docSubtitle(s.title)}`,
    description: R.draftMark,
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    sections: [
      {
        properties: { titlePage: true, page: { size: { ...A4, orientation: PageOrientation.PORTRAIT }, margin: MARGIN } },
        headers: headers(),
        children: [
          headingBlock(s),
          para([{ text: R.docTitle, bold: true }], { align: AlignmentType.CENTER, indent: false, before: 240, after: 0 }),
          centered([{ text: R.docSubtitle(s.title), bold: true }], 240),
          para(R.intro(s.title, issuerOf(s), R.scopeLabel(s.period?.id ?? null, s.year), s.asOf)),
          ...results(s),
          ...(options.assessment ? drafted(options.assessment) : assessment(s)),
          ...proposals(s),
          signature(s, options.signer ?? {}),
        ],
      },
      {
        // Nghị định 30 numbers an appendix's pages on their own.
        properties: { titlePage: true, page: { size: { ...A4, orientation: PageOrientation.LANDSCAPE }, margin: MARGIN, pageNumbers: { start: 1 } } },
        headers: headers(),
        children: appendix(s),
      },
    ],
  });
  return Packer.toBuffer(doc);
}
