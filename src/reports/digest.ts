/**
 * When the admins get a summary without asking (issue #7): every week on Monday at 08:00, and
 * a few days before each reporting deadline of section IV. Pure: the reminder scheduler asks
 * which digests fall in the window since its last pass, sends each through its delivery log
 * under the digest's key, and so sends each exactly once, also after downtime. The deadline
 * digest names the agencies that still owe the report.
 */
import { DateTime } from "luxon";
import type { Calendar } from "../plan/calendar.js";
import type { Agency, Directory } from "../plan/directory.js";
import type { Plan, ReportDeadline } from "../plan/types.js";
import { addDays, atLocal, localDate } from "../time.js";
import type { ReportEntry } from "./compile.js";

export const DIGEST_HOUR = 8;
/** Calendar days before a reporting deadline the admins hear who has not reported yet. */
export const DEADLINE_LEAD_DAYS = 3;

export interface DueDigest {
  /** Unique per digest, stable across restarts: the key of the reminder log. */
  key: string;
  kind: "weekly" | "deadline";
  /** When it is due (ISO). */
  at: string;
  /** The deadline a deadline digest announces. */
  deadline: ReportDeadline | null;
}

/**
 * The working day of a week a weekly digest goes on: Monday, or the first working day after
 * it when Monday is a holiday; none in a week without working days.
 */
function weeklyDay(monday: string, calendar: Calendar): string | undefined {
  for (let i = 0; i < 5; i++) {
    const day = addDays(monday, i);
    if (calendar.isWorkingDay(day)) return day;
  }
  return undefined;
}

/** The digests due in the window (from, to], in time order. */
export function digestsDue(plan: Plan, calendar: Calendar, zone: string, from: Date, to: Date): DueDigest[] {
  const due: DueDigest[] = [];
  const inWindow = (at: Date) => at.getTime() > from.getTime() && at.getTime() <= to.getTime();
  // Weekly digests run through the plan year and on to its last reporting deadline.
  const first = `${plan.year}-01-01`;
  const last = [`${plan.year}-12-31`, ...plan.reportDeadlines.map((d) => d.date)].sort().at(-1)!;

  // A digest moved off a holiday Monday can fall up to four days later: start a week early.
  const end = localDate(to, zone);
  for (let day = addDays(localDate(from, zone), -7); day <= end; day = addDays(day, 1)) {
    const date = DateTime.fromISO(day, { zone });
    if (date.weekday !== 1) continue;
    const send = weeklyDay(day, calendar);
    if (!send || send < first || send > last) continue;
    const at = atLocal(send, DIGEST_HOUR, zone);
    if (inWindow(at)) due.push({ key: `digest:weekly:${date.toFormat("kkkk-'W'WW")}`, kind: "weekly", at: at.toISOString(), deadline: null });
  }

  for (const d of plan.reportDeadlines) {
    const send = calendar.previousWorkingDay(addDays(d.date, -DEADLINE_LEAD_DAYS));
    const at = atLocal(send, DIGEST_HOUR, zone);
    if (inWindow(at)) due.push({ key: `digest:deadline:${d.section}:${d.date}`, kind: "deadline", at: at.toISOString(), deadline: d });
  }
  return due.sort((a, b) => a.at.localeCompare(b.at));
}

/** The agencies that owe the section IV report and have sent none since the section's previous deadline. */
export function missingReports(plan: Plan, directory: Directory, deadline: ReportDeadline, entries: ReportEntry[], zone: string): Agency[] {
  const previous = plan.reportDeadlines
    .filter((d) => d.section === deadline.section && d.date < deadline.date)
    .map((d) => d.date)
    .sort()
    .at(-1);
  // A section IV report is stored under the section id as its task (as the reminders read it).
  const reported = new Set(
    entries
      .filter((e) => e.report.task === deadline.section && (previous === undefined || localDate(new Date(e.report.reportedAt), zone) > previous))
      .map((e) => e.report.agency),
  );
  return directory.expand(deadline.who).filter((a) => !reported.has(a.code));
}
