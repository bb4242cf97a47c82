/**
 * `reports list` shows the stored reports; `reports add` enters one received outside chat (a
 * letter, an email) as the operator reads it, stored like a chat report with channel "cli";
 * `reports export` writes a folder the coordinator can open: the draft report, the workbook and
 * the evidence files it links to.
 */
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { evidenceDir, keptPath } from "../src/core/evidence.js";
import type { App } from "../src/app.js";
import { buildSummary, renderSummary } from "./summary.js";
import { STATUS_CHOICE_LABEL } from "../src/core/texts.js";
import { periodLabelOf, periodsOf } from "../src/plan/periods.js";
import { parseScope } from "../src/reports/scope.js";
import { listReports, saveReport } from "../src/reports/store.js";
import { REPORT_STATUSES, type Report, type ReportStatus } from "../src/reports/types.js";
import { fold } from "../src/text/normalize.js";
import { formatDateTime } from "../src/time.js";
import { args, instantOption, printJson, printTable, UsageError, type CommandSpec } from "./cli.js";
import { openCliApp } from "./context.js";

export interface AddReportOptions {
  /** Name, alias or code. */
  agency: string;
  /** A task id, or a section IV reporting deadline ("IV.12") for a report on the plan as a whole. */
  task: string;
  /** "2024-Q1", "2024-03", "2024", or as users write it ("quý I/2024"). */
  period: string;
  /** A status id or its Vietnamese label ("hoàn thành"). */
  status: string;
  text: string;
  /** When the report was received (ISO; without an offset, in the configured zone); default now. */
  at?: string;
  figures?: string[];
  difficulties?: string[];
  proposals?: string[];
  /** Links to evidence. */
  evidence?: string[];
}

type ReportsApp = Pick<App, "db" | "active" | "clock" | "config">;

function statusOf(text: string): ReportStatus {
  const f = fold(text).replace(/[\s-]+/g, "_");
  const found = REPORT_STATUSES.find((s) => s === f || fold(STATUS_CHOICE_LABEL[s]).replace(/\s+/g, "_") === f);
  if (!found) throw new UsageError(`tình trạng «${text}» không hợp lệ / invalid status (${REPORT_STATUSES.join(", ")})`);
  return found;
}

function momentOf(text: string | undefined, app: ReportsApp): string {
  return (instantOption("at", text, app.config.timezone) ?? app.clock.now()).toISOString();
}

/** Checks the report against the plan and the directory and stores it; the stored report. */
export function addReport(app: ReportsApp, o: AddReportOptions): Report {
  const { id: planId, plan, directory } = app.active();
  const agency = directory.find(o.agency);
  if (!agency) throw new UsageError(`không tìm thấy cơ quan «${o.agency}» / unknown agency`);
  const task = plan.tasks.find((t) => t.id.toLowerCase() === o.task.trim().toLowerCase());
  const section = plan.reportDeadlines.find((d) => d.section.toLowerCase() === o.task.trim().toLowerCase());
  if (!task && !section) throw new UsageError(`kế hoạch không có nhiệm vụ «${o.task}» / no such task`);
  const scope = parseScope(o.period, plan.year);
  const allowed = task ? periodsOf(task, plan.years).map((p) => p.id) : [String(plan.year)];
  if (!scope || !allowed.includes(scope.id)) {
    throw new UsageError(`kỳ «${o.period}» không thuộc nhiệm vụ ${task?.id ?? section!.section} / invalid period (${allowed.join(", ")})`);
  }
  const results = o.text.trim();
  if (!results) throw new UsageError("--text: cần nội dung kết quả / results text required");
  const clean = (list: string[] | undefined) => (list ?? []).map((s) => s.trim()).filter(Boolean);
  const { report } = saveReport(app.db, planId, {
    agency: agency.code,
    task: task?.id ?? section!.section,
    period: scope.id,
    status: statusOf(o.status),
    results,
    figures: clean(o.figures),
    difficulties: clean(o.difficulties),
    proposals: clean(o.proposals),
    evidence: clean(o.evidence).map((ref) => ({ kind: "link" as const, ref })),
    contactId: null,
    channel: "cli",
    messageRef: null,
    reportedAt: momentOf(o.at, app),
  });
  return report;
}

function reportJson(app: ReportsApp, r: Report) {
  return { ...r, agencyName: app.active().directory.byCode(r.agency)?.name ?? r.agency };
}

/** The evidence files' folder inside an export, as the workbook's links name it. */
const EVIDENCE_FOLDER = "minh-chung";

/**
 * The draft report, the workbook and every kept evidence file of the reports in scope, in one
 * folder (0700, files 0600); the workbook links each report's evidence to its copy.
 */
async function exportFolder(app: App, folder: string, period: string | undefined, now: string | undefined) {
  const s = buildSummary(app, period === undefined ? {} : { period }, now);
  const out = resolve(folder);
  mkdirSync(out, { recursive: true, mode: 0o700 });
  const kept = evidenceDir(app.config.databasePath);
  let evidence = 0;
  for (const file of new Set(s.reports.flatMap(({ report }) => report.evidence.flatMap((e) => (e.file ? [e.file] : []))))) {
    const from = keptPath(kept, file);
    if (!from) continue;
    const to = join(out, EVIDENCE_FOLDER, file);
    mkdirSync(dirname(to), { recursive: true, mode: 0o700 });
    copyFileSync(from, to);
    chmodSync(to, 0o600);
    evidence++;
  }
  const stem = `${s.period?.id ?? s.year}-${s.asOf}`;
  const docx = join(out, `bao-cao-ket-qua-${stem}.docx`);
  const xlsx = join(out, `tong-hop-tien-do-${stem}.xlsx`);
  writeFileSync(docx, await renderSummary(s, "docx", { log: app.log, signer: app.config.signer }), { mode: 0o600 });
  const { renderXlsx } = await import("../src/reports/render-xlsx.js");
  writeFileSync(xlsx, await renderXlsx(s, { evidenceLink: (file) => `${EVIDENCE_FOLDER}/${file}` }), { mode: 0o600 });
  return { folder: out, docx, xlsx, evidence };
}

const spec: CommandSpec = {
  name: "reports",
  usage:
    'reports list [--agency X] [--task N] [--period P] [--history] [--json] | reports export <thư mục> [--period P] [--now ISO] [--json] | reports add --agency <tên> --task <id> --period <kỳ> --status <tình trạng> --text "<kết quả>" [--at ISO] [--figure ...] [--difficulty ...] [--proposal ...] [--evidence URL] [--json]',
  async run(argv) {
    const { values, positionals } = args(argv, {
      now: { type: "string" },
      json: { type: "boolean" },
      agency: { type: "string" },
      task: { type: "string" },
      period: { type: "string" },
      history: { type: "boolean" },
      status: { type: "string" },
      text: { type: "string" },
      at: { type: "string" },
      figure: { type: "string", multiple: true },
      difficulty: { type: "string", multiple: true },
      proposal: { type: "string", multiple: true },
      evidence: { type: "string", multiple: true },
    });
    const [verb, folder] = positionals;
    if (verb !== "list" && verb !== "add" && verb !== "export") throw new UsageError(spec.usage);
    if (verb === "export" && !folder) throw new UsageError(spec.usage);
    const app = openCliApp();
    try {
      if (verb === "export") {
        const written = await exportFolder(app, folder!, values.period, values.now);
        if (values.json) return printJson(written);
        process.stdout.write(`${written.docx}\n${written.xlsx}\n${written.evidence} tệp minh chứng trong ${join(written.folder, EVIDENCE_FOLDER)}\n`);
        return;
      }
      if (verb === "add") {
        const { agency, task, period, status, text } = values;
        if (!agency || !task || !period || !status || text === undefined) {
          throw new UsageError("reports add --agency <tên> --task <id> --period <kỳ> --status <tình trạng> --text \"<kết quả>\"");
        }
        const report = addReport(app, {
          agency,
          task,
          period,
          status,
          text,
          ...(values.at !== undefined && { at: values.at }),
          ...(values.figure && { figures: values.figure }),
          ...(values.difficulty && { difficulties: values.difficulty }),
          ...(values.proposal && { proposals: values.proposal }),
          ...(values.evidence && { evidence: values.evidence }),
        });
        if (values.json) return printJson(reportJson(app, report));
        const name = app.active().directory.byCode(report.agency)?.name ?? report.agency;
        process.stdout.write(
          `Đã lưu báo cáo #${report.id}: ${name}, nhiệm vụ ${report.task}, ${periodLabelOf(app.active().plan.tasks, report.task, report.period)}, ${STATUS_CHOICE_LABEL[report.status]} (${formatDateTime(report.reportedAt, app.config.timezone)})\n`,
        );
        return;
      }
      const { id: planId, plan, directory } = app.active();
      const agency = values.agency === undefined ? undefined : directory.find(values.agency);
      if (values.agency !== undefined && !agency) throw new UsageError(`không tìm thấy cơ quan «${values.agency}» / unknown agency`);
      const period = values.period === undefined ? undefined : parseScope(values.period, plan.year);
      if (values.period !== undefined && !period) throw new UsageError(`kỳ «${values.period}» không hợp lệ / invalid period`);
      const reports = listReports(app.db, planId, {
        ...(agency && { agency: agency.code }),
        ...(values.task !== undefined && { task: values.task }),
        ...(period && { period: period.id }),
        ...(values.history && { history: true }),
      });
      if (values.json) return printJson({ reports: reports.map((r) => reportJson(app, r)) });
      printTable(
        reports.map((r) => [
          String(r.id),
          formatDateTime(r.reportedAt, app.config.timezone),
          directory.byCode(r.agency)?.name ?? r.agency,
          r.task,
          periodLabelOf(plan.tasks, r.task, r.period),
          STATUS_CHOICE_LABEL[r.status],
          r.results.replace(/\s+/g, " "),
        ]),
        ["#", "Nhận lúc", "Cơ quan", "NV", "Kỳ", "Tình trạng", "Kết quả"],
      );
    } finally {
      app.close();
    }
  },
};
export default spec;
