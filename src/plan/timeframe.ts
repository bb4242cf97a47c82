/**
 * Timeframe text ("Hàng quý trong năm.", "Quý II, III/2024", "trước ngày 30/6/2025") →
 * recurrence and due dates, by the rules of DESIGN §4. A form not listed there is reported
 * with a warning and no dates: a guessed deadline would send wrong reminders to real people.
 */
import { fold } from "../text/normalize.js";
import { daysInMonth, isoDate, monthEnd } from "./periods.js";
import type { Recurrence } from "./types.js";

export interface Timeframe {
  recurrence: Recurrence | null;
  windowStart: string | null;
  deadlines: string[];
  warning?: string;
}

const QUARTER_NUMBER: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, "1": 1, "2": 2, "3": 3, "4": 4 };

// Folded text, so "Hàng quý", "hằng quý" and "hang quy" all read "hang quy".
const IN_YEAR = String.raw`(?: (?:trong|ca) nam(?: (\d{4}))?)?`;
const OF_YEAR = String.raw`(?:(?:/| nam )(\d{4}))?`;
const LIST_SEPARATOR = /\s*(?:,|-|\bva\b)\s*(?:quy |thang )?/;

const CONTINUOUS = new RegExp(String.raw`^thuong xuyen${IN_YEAR}$`);
const QUARTERLY = new RegExp(String.raw`^(?:dinh ky )?hang quy${IN_YEAR}$`);
const MONTHLY = new RegExp(String.raw`^(?:dinh ky )?hang thang${IN_YEAR}$`);
const QUARTERS = new RegExp(String.raw`^quy ([ivx1-4]+(?:\s*(?:,|-|va)\s*(?:quy )?[ivx1-4]+)*)${OF_YEAR}$`);
const MONTHS = new RegExp(String.raw`^thang (\d{1,2}(?:\s*(?:,|-|va)\s*(?:thang )?\d{1,2})*)${OF_YEAR}$`);
const BEFORE = /^(?:truoc|cham nhat|han chot)(?: ngay)? (\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?$/;
const HALF_YEAR = /^(?:6|sau) thang (dau|cuoi) nam(?: (\d{4}))?$/;
const WHOLE_YEAR = /^(?:(?:trong|ca) nam|(?:trong |ca )?nam (\d{4}))$/;

/** Folded; parentheses, markdown emphasis and closing punctuation dropped; spacing made regular. */
function simplify(text: string): string {
  return fold(text)
    .replace(/\bqui\b/g, "quy") // "quí", the older spelling of "quý"
    .replace(/[()*_]/g, " ")
    .replace(/[–—]/g, "-")
    .replace(/\s*\/\s*/g, "/")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.;,!]+$/, "")
    .trim();
}

function once(start: string, deadline: string): Timeframe {
  return { recurrence: "once", windowStart: start, deadlines: [deadline] };
}

/** Numbers of a list such as "ii, iii" or "6 - 7"; null when one is out of range. */
function numbers(list: string, read: (item: string) => number | undefined, max: number): number[] | null {
  const values = list.split(LIST_SEPARATOR).map(read);
  return values.every((v): v is number => v !== undefined && v >= 1 && v <= max) ? values : null;
}

function read(text: string, year: number): Timeframe | null {
  const t = simplify(text);
  let m: RegExpExecArray | null;

  if ((m = CONTINUOUS.exec(t))) {
    return { recurrence: "continuous", windowStart: isoDate(Number(m[1] ?? year), 1, 1), deadlines: [] };
  }
  if ((m = QUARTERLY.exec(t))) {
    const y = Number(m[1] ?? year);
    return { recurrence: "quarterly", windowStart: isoDate(y, 1, 1), deadlines: [3, 6, 9, 12].map((mo) => monthEnd(y, mo)) };
  }
  if ((m = MONTHLY.exec(t))) {
    const y = Number(m[1] ?? year);
    const months = Array.from({ length: 12 }, (_, i) => monthEnd(y, i + 1));
    return { recurrence: "monthly", windowStart: isoDate(y, 1, 1), deadlines: months };
  }
  // A list of quarters or months is one window from the first start to the last end.
  if ((m = QUARTERS.exec(t))) {
    const quarters = numbers(m[1] ?? "", (q) => QUARTER_NUMBER[q], 4);
    if (!quarters) return null;
    const y = Number(m[2] ?? year);
    return once(isoDate(y, Math.min(...quarters) * 3 - 2, 1), monthEnd(y, Math.max(...quarters) * 3));
  }
  if ((m = MONTHS.exec(t))) {
    const months = numbers(m[1] ?? "", Number, 12);
    if (!months) return null;
    const y = Number(m[2] ?? year);
    return once(isoDate(y, Math.min(...months), 1), monthEnd(y, Math.max(...months)));
  }
  if ((m = BEFORE.exec(t))) {
    const [day, month, y] = [Number(m[1]), Number(m[2]), Number(m[3] ?? year)];
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(y, month)) return null;
    return once(isoDate(Math.min(y, year), 1, 1), isoDate(y, month, day));
  }
  if ((m = HALF_YEAR.exec(t))) {
    const y = Number(m[2] ?? year);
    return m[1] === "dau" ? once(isoDate(y, 1, 1), monthEnd(y, 6)) : once(isoDate(y, 7, 1), monthEnd(y, 12));
  }
  if ((m = WHOLE_YEAR.exec(t))) {
    const y = Number(m[1] ?? year);
    return once(isoDate(y, 1, 1), monthEnd(y, 12));
  }
  return null;
}

/** `year` is the plan's year, used when the text gives none ("Quý IV", "trước ngày 15/11"). */
export function parseTimeframe(text: string, year: number): Timeframe {
  const understood = read(text, year);
  if (understood) return understood;
  const warning = text.trim() ? `không hiểu thời gian thực hiện "${text.trim()}"` : "không có thời gian thực hiện";
  return { recurrence: null, windowStart: null, deadlines: [], warning };
}
