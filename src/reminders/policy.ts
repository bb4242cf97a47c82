/**
 * The reminder policy (DESIGN §4): which reminders fall due in a time window, as a pure
 * function of the plan, the directory, the working-day calendar, the reports known at `asOf`,
 * the agencies' pauses and the settings. It never looks at the clock or the database, so the
 * scheduler, the `schedule` command, `/nhacnho` and the tests all see one and the same policy.
 *
 * A reminder is due at the configured hour of its local date. Dates before a deadline move
 * back to the previous working day (two landing on one day become one); dates after it move
 * forward to the next working day. An item stops once it is done: a reminder is dropped when
 * the item was done at its time or at `asOf`, whichever is later, so a pass that catches up
 * on a missed reminder never sends it for work reported in the meantime.
 */
import { DateTime } from "luxon";
import type { Calendar } from "../plan/calendar.js";
import { addDays } from "../time.js";
import type { Directory } from "../plan/directory.js";
import { leadsOf, partnersOf } from "../plan/obligations.js";
import { daysInMonth, isoDate, periodsOf } from "../plan/periods.js";
import type { Plan, ReportDeadline } from "../plan/types.js";
import type { Report } from "../reports/types.js";
import type { ReminderSettings } from "./settings.js";
import type { OverdueItem, Reminder, ReminderKind } from "./types.js";

/** What the policy needs of a report: the current (latest) one per agency, task and period. */
export type ReportFact = Pick<Report, "agency" | "task" | "period" | "status" | "reportedAt">;

export interface PolicyInput {
  plan: Plan;
  directory: Directory;
  calendar: Calendar;
  settings: ReminderSettings;
  /** IANA time zone of every schedule. */
  zone: string;
  reports: readonly ReportFact[];
  /** Agency code → last local date (inclusive) its reminders are paused. */
  agencyPauses?: ReadonlyMap<string, string>;
  /** The window, both ends included, on the reminders' `at`. */
  from: Date;
  to: Date;
  /** When the reports were read; defaults to `from`. */
  asOf?: Date;
  /**
   * Only this agency's reminders (a focal point's view): the work is that agency's, not the
   * province's. The admins' digest is not an agency's and is left out.
   */
  agency?: string;
}

const KIND_ORDER: Record<ReminderKind, number> = {
  overdue: 0,
  due: 1,
  before: 2,
  report_deadline: 3,
  checkin: 4,
  partner_notice: 5,
  digest: 6,
};

type Item = Pick<Reminder, "agency" | "task" | "period" | "section" | "kind" | "deadline">;

export function reminderKey(item: Item, date: string): string {
  return `${item.agency ?? "*"}|${item.task ?? item.section ?? "-"}|${item.period ?? item.deadline ?? "-"}|${item.kind}|${date}`;
}

function unique(dates: string[]): string[] {
  return [...new Set(dates)].sort();
}

/** Report facts looked up by agency, task and period, and by agency and task. */
class Facts {
  private readonly byPeriod = new Map<string, { status: string; at: number }>();
  private readonly byTask = new Map<string, { status: string; at: number }[]>();

  constructor(
    reports: readonly ReportFact[],
    private readonly zone: string,
  ) {
    for (const r of reports) {
      const at = Date.parse(r.reportedAt);
      this.byPeriod.set(`${r.agency}|${r.task}|${r.period}`, { status: r.status, at });
      const key = `${r.agency}|${r.task}`;
      const list = this.byTask.get(key) ?? [];
      list.push({ status: r.status, at });
      this.byTask.set(key, list);
    }
  }

  done(agency: string, task: string, period: string, t: number): boolean {
    const f = this.byPeriod.get(`${agency}|${task}|${period}`);
    return f !== undefined && f.status === "hoan_thanh" && f.at <= t;
  }

  reported(agency: string, task: string, period: string, t: number): boolean {
    const f = this.byPeriod.get(`${agency}|${task}|${period}`);
    return f !== undefined && f.at <= t;
  }

  /**
   * A section IV report is entered under the section id ("IV.12") as its task. A section may
   * set two deadlines (a half-year and a full-year report), so only a report made after the
   * section's previous deadline counts for the next one.
   */
  reportDone(agency: string, section: string, after: string | undefined, t: number): boolean {
    return (this.byTask.get(`${agency}|${section}`) ?? []).some(
      // The local date only here: the zone's clock for every report was most of a /nhacnho.
      (f) => f.status === "hoan_thanh" && f.at <= t && (after === undefined || DateTime.fromMillis(f.at, { zone: this.zone }).toISODate()! > after),
    );
  }
}

interface DigestCandidate {
  item: OverdueItem;
  /** The first local date the item is in the digest. */
  from: string;
  done(t: number): boolean;
}

export function remindersDue(input: PolicyInput): Reminder[] {
  const { plan, directory, calendar, settings: s, zone } = input;
  const from = input.from.getTime();
  const to = input.to.getTime();
  const asOf = (input.asOf ?? input.from).getTime();
  const facts = new Facts(input.reports, zone);
  const pauses = input.agencyPauses ?? new Map<string, string>();
  const out: Reminder[] = [];
  const digest: DigestCandidate[] = [];

  const slot = (date: string) =>
    DateTime.fromISO(date, { zone }).set({ hour: s.sendHour, minute: s.sendMinute, second: 0, millisecond: 0 });

  const fromDate = DateTime.fromJSDate(input.from, { zone }).toISODate()!;
  const toDate = DateTime.fromJSDate(input.to, { zone }).toISODate()!;

  const emit = (item: Item, date: string, open: (t: number) => boolean): void => {
    // Dates compare as strings: the cheap test first, the zone's clock only for the window's days.
    if (date < fromDate || date > toDate) return;
    const at = slot(date);
    const t = at.toMillis();
    if (t < from || t > to) return;
    if (item.agency !== null && date <= (pauses.get(item.agency) ?? "")) return;
    if (!open(Math.max(t, asOf))) return;
    out.push({ ...item, at: at.toISO({ suppressMilliseconds: true })!, date, key: reminderKey(item, date) });
  };

  const before = (deadline: string, days: number[]) => unique(days.map((n) => calendar.previousWorkingDay(addDays(deadline, -n))));

  const mine = (code: string) => input.agency === undefined || code === input.agency;

  for (const task of plan.tasks) {
    const leads = leadsOf(task, directory);
    const leadCodes = new Set(leads.map((a) => a.code));
    const partners = partnersOf(task, directory).filter((a) => !leadCodes.has(a.code));
    if (!leads.some((a) => mine(a.code)) && !partners.some((a) => mine(a.code))) continue;
    for (const period of periodsOf(task, plan.years)) {
      const base = { task: task.id, period: period.id, section: task.section };
      const D = period.deadline;
      if (D === null) {
        // Work without a date ("Thường xuyên", or a time the plan does not date) is checked on monthly.
        const checked = task.recurrence === "continuous" || task.recurrence === "unscheduled";
        if (!checked || period.end < (task.windowStart ?? period.start)) continue;
        const [y, m] = period.start.split("-").map(Number) as [number, number];
        const date = calendar.previousWorkingDay(isoDate(y, m, Math.min(s.checkinDay, daysInMonth(y, m))));
        for (const lead of leads.filter((a) => mine(a.code))) {
          emit({ ...base, agency: lead.code, kind: "checkin", deadline: null }, date, (t) => !facts.reported(lead.code, task.id, period.id, t));
        }
        continue;
      }
      const overdue = unique(
        Array.from({ length: s.overdueMax }, (_, k) => calendar.nextWorkingDay(addDays(D, s.overdueFirstDays + k * s.overdueEveryDays))),
      );
      const digestFrom = calendar.addWorkingDays(D, s.digestAfterWorkingDays);
      for (const lead of leads.filter((a) => mine(a.code))) {
        const open = (t: number) => !facts.done(lead.code, task.id, period.id, t);
        const item = { ...base, agency: lead.code, deadline: D };
        for (const date of before(D, s.leadDaysBefore)) emit({ ...item, kind: "before" }, date, open);
        if (s.remindOnDueDay && calendar.isWorkingDay(D)) emit({ ...item, kind: "due" }, D, open);
        for (const date of overdue) emit({ ...item, kind: "overdue" }, date, open);
        digest.push({ item: { agency: lead.code, task: task.id, section: task.section, period: period.id, deadline: D }, from: digestFrom, done: (t) => !open(t) });
      }
      const allDone = (t: number) => leads.length > 0 && leads.every((l) => facts.done(l.code, task.id, period.id, t));
      for (const partner of partners.filter((a) => mine(a.code))) {
        for (const date of before(D, s.partnerDaysBefore)) {
          emit({ ...base, agency: partner.code, kind: "partner_notice", deadline: D }, date, (t) => !allDone(t));
        }
      }
    }
  }

  for (const rd of plan.reportDeadlines) {
    const previous = previousDeadline(plan.reportDeadlines, rd);
    const digestFrom = calendar.addWorkingDays(rd.date, s.digestAfterWorkingDays);
    for (const agency of directory.expand(rd.who).filter((a) => mine(a.code))) {
      const open = (t: number) => !facts.reportDone(agency.code, rd.section, previous, t);
      const item = { agency: agency.code, task: null, period: null, section: rd.section, kind: "report_deadline" as const, deadline: rd.date };
      for (const date of before(rd.date, s.reportDaysBefore)) emit(item, date, open);
      digest.push({ item: { agency: agency.code, task: null, section: rd.section, period: null, deadline: rd.date }, from: digestFrom, done: (t) => !open(t) });
    }
  }

  if (input.agency === undefined) out.push(...digests(digest, input, { fromDate, toDate }, slot, asOf));
  return out.sort(
    (a, b) =>
      Date.parse(a.at) - Date.parse(b.at) ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (a.agency ?? "").localeCompare(b.agency ?? "") ||
      (a.task ?? a.section ?? "").localeCompare(b.task ?? b.section ?? "", "vi", { numeric: true }) ||
      (a.period ?? "").localeCompare(b.period ?? ""),
  );
}

function previousDeadline(all: ReportDeadline[], rd: ReportDeadline): string | undefined {
  return all
    .filter((o) => o.section === rd.section && o.date < rd.date)
    .map((o) => o.date)
    .sort()
    .at(-1);
}

/** One digest a working day, listing every item overdue long enough and not done. */
function digests(
  candidates: DigestCandidate[],
  input: PolicyInput,
  { fromDate, toDate }: { fromDate: string; toDate: string },
  slot: (date: string) => DateTime,
  asOf: number,
): Reminder[] {
  if (candidates.length === 0) return [];
  const { calendar } = input;
  const first = candidates.reduce((m, c) => (c.from < m ? c.from : m), candidates[0]!.from);
  const out: Reminder[] = [];
  for (let date = fromDate > first ? fromDate : first; date <= toDate; date = addDays(date, 1)) {
    if (!calendar.isWorkingDay(date)) continue;
    const at = slot(date);
    const t = at.toMillis();
    if (t < input.from.getTime() || t > input.to.getTime()) continue;
    const items = candidates.filter((c) => c.from <= date && !c.done(Math.max(t, asOf))).map((c) => c.item);
    if (items.length === 0) continue;
    const item: Item = { agency: null, task: null, period: null, section: null, kind: "digest", deadline: null };
    out.push({ ...item, at: at.toISO({ suppressMilliseconds: true })!, date, key: reminderKey(item, date), items });
  }
  return out;
}
