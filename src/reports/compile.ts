/**
 * The summary for the coordinating department (DESIGN §4 "Summary for Sở TT&TT"): the status
 * of every lead agency × task × period at an as-of moment, and what the reports say. Pure: the
 * caller passes the plan, the directory, the reports and the moment, so a summary can be taken
 * "as at" any time, and every renderer (chat, JSON, DOCX, XLSX) reads the same model.
 *
 * Partner reports, one rule for every renderer: a report on a task by an agency that does not
 * lead it (a cơ quan phối hợp, or any other agency taking part) is a contribution. It is shown
 * under the task as that partner's, and it counts as its agency having reported (it is never
 * "silent"); it is no row and changes no row: statuses, counts and rates are the leads'
 * obligations only, since a partner's work does not discharge what the plan asks of the lead.
 */
import type { Directory } from "../plan/directory.js";
import { leadsOf, obligationsOf } from "../plan/obligations.js";
import { periodsOf } from "../plan/periods.js";
import type { Plan, PlanTask } from "../plan/types.js";
import { foldedWords } from "../text/normalize.js";
import { daysBetween, localDate } from "../time.js";
import { overlaps, scopeOfPeriod, type Scope } from "./scope.js";
import { PROGRESS_STATUSES, progressStatus, type ProgressStatus } from "./status.js";
import type { Report } from "./types.js";

export interface SummaryFilter {
  period?: Scope;
  task?: string;
  /** Directory code. */
  agency?: string;
}

export interface SummaryInput {
  plan: Plan;
  directory: Directory;
  /** Every stored report, superseded ones included: which one is current depends on the moment. */
  reports: Report[];
  now: Date;
  zone: string;
  filter?: SummaryFilter;
}

export type Counts = Record<ProgressStatus, number>;

export interface SummaryRow {
  task: string;
  /** Directory code of the lead agency. */
  agency: string;
  period: string;
  deadline: string | null;
  /** A continuous task: each month is counted as reported or not, it has no deadline. */
  continuous: boolean;
  status: ProgressStatus;
  /** The report current at the as-of moment, if any. */
  report: Report | null;
  /** Days past the deadline: until the as-of date when overdue, until the report when done late. */
  daysOverdue: number | null;
  /** Counts toward the completion rate: done, or for a continuous task, reported for the month. */
  done: boolean;
}

export interface Tally {
  counts: Counts;
  total: number;
  done: number;
  /** done / total, null when there is nothing to count. */
  rate: number | null;
}

export interface TaskSummary extends Tally {
  task: PlanTask;
  /** Directory codes of the lead agencies the rows are for. */
  leads: string[];
  rows: SummaryRow[];
  /** The current reports on the task in scope, the partners' included, in the order received. */
  reports: Report[];
  /** Those of `reports` sent by agencies that do not lead the task: the partners' contributions. */
  contributions: Report[];
  lastUpdate: string | null;
}

export interface AgencySummary extends Tally {
  code: string;
  name: string;
  rows: SummaryRow[];
}

/** A difficulty or proposal, with who raised it. */
export interface Raised {
  agency: string;
  task: string;
  period: string;
  text: string;
  reportedAt: string;
}

export interface Highlight {
  agency: string;
  task: string;
  period: string;
  figures: string[];
  results: string;
}

/** Difficulties that say the same thing, however worded: the first wording stands for them. */
export interface Theme {
  text: string;
  agencies: string[];
  count: number;
}

/** What a report is for: its agency's lead obligation, a contribution as partner, or the plan as a whole (section IV). */
export type ReportRole = "lead" | "partner" | "plan";

export interface ReportEntry {
  report: Report;
  /** Not superseded by a later report for the same agency, task and period at the as-of moment. */
  current: boolean;
  role: ReportRole;
}

export interface Summary extends Tally {
  title: string;
  year: number;
  /** The years the plan runs. */
  years: [number, number];
  province: string;
  /** The body the plan's agencies report to (section IV), which issues the summary; null when the plan names none. */
  issuer: string | null;
  /** The issuer's abbreviation in a document's symbol ("BC-STTTT"); null when the directory gives none. */
  issuerAbbreviation: string | null;
  /** The as-of moment (ISO) and its local date, which statuses are taken at. */
  now: string;
  asOf: string;
  zone: string;
  period: Scope | null;
  task: string | null;
  agency: string | null;
  rows: SummaryRow[];
  tasks: TaskSummary[];
  agencies: AgencySummary[];
  /** Overdue rows, the longest overdue first. */
  overdue: SummaryRow[];
  /** Lead agencies in scope with no report at all, as lead or as partner, in directory order. */
  silent: string[];
  difficulties: Raised[];
  proposals: Raised[];
  highlights: Highlight[];
  /** Difficulties grouped by what they say, the most widely raised first. */
  themes: Theme[];
  /** Every report received by the as-of moment in scope, oldest first. */
  reports: ReportEntry[];
  /** The current reports on the plan as a whole, filed under a section IV reporting deadline ("IV.12"). */
  sectionReports: Report[];
  /** Names of every agency code the summary mentions. */
  names: Record<string, string>;
}

const DONE: ReadonlySet<ProgressStatus> = new Set(["hoan_thanh_dung_han", "hoan_thanh_qua_han"]);

// Words that carry no meaning of their own in a difficulty, so "thiếu kinh phí" and "kinh phí
// còn thiếu" fall together.
const STOP_WORDS = new Set(
  "va cua cac nhung la co duoc da dang chua cho trong voi de thi nay do o tai khi theo mot cung nen con vi ma ra len nhu nhieu it rat van se bi tu den ve tren duoi hon".split(" "),
);
const THEME_SIMILARITY = 0.5;
// Grouping compares every distinct wording with every group; past this many wordings the
// rarest ones cannot reach the top of the list anyway.
const THEME_CANDIDATES = 300;

function emptyCounts(): Counts {
  return Object.fromEntries(PROGRESS_STATUSES.map((s) => [s, 0])) as Counts;
}

export function tally(rows: SummaryRow[]): Tally {
  const counts = emptyCounts();
  let done = 0;
  for (const r of rows) {
    counts[r.status]++;
    if (r.done) done++;
  }
  return { counts, total: rows.length, done, rate: rows.length === 0 ? null : done / rows.length };
}

function reportKey(agency: string, task: string, period: string): string {
  return `${agency}\u0000${task}\u0000${period}`;
}

/** The reports received by `now`, each marked current when nothing later replaced it by then. */
function asAt(reports: Report[], now: Date): Omit<ReportEntry, "role">[] {
  const at = now.getTime();
  const received = reports
    .map((report) => ({ report, t: Date.parse(report.reportedAt) }))
    .filter((r) => r.t <= at)
    .sort((a, b) => a.t - b.t || a.report.id - b.report.id);
  const latest = new Map<string, Report>();
  for (const { report } of received) latest.set(reportKey(report.agency, report.task, report.period), report);
  return received.map(({ report }) => ({ report, current: latest.get(reportKey(report.agency, report.task, report.period)) === report }));
}

/**
 * How a body's name is shortened in the symbol of its documents (Nghị định 30: "BC-STTTT"): the
 * first of its directory aliases and code written as one word of capital letters, as "SKHĐT" is
 * and "TT&TT" or "UBND_BINHSON" are not.
 */
function abbreviationOf(directory: Directory, name: string | null): string | null {
  const agency = name === null ? undefined : directory.find(name);
  if (!agency) return null;
  return [...agency.aliases, agency.code].find((a) => /^\p{Lu}+$/u.test(a)) ?? null;
}

function themesOf(raised: Raised[]): Theme[] {
  interface Group {
    text: string;
    words: Set<string>;
    agencies: Set<string>;
    count: number;
  }
  const exact = new Map<string, Group>();
  for (const r of raised) {
    const words = foldedWords(r.text).filter((w) => !STOP_WORDS.has(w));
    const key = words.join(" ");
    if (!key) continue;
    const group = exact.get(key) ?? { text: r.text, words: new Set(words), agencies: new Set<string>(), count: 0 };
    group.agencies.add(r.agency);
    group.count++;
    exact.set(key, group);
  }
  const candidates = [...exact.values()].sort((a, b) => b.count - a.count).slice(0, THEME_CANDIDATES);
  const merged: Group[] = [];
  for (const g of candidates) {
    const similar = merged.find((m) => jaccard(m.words, g.words) >= THEME_SIMILARITY);
    if (!similar) {
      merged.push({ ...g, agencies: new Set(g.agencies) });
      continue;
    }
    for (const a of g.agencies) similar.agencies.add(a);
    similar.count += g.count;
  }
  return merged
    .map((g) => ({ text: g.text, agencies: [...g.agencies], count: g.count }))
    .sort((a, b) => b.agencies.length - a.agencies.length || b.count - a.count);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return common / (a.size + b.size - common);
}

export function compileSummary(input: SummaryInput): Summary {
  const { plan, directory, now, zone, filter = {} } = input;
  const asOf = localDate(now, zone);
  const zoneDate = (iso: string) => localDate(new Date(iso), zone);
  const years = plan.years;
  const names: Record<string, string> = {};
  const nameOf = (code: string) => (names[code] ??= directory.byCode(code)?.name ?? code);

  const span = filter.period;
  // A report's period spans what its task's period spans: "2024" for a task due in March is
  // January to March, not the whole year.
  const taskPeriods = new Map(plan.tasks.map((t) => [t.id, new Map(periodsOf(t, years).map((p) => [p.id, p]))]));
  const inScope = (r: Report) => {
    if (filter.task !== undefined && r.task !== filter.task) return false;
    if (filter.agency !== undefined && r.agency !== filter.agency) return false;
    if (!span) return true;
    const s = taskPeriods.get(r.task)?.get(r.period) ?? scopeOfPeriod(r.period);
    return s !== undefined && overlaps(s, span);
  };
  const leadsByTask = new Map(plan.tasks.map((t) => [t.id, new Set(leadsOf(t, directory).map((a) => a.code))]));
  const sections = new Set(plan.reportDeadlines.map((d) => d.section));
  const roleOf = (r: Report): ReportRole => (sections.has(r.task) ? "plan" : leadsByTask.get(r.task)?.has(r.agency) ? "lead" : "partner");
  const entries: ReportEntry[] = asAt(input.reports, now)
    .filter((e) => inScope(e.report))
    .map((e) => ({ ...e, role: roleOf(e.report) }));
  const current = new Map<string, Report>();
  for (const e of entries) if (e.current) current.set(reportKey(e.report.agency, e.report.task, e.report.period), e.report);

  const agencyTasks = filter.agency !== undefined ? new Set(obligationsOf(plan, directory, filter.agency).map((o) => o.task.id)) : undefined;
  const planTasks = plan.tasks.filter(
    (t) => (filter.task === undefined || t.id === filter.task) && (agencyTasks === undefined || agencyTasks.has(t.id)),
  );

  const rows: SummaryRow[] = [];
  const tasks: TaskSummary[] = planTasks.map((task) => {
    const leads = [...leadsByTask.get(task.id)!].filter((code) => filter.agency === undefined || code === filter.agency);
    // A period not yet begun has no status to report; one outside the span is not asked for.
    const periods = [...taskPeriods.get(task.id)!.values()].filter((p) => p.start <= asOf && (!span || overlaps(p, span)));
    const taskRows: SummaryRow[] = [];
    for (const agency of leads) {
      nameOf(agency);
      for (const p of periods) {
        const report = current.get(reportKey(agency, task.id, p.id)) ?? null;
        const status = progressStatus(p.deadline, report ?? undefined, asOf, zoneDate);
        const daysOverdue =
          status === "qua_han" && p.deadline
            ? daysBetween(p.deadline, asOf)
            : status === "hoan_thanh_qua_han" && p.deadline && report
              ? daysBetween(p.deadline, zoneDate(report.reportedAt))
              : null;
        const continuous = task.recurrence === "continuous" || task.recurrence === "unscheduled";
        taskRows.push({
          task: task.id,
          agency,
          period: p.id,
          deadline: p.deadline,
          continuous,
          status,
          report,
          daysOverdue,
          done: DONE.has(status) || (continuous && report !== null),
        });
      }
    }
    rows.push(...taskRows);
    const onTask = entries.filter((e) => e.current && e.report.task === task.id);
    const reports = onTask.map((e) => e.report);
    for (const r of reports) nameOf(r.agency);
    const contributions = onTask.filter((e) => e.role === "partner").map((e) => e.report);
    return { task, leads, rows: taskRows, reports, contributions, lastUpdate: reports.at(-1)?.reportedAt ?? null, ...tally(taskRows) };
  });

  const order = new Map(directory.agencies.map((a, i) => [a.code, i]));
  const byAgency = new Map<string, SummaryRow[]>();
  for (const r of rows) {
    const list = byAgency.get(r.agency);
    if (list) list.push(r);
    else byAgency.set(r.agency, [r]);
  }
  const agencies: AgencySummary[] = [...byAgency.entries()]
    .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity))
    .map(([code, list]) => ({ code, name: nameOf(code), rows: list, ...tally(list) }));

  const currentReports = entries.filter((e) => e.current).map((e) => e.report);
  const reported = new Set(currentReports.map((r) => r.agency));
  for (const r of currentReports) nameOf(r.agency);
  const raised = (pick: (r: Report) => string[]): Raised[] =>
    currentReports.flatMap((r) =>
      pick(r)
        .map((text) => text.trim())
        .filter(Boolean)
        .map((text) => ({ agency: r.agency, task: r.task, period: r.period, text, reportedAt: r.reportedAt })),
    );
  const difficulties = raised((r) => r.difficulties);
  const taskOrder = new Map(plan.tasks.map((t, i) => [t.id, i]));
  const highlights = currentReports
    .filter((r) => r.figures.length > 0)
    .map((r) => ({ agency: r.agency, task: r.task, period: r.period, figures: r.figures, results: r.results }))
    .sort((a, b) => (taskOrder.get(a.task) ?? Infinity) - (taskOrder.get(b.task) ?? Infinity) || (order.get(a.agency) ?? Infinity) - (order.get(b.agency) ?? Infinity));

  return {
    title: plan.title,
    year: years[0],
    years,
    province: directory.province,
    issuer: plan.coordinator,
    issuerAbbreviation: abbreviationOf(directory, plan.coordinator),
    now: now.toISOString(),
    asOf,
    zone,
    period: span ?? null,
    task: filter.task ?? null,
    agency: filter.agency ?? null,
    rows,
    tasks,
    agencies,
    overdue: rows.filter((r) => r.status === "qua_han").sort((a, b) => (b.daysOverdue ?? 0) - (a.daysOverdue ?? 0)),
    silent: agencies.filter((a) => !reported.has(a.code)).map((a) => a.code),
    difficulties,
    proposals: raised((r) => r.proposals),
    highlights,
    themes: themesOf(difficulties),
    reports: entries,
    sectionReports: entries.filter((e) => e.current && e.role === "plan").map((e) => e.report),
    names,
    ...tally(rows),
  };
}
