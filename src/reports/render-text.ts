/**
 * The summary as chat text (plain: each channel escapes it) and as Markdown for the operator.
 * A chat message must fit one Telegram message (4096 characters), so every list is capped and
 * the caps shrink until the text fits; the full lists are in the attached DOCX and XLSX.
 */
import { shorten } from "../text/shorten.js";
import { periodAt } from "../plan/periods.js";
import { nameOf, periodOf } from "./naming.js";
import { formatDateTime, localDate } from "../time.js";
import type { AgencySummary, Summary, SummaryRow, TaskSummary } from "./compile.js";
import { PROGRESS_STATUSES, STATUS_ICON, STATUS_LABEL, type ProgressStatus } from "./status.js";
import { R } from "./texts.js";
import type { Report } from "./types.js";
import { STATUS_CHOICE_LABEL } from "../core/texts.js";

export const CHAT_LIMIT = 4096;

const CAPS = [12, 8, 5, 3, 1, 0];
// The worst status first: what a coordinator has to chase.
const SEVERITY: ProgressStatus[] = ["qua_han", "chua_bao_cao", "dang_thuc_hien_trong_han", "hoan_thanh_qua_han", "hoan_thanh_dung_han"];


/** The first cap at which the text fits; past the last, cut at a line. */
function fit(build: (cap: number) => string, limit: number): string {
  let text = "";
  for (const cap of CAPS) {
    text = build(cap);
    if (text.length <= limit) return text;
  }
  const cut = text.lastIndexOf("\n", limit - 1);
  return text.slice(0, cut > 0 ? cut : limit - 1);
}

function capped<T>(items: T[], cap: number, line: (item: T) => string): string[] {
  const lines = items.slice(0, cap).map(line);
  if (items.length > cap) lines.push(R.more(items.length - cap));
  return lines;
}

const overdueLine = (s: Summary, r: SummaryRow) => R.overdueLine(r.task, periodOf(s, r.task, r.period), nameOf(s, r.agency), r.daysOverdue ?? 0, r.deadline ?? s.asOf);

function worst(rows: SummaryRow[]): ProgressStatus {
  return SEVERITY.find((st) => rows.some((r) => r.status === st)) ?? "chua_bao_cao";
}

/** Rows counted by status icon; `label` names what a row is where the count alone would not say. */
function iconCounts(rows: SummaryRow[], label: (icon: string, n: number) => string = (icon, n) => `${icon} ${n}`): string {
  return PROGRESS_STATUSES.map((st) => [STATUS_ICON[st], rows.filter((r) => r.status === st).length] as const)
    .reduce<[string, number][]>((acc, [icon, n]) => {
      // Both "done" statuses share ✅: one figure for them.
      const same = acc.find(([i]) => i === icon);
      if (same) same[1] += n;
      else acc.push([icon, n]);
      return acc;
    }, [])
    .filter(([, n]) => n > 0)
    .map(([icon, n]) => label(icon, n))
    .join(" · ");
}

/** One row in words: the status, and the date that matters for it. */
function rowDetail(r: SummaryRow, zone: string): string {
  const received = r.report ? localDate(new Date(r.report.reportedAt), zone) : undefined;
  if (r.status === "qua_han" && r.daysOverdue !== null && r.deadline) return R.overdueStatus(r.daysOverdue, r.deadline);
  if (r.status === "hoan_thanh_qua_han" && r.daysOverdue !== null && received) return R.doneLate(r.daysOverdue, received);
  if (received) return `${STATUS_LABEL[r.status]}, ${R.reportedOn(received)}`;
  return r.deadline ? `${STATUS_LABEL[r.status]}, ${R.dueOn(r.deadline)}` : STATUS_LABEL[r.status];
}

/** Several periods of one agency on one task, compactly. */
function rowsDetail(s: Summary, rows: SummaryRow[]): string {
  if (rows.length === 1) return rowDetail(rows[0]!, s.zone);
  if (rows.length <= 4) return rows.map((r) => `${periodOf(s, r.task, r.period)} ${STATUS_ICON[r.status]}`).join(" · ");
  const counts = iconCounts(rows);
  return rows[0]!.continuous ? `${R.monthsReported(rows.filter((r) => r.report).length, rows.length)} (${counts})` : counts;
}

function countLines(s: Summary): string[] {
  return [
    R.countsHeader(s.total),
    ...PROGRESS_STATUSES.map((st) => `${STATUS_ICON[st]} ${STATUS_LABEL[st]}: ${s.counts[st]}`),
    R.rate(s.done, s.total, s.rate),
  ];
}

/** Each partner's latest contribution to the task, in the order the partners first reported. */
function latestByAgency(reports: Report[]): Report[] {
  const latest = new Map<string, Report>();
  for (const r of reports) {
    const seen = latest.get(r.agency);
    if (!seen || r.period >= seen.period) latest.set(r.agency, r);
  }
  return [...latest.values()];
}

function head(s: Summary, title: string): string[] {
  return [title, s.title, R.scopeLine(R.scopeLabel(s.period?.id ?? null, s.year), s.asOf)];
}

export interface OverviewOptions {
  title?: string;
  footer?: string;
  limit?: number;
}

/** The admin overview for `/tonghop` (and, with another title and footer, the weekly digest). */
export function overviewText(s: Summary, { title = R.overviewTitle, footer = R.overviewFooter, limit = CHAT_LIMIT }: OverviewOptions = {}): string {
  return fit((cap) => {
    const lines = [...head(s, title), ""];
    if (s.total === 0) lines.push(R.noRows);
    else lines.push(...countLines(s));
    const contributions = s.tasks.flatMap((t) => t.contributions);
    if (contributions.length > 0) lines.push(R.partnerCount(contributions.length, new Set(contributions.map((r) => r.agency)).size));
    if (s.overdue.length > 0) {
      lines.push("", `${STATUS_ICON.qua_han} ${R.overdueHeader(s.overdue.length)}`);
      lines.push(...capped(s.overdue, cap, (r) => `• ${overdueLine(s, r)}`));
    }
    if (s.silent.length > 0) {
      const names = s.silent.slice(0, cap * 2).map((c) => nameOf(s, c));
      if (s.silent.length > names.length) names.push(R.moreAgencies(s.silent.length - names.length));
      lines.push("", `${STATUS_ICON.chua_bao_cao} ${R.silentHeader(s.silent.length)}`, names.join("; "));
    }
    const themes = s.themes.slice(0, Math.min(3, Math.max(cap, 1)));
    if (themes.length > 0) {
      lines.push("", R.themesHeader);
      themes.forEach((t, i) => lines.push(R.themeLine(i + 1, shorten(t.text, 220), t.agencies.slice(0, 4).map((c) => nameOf(s, c)))));
    }
    lines.push("", footer);
    return lines.join("\n");
  }, limit);
}

/**
 * One task: each lead agency that reported, the most pressing first, with its latest result;
 * the agencies with nothing reported in one line, so a task led by every district stays short.
 */
export function taskDetailText(s: Summary, t: TaskSummary, limit = CHAT_LIMIT): string {
  const byAgency = t.leads
    .map((code) => ({ code, rows: t.rows.filter((r) => r.agency === code) }))
    .filter((a) => a.rows.length > 0);
  const reporting = byAgency
    .filter((a) => a.rows.some((r) => r.report !== null))
    .sort((a, b) => SEVERITY.indexOf(worst(a.rows)) - SEVERITY.indexOf(worst(b.rows)));
  const silent = byAgency.filter((a) => a.rows.every((r) => r.report === null));
  const partners = latestByAgency(t.contributions);
  return fit((cap) => {
    const lines = [
      R.taskTitle(t.task.id, t.task.section, t.task.title),
      R.taskMeta(t.task.timeframe, t.task.lead.join("; ")),
      R.scopeLine(R.scopeLabel(s.period?.id ?? null, s.year), s.asOf),
      R.rate(t.done, t.total, t.rate),
      "",
    ];
    if (t.leads.length === 0) lines.push(R.noLeads);
    else if (byAgency.length === 0) lines.push(R.noRows);
    lines.push(
      ...capped(reporting, cap * 2, ({ code, rows }) => {
        const line = R.agencyStatusLine(STATUS_ICON[worst(rows)], nameOf(s, code), rowsDetail(s, rows));
        const latest = t.reports.filter((r) => r.agency === code).at(-1);
        return latest && cap > 0 ? `${line}\n${R.latest(periodOf(s, latest.task, latest.period), shorten(latest.results, 160))}` : line;
      }),
    );
    if (silent.length > 0) {
      const overdue = silent.some((a) => a.rows.some((r) => r.status === "qua_han"));
      const names = silent.slice(0, cap * 3).map((a) => nameOf(s, a.code));
      if (silent.length > names.length) names.push(R.moreAgencies(silent.length - names.length));
      lines.push(`${STATUS_ICON[overdue ? "qua_han" : "chua_bao_cao"]} ${R.silentHeader(silent.length)} ${names.join("; ")}`);
    }
    if (partners.length > 0) {
      lines.push("", `${R.partnersTitle(partners.length)}:`);
      lines.push(
        ...capped(partners, cap * 2, (r) =>
          R.partnerLine(nameOf(s, r.agency), periodOf(s, r.task, r.period), STATUS_CHOICE_LABEL[r.status], shorten(r.results, 160)),
        ),
      );
    }
    lines.push("", R.detailFooter);
    return lines.join("\n");
  }, limit);
}

/** One agency: its tasks with their statuses, overdue items, difficulties and proposals. */
export function agencyDetailText(s: Summary, code: string, footer: string, limit = CHAT_LIMIT): string {
  const agency = s.agencies.find((a) => a.code === code);
  const name = nameOf(s, code);
  const tasks = s.tasks
    .map((t) => ({ t, rows: t.rows.filter((r) => r.agency === code) }))
    .filter((x) => x.rows.length > 0);
  const mine = <T extends { agency: string }>(list: T[]) => list.filter((x) => x.agency === code);
  const overdue = mine(s.overdue);
  const difficulties = mine(s.difficulties);
  const proposals = mine(s.proposals);
  const contributions = s.tasks.flatMap((t) => t.contributions.filter((r) => r.agency === code));
  return fit((cap) => {
    const lines = [R.agencyTitle(name), s.title, R.scopeLine(R.scopeLabel(s.period?.id ?? null, s.year), s.asOf)];
    if (!agency) lines.push("", R.noObligations(name));
    else {
      lines.push(R.rate(agency.done, agency.total, agency.rate), "");
      lines.push(...capped(tasks, cap * 2, ({ t, rows }) => R.agencyTaskLine(t.task.id, shorten(t.task.title, 70), `${STATUS_ICON[worst(rows)]} ${rowsDetail(s, rows)}`)));
    }
    if (contributions.length > 0) {
      lines.push("", R.contributionsHeader, ...capped(contributions, cap, (r) => R.raisedLine(r.task, periodOf(s, r.task, r.period), shorten(r.results, 200))));
    }
    if (overdue.length > 0) {
      lines.push("", `${STATUS_ICON.qua_han} ${R.overdueHeader(overdue.length)}`);
      lines.push(...capped(overdue, cap, (r) => `• ${overdueLine(s, r)}`));
    }
    if (difficulties.length > 0) {
      lines.push("", R.difficultiesHeader, ...capped(difficulties, cap, (d) => R.raisedLine(d.task, periodOf(s, d.task, d.period), shorten(d.text, 200))));
    }
    if (proposals.length > 0) {
      lines.push("", R.proposalsHeader, ...capped(proposals, cap, (d) => R.raisedLine(d.task, periodOf(s, d.task, d.period), shorten(d.text, 200))));
    }
    lines.push("", footer);
    return lines.join("\n");
  }, limit);
}

/** Agencies by how far behind they are: most overdue first, then the lowest completion rate. */
export function agencyRanking(s: Summary): AgencySummary[] {
  return [...s.agencies].sort((a, b) => b.counts.qua_han - a.counts.qua_han || (a.rate ?? 0) - (b.rate ?? 0));
}

/** The agencies to choose from for their details, each with its rate and overdue count. */
export function agencyListText(s: Summary, ranked: AgencySummary[], limit = CHAT_LIMIT): string {
  return fit((cap) => {
    const lines = [R.agencyListTitle, s.title, R.scopeLine(R.scopeLabel(s.period?.id ?? null, s.year), s.asOf), ""];
    lines.push(...capped(ranked, cap * 5, (a) => R.agencyListLine(a.name, a.done, a.total, a.rate, a.counts.qua_han)));
    lines.push("", R.agencyListFooter);
    return lines.join("\n");
  }, limit);
}

/**
 * The live matrix for `/tiendo`: the share of agencies that have reported in the current
 * period, every task in its current period (the one containing the as-of date) with each
 * lead's status, what is still overdue from earlier periods, and who owes a report now: those
 * with a focal point apart from those nobody could remind (none registered, from `registered`).
 */
/** The current period's standing: every agency owing a report of it (with how many), and the participation. */
export function currentStanding(s: Summary): { owing: { code: string; name: string; missing: number }[]; expected: number; reported: number } {
  const current = s.tasks
    .map((t) => {
      const period = periodAt(t.task, s.years, s.asOf);
      return { period, rows: t.rows.filter((r) => r.period === period.id) };
    })
    .filter((x) => x.rows.length > 0);
  // A partner's report of a current period is its agency taking part, though it owes its own as lead still.
  const contributed = new Set(
    s.tasks.flatMap((t) => {
      const period = periodAt(t.task, s.years, s.asOf).id;
      return t.contributions.filter((r) => r.period === period).map((r) => r.agency);
    }),
  );
  const owing: { code: string; name: string; missing: number }[] = [];
  let expected = 0;
  let reported = 0;
  for (const a of s.agencies) {
    const rows = current.flatMap((x) => x.rows.filter((r) => r.agency === a.code));
    if (rows.length === 0) continue;
    expected++;
    const missing = rows.filter((r) => r.report === null).length;
    if (missing < rows.length || contributed.has(a.code)) reported++;
    if (missing > 0) owing.push({ code: a.code, name: a.name, missing });
  }
  return { owing, expected, reported };
}

export function progressText(s: Summary, registered: ReadonlySet<string>, standing = currentStanding(s), limit = CHAT_LIMIT): string {
  const current = s.tasks
    .map((t) => {
      const period = periodAt(t.task, s.years, s.asOf);
      return { t, period, rows: t.rows.filter((r) => r.period === period.id) };
    })
    .filter((x) => x.rows.length > 0);
  const currentKeys = new Set(current.flatMap((x) => x.rows.map((r) => `${r.task}/${r.period}`)));
  const earlier = s.overdue.filter((r) => !currentKeys.has(`${r.task}/${r.period}`));
  const { owing, expected, reported } = standing;
  const named = (list: typeof owing) => list.map((o) => (o.missing > 1 ? R.owes(o.name, o.missing) : o.name));
  const silent = named(owing.filter((o) => registered.has(o.code)));
  const unreachable = named(owing.filter((o) => !registered.has(o.code)));
  return fit((cap) => {
    const lines = [R.progressTitle(s.asOf), s.title, ""];
    if (expected > 0) lines.push(R.participation(reported, expected), "");
    if (current.length === 0) lines.push(R.noRows);
    for (const { t, period, rows } of current) {
      const cells =
        rows.length <= 4 ? rows.map((r) => `${STATUS_ICON[r.status]} ${nameOf(s, r.agency)}`).join(" · ") : iconCounts(rows, R.agencyCount);
      lines.push(R.progressTask(t.task, period.id, period.deadline), `   ${cells}`);
    }
    if (earlier.length > 0) {
      lines.push("", `${STATUS_ICON.qua_han} ${R.progressEarlier}`);
      lines.push(...capped(earlier, cap, (r) => `• ${overdueLine(s, r)}`));
    }
    for (const [list, header] of [
      [silent, R.progressSilent(silent.length)],
      [unreachable, R.progressUnregistered(unreachable.length)],
    ] as const) {
      if (list.length === 0) continue;
      const names = list.slice(0, cap * 3);
      if (list.length > names.length) names.push(R.moreAgencies(list.length - names.length));
      lines.push("", `${STATUS_ICON.chua_bao_cao} ${header}`, names.join("; "));
    }
    lines.push("", R.progressFooter);
    return lines.join("\n");
  }, limit);
}

/** The Monday digest for admins: the overview, pointing to the commands instead of buttons and files. */
export function weeklyDigestText(s: Summary, limit = CHAT_LIMIT): string {
  return overviewText(s, { title: R.weeklyTitle(s.asOf), footer: R.digestFooter, limit });
}

/** Before a report deadline: who must report and has sent nothing yet. */
export function deadlineDigestText(
  s: Summary,
  deadline: { date: string; section: string },
  missing: string[],
  daysLeft: number,
  limit = CHAT_LIMIT,
): string {
  return fit((cap) => {
    const lines = [R.deadlineTitle(deadline.date, daysLeft, deadline.section), s.title, R.scopeLine(R.scopeLabel(null, s.year), s.asOf), ""];
    if (missing.length === 0) lines.push(R.deadlineAllIn);
    else {
      const names = missing.slice(0, cap * 4);
      if (missing.length > names.length) names.push(R.moreAgencies(missing.length - names.length));
      lines.push(`${STATUS_ICON.chua_bao_cao} ${R.deadlineMissing(missing.length)}`, names.join("; "));
    }
    lines.push("", ...countLines(s), "", R.digestFooter);
    return lines.join("\n");
  }, limit);
}

function mdCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

/** The whole summary as Markdown, nothing capped: `summary --format md`. */
export function summaryMarkdown(s: Summary): string {
  const out: string[] = [
    `# ${R.overviewTitle}`,
    "",
    `**${s.title}**`,
    "",
    R.scopeLine(R.scopeLabel(s.period?.id ?? null, s.year), s.asOf),
    "",
    "| Tình trạng | Số lượt |",
    "|---|---:|",
    ...PROGRESS_STATUSES.map((st) => `| ${STATUS_ICON[st]} ${STATUS_LABEL[st]} | ${s.counts[st]} |`),
    `| ${R.rate(s.done, s.total, s.rate)} | |`,
  ];
  for (const t of s.tasks) {
    out.push("", `## ${R.taskTitle(t.task.id, t.task.section, t.task.title)}`, "", R.taskMeta(t.task.timeframe, t.task.lead.join("; ")), "");
    if (t.rows.length === 0 && t.contributions.length === 0) {
      out.push(t.leads.length === 0 ? R.noLeads : R.noRows);
      continue;
    }
    if (t.rows.length > 0) out.push("| Cơ quan | Kỳ | Tình trạng | Báo cáo lúc | Kết quả |", "|---|---|---|---|---|");
    for (const r of t.rows) {
      out.push(
        `| ${mdCell(nameOf(s, r.agency))} | ${periodOf(s, r.task, r.period)} | ${STATUS_ICON[r.status]} ${mdCell(rowDetail(r, s.zone))} | ${r.report ? formatDateTime(r.report.reportedAt, s.zone) : ""} | ${mdCell(r.report?.results ?? "")} |`,
      );
    }
    if (t.contributions.length === 0) continue;
    if (t.rows.length > 0) out.push("");
    out.push(`**${R.partnersTitle(t.contributions.length)}**`, "", "| Cơ quan | Kỳ | Tình trạng báo cáo | Báo cáo lúc | Kết quả |", "|---|---|---|---|---|");
    for (const r of t.contributions) {
      out.push(
        `| ${mdCell(nameOf(s, r.agency))} | ${periodOf(s, r.task, r.period)} | ${STATUS_CHOICE_LABEL[r.status]} | ${formatDateTime(r.reportedAt, s.zone)} | ${mdCell(r.results)} |`,
      );
    }
  }
  const section = (title: string, lines: string[]) => {
    if (lines.length > 0) out.push("", `## ${title}`, "", ...lines);
  };
  section(R.overdueHeader(s.overdue.length), s.overdue.map((r) => `- ${overdueLine(s, r)}`));
  section(R.silentHeader(s.silent.length), s.silent.map((c) => `- ${nameOf(s, c)}`));
  section(R.difficultiesHeader, s.difficulties.map((d) => `- ${nameOf(s, d.agency)} (NV ${d.task}, ${periodOf(s, d.task, d.period)}): ${d.text}`));
  section(R.proposalsHeader, s.proposals.map((d) => `- ${nameOf(s, d.agency)} (NV ${d.task}, ${periodOf(s, d.task, d.period)}): ${d.text}`));
  section(
    "Số liệu nổi bật",
    s.highlights.map((h) => `- ${nameOf(s, h.agency)} (NV ${h.task}, ${periodOf(s, h.task, h.period)}): ${h.figures.join("; ")}`),
  );
  return `${out.join("\n")}\n`;
}
