/**
 * Reporting periods of a task: the unit a report, a status and a reminder belong to.
 * Quarterly tasks are reported per quarter ("2024-Q3"), monthly and continuous ones per month
 * ("2024-09"), a task with one deadline (or a timeframe the parser did not understand) once
 * for the plan year ("2024"). Dates are plain ISO strings (YYYY-MM-DD), which compare
 * correctly as strings; time zones belong to the scheduler, not here.
 */
import type { PlanTask } from "./types.js";

export interface Period {
  /** "2024-Q3", "2024-09" or "2024". */
  id: string;
  start: string;
  end: string;
  /** null for continuous tasks and for timeframes the parser did not understand. */
  deadline: string | null;
}

export type Schedule = Pick<PlanTask, "recurrence" | "windowStart" | "deadlines">;

/**
 * A one-off task's timeframe from its window and deadline: whole quarters or months ("Quý
 * II–III/2024", "Tháng 03/2024"), the whole year, else the date it is due.
 */
function onceLabel(task: Schedule, due: string): string {
  const [year, month, day] = due.split("-").map(Number) as [number, number, number];
  const [startYear, startMonth, startDay] = (task.windowStart ?? "").split("-").map(Number);
  if (day !== daysInMonth(year, month) || startYear !== year || startDay !== 1 || !startMonth) return `hạn ${pad(day)}/${pad(month)}/${year}`;
  if (startMonth === 1 && month === 12) return `Năm ${year}`;
  const span = (from: string, to: string) => (from === to ? from : `${from}–${to}`);
  if (startMonth % 3 === 1 && month % 3 === 0) return `Quý ${span(ROMAN[(startMonth - 1) / 3]!, ROMAN[month / 3 - 1]!)}/${year}`;
  return `Tháng ${span(pad(startMonth), pad(month))}/${year}`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function monthEnd(year: number, month: number): string {
  return isoDate(year, month, daysInMonth(year, month));
}

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const QUARTERS = [1, 2, 3, 4];
const ROMAN = ["I", "II", "III", "IV"];

/** The years a plan runs: one year, or its first and last. */
export type Years = number | readonly [number, number];

function yearsOf(years: Years): number[] {
  const [from, to] = typeof years === "number" ? [years, years] : years;
  return Array.from({ length: Math.max(1, to - from + 1) }, (_, i) => from + i);
}

/** The deadline the task gives inside [start, end], else the period's end. */
function dueIn(task: Schedule, start: string, end: string): string {
  return task.deadlines.find((d) => d >= start && d <= end) ?? end;
}

/** Every period of the task over the plan's years, in order; never empty. */
export function periodsOf(task: Schedule, years: Years): Period[] {
  const all = yearsOf(years);
  switch (task.recurrence) {
    case "quarterly":
      return all.flatMap((year) =>
        QUARTERS.map((q) => {
          const start = isoDate(year, q * 3 - 2, 1);
          const end = monthEnd(year, q * 3);
          return { id: `${year}-Q${q}`, start, end, deadline: dueIn(task, start, end) };
        }),
      );
    case "monthly":
    case "continuous":
    case "unscheduled":
      // Work without dates is still checked on monthly, as "Thường xuyên" work is.
      return all.flatMap((year) =>
        MONTHS.map((m) => {
          const start = isoDate(year, m, 1);
          const end = monthEnd(year, m);
          const deadline = task.recurrence === "monthly" ? dueIn(task, start, end) : null;
          return { id: `${year}-${pad(m)}`, start, end, deadline };
        }),
      );
    case "yearly": {
      const periods = all.map((year) => {
        const start = isoDate(year, 1, 1);
        const end = isoDate(year, 12, 31);
        return { id: String(year), start, end, deadline: dueIn(task, start, end) };
      });
      // Years before the plan's first deadline (the plan was issued late in its first year) have none.
      const first = task.deadlines[0];
      const kept = first ? periods.filter((p) => p.end >= first) : periods;
      return kept.length > 0 ? kept : periods;
    }
    default: {
      const last = task.deadlines.at(-1) ?? null;
      const year = last ? Number(last.slice(0, 4)) : all[0]!;
      return [
        {
          id: String(year),
          start: task.windowStart ?? isoDate(all[0]!, 1, 1),
          end: last ?? isoDate(all.at(-1)!, 12, 31),
          deadline: last,
        },
      ];
    }
  }
}

/** The period containing the date; a date before the first or after the last is clamped. */
export function periodAt(task: Schedule, years: Years, date: string): Period {
  const periods = periodsOf(task, years);
  // periodsOf never returns an empty list, so the first period always exists.
  return periods.findLast((p) => p.start <= date) ?? periods[0]!;
}

/** periodLabel for a period of the task with this id among the plan's tasks (none: the plain label). */
export function periodLabelOf(tasks: readonly PlanTask[], task: string | null, period: string): string {
  return periodLabel(period, task === null ? undefined : tasks.find((t) => t.id === task));
}

/**
 * The period as Vietnamese users read it: "Quý III/2024", "Tháng 09/2024", "Năm 2024". A task
 * done once has one period, the plan year, but users know it by its timeframe: given the task,
 * its label is that ("Quý I/2024" for work due in the first quarter, else "hạn 15/11/2024").
 */
export function periodLabel(id: string, task?: Schedule): string {
  if (task?.recurrence === "once" && /^\d{4}$/.test(id)) {
    const due = task.deadlines.find((d) => d.startsWith(id));
    if (due) return onceLabel(task, due);
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(id);
  if (quarter) return `Quý ${ROMAN[Number(quarter[2]) - 1]}/${quarter[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(id);
  if (month) return `Tháng ${month[2]}/${month[1]}`;
  if (/^\d{4}$/.test(id)) return `Năm ${id}`;
  return id;
}
