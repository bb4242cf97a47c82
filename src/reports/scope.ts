/**
 * The time span a summary covers: a year, a quarter or a month, written as a period id
 * ("2024", "2024-Q3", "2024-09") or as users type it in chat ("quý III/2024", "Q3", "tháng 9",
 * "09/2024"); without a year the plan's year is meant. Report periods use the same ids, so
 * one parser tells whether a report falls in the span.
 */
import { daysInMonth, isoDate } from "../plan/periods.js";
import { fold } from "../text/normalize.js";

export interface Scope {
  /** Canonical id: "2024", "2024-Q3", "2024-09". */
  id: string;
  start: string;
  end: string;
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

function yearScope(year: number): Scope {
  return { id: String(year), start: isoDate(year, 1, 1), end: isoDate(year, 12, 31) };
}

function quarterScope(year: number, q: number): Scope | undefined {
  if (q < 1 || q > 4) return undefined;
  return { id: `${year}-Q${q}`, start: isoDate(year, q * 3 - 2, 1), end: isoDate(year, q * 3, daysInMonth(year, q * 3)) };
}

function monthScope(year: number, m: number): Scope | undefined {
  if (!Number.isInteger(m) || m < 1 || m > 12) return undefined;
  return { id: `${year}-${String(m).padStart(2, "0")}`, start: isoDate(year, m, 1), end: isoDate(year, m, daysInMonth(year, m)) };
}

/** @param year the year a span written without one belongs to (the plan's) */
export function parseScope(text: string, year: number): Scope | undefined {
  const s = fold(text).trim().replace(/\s+/g, " ");
  const yearOf = (y: string | undefined) => (y === undefined ? year : Number(y));
  let m: RegExpExecArray | null;
  if ((m = /^(?:nam )?(\d{4})$/.exec(s))) return yearScope(Number(m[1]));
  if ((m = /^(\d{4})-q([1-4])$/.exec(s))) return quarterScope(Number(m[1]), Number(m[2]));
  if ((m = /^(\d{4})-(\d{1,2})$/.exec(s))) return monthScope(Number(m[1]), Number(m[2]));
  if ((m = /^(?:q|quy) ?([1-4]|iv|i{1,3})(?: ?[/-] ?(\d{4}))?$/.exec(s))) {
    const q = ROMAN[m[1]!] ?? Number(m[1]);
    return quarterScope(yearOf(m[2]), q);
  }
  if ((m = /^(?:thang|t) ?(\d{1,2})(?: ?[/-] ?(\d{4}))?$/.exec(s))) return monthScope(yearOf(m[2]), Number(m[1]));
  if ((m = /^(\d{1,2})[/-](\d{4})$/.exec(s))) return monthScope(Number(m[2]), Number(m[1]));
  return undefined;
}

/** The span of a stored period id; undefined for an id no task produces. */
export function scopeOfPeriod(id: string): Scope | undefined {
  return /^\d{4}(-Q[1-4]|-\d{2})?$/.test(id) ? parseScope(id, 0) : undefined;
}

export function overlaps(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return a.start <= b.end && b.start <= a.end;
}
