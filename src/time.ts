/** Local dates in the configured time zone, and the dd/mm/yyyy form users read. */
import { DateTime } from "luxon";

/** The calendar date (YYYY-MM-DD) at `at` in the time zone. */
export function localDate(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate()!;
}

/** "2024-03-31" → "31/03/2024". */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** "08:05 28/03/2024" in the time zone. */
export function formatDateTime(at: Date | string, zone: string): string {
  const dt = typeof at === "string" ? DateTime.fromISO(at, { zone }) : DateTime.fromJSDate(at, { zone });
  return dt.toFormat("HH:mm dd/MM/yyyy");
}

/** Whole days from a to b (ISO dates); positive when b is later. */
export function daysBetween(a: string, b: string): number {
  return Math.round(utcDay(b).diff(utcDay(a), "days").days);
}

/** The ISO date n calendar days after (n < 0: before) the given one. */
export function addDays(iso: string, n: number): string {
  return utcDay(iso).plus({ days: n }).toISODate()!;
}

/** The moment `days` whole days of 24 hours after `at` (before, when negative): windows of time, not calendar dates. */
export function daysAfter(at: Date | number, days: number): Date {
  return DateTime.fromMillis(typeof at === "number" ? at : at.getTime()).plus({ hours: 24 * days }).toJSDate();
}

// Calendar dates carry no time zone: counted in UTC, no day is 23 or 25 hours long.
const utcDay = (iso: string): DateTime => DateTime.fromISO(iso.slice(0, 10), { zone: "utc" });

/** A moment at a local wall-clock time: ("2024-03-28", 8) → 08:00 that day in the zone. */
export function atLocal(date: string, hour: number, zone: string, minute = 0): Date {
  return DateTime.fromISO(date, { zone }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/** Parses "dd/mm/yyyy", "d/m/yyyy" or "YYYY-MM-DD" into an ISO date; undefined when invalid. */
export function parseUserDate(text: string): string | undefined {
  const s = text.trim();
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  const dt = vn
    ? DateTime.fromObject({ day: Number(vn[1]), month: Number(vn[2]), year: Number(vn[3]) })
    : DateTime.fromISO(s);
  return dt.isValid && /^\d{4}-\d{2}-\d{2}/.test(dt.toISODate() ?? "") ? dt.toISODate()! : undefined;
}
