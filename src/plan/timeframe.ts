/**
 * Timeframe text ("Hàng quý trong năm.", "Quý IV/2025 - Quý II/2026", "trước ngày 01/6 và 15/11
 * hằng năm", "Giai đoạn 2026 - 2030") → recurrence and due dates, by the rules of DESIGN §4 and
 * the forms real plans use. What cannot be dated ("Theo tiến độ …", "Sau khi … được ban hành",
 * nothing given) is `unscheduled`: no deadline is invented, and a warning puts it before the
 * admin; a guessed deadline would send wrong reminders to real people.
 */
import { fold } from "../text/normalize.js";
import { daysInMonth, isoDate, monthEnd } from "./periods.js";
import type { Plan, Recurrence } from "./types.js";

export interface Timeframe {
  recurrence: Recurrence;
  windowStart: string | null;
  deadlines: string[];
  warning?: string;
}

/** The plan's own time: the years it runs and the day it was issued. */
export interface PlanTime {
  from: number;
  to: number;
  /** ISO date of the document; deadlines before it are not the plan's. */
  issued?: string | null;
}

/** A stored plan's own time, to date a timeframe written after it was read (a fix, a proposal). */
export function planTime(plan: Pick<Plan, "years" | "issued">): PlanTime {
  return { from: plan.years[0], to: plan.years[1], issued: plan.issued };
}

const QUARTER_NUMBER: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, "1": 1, "2": 2, "3": 3, "4": 4 };
const Q = String.raw`(iv|i{1,3}|[1-4])(?![a-z])`;
const YEAR = String.raw`((?:19|20)\d{2})`;
const DM = String.raw`(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d])(?:\s*/\s*${YEAR})?`;

/** Folded; parentheses, emphasis and dashes made plain; spacing made regular. */
function simplify(text: string): string {
  return fold(text)
    .replace(/\bqui\b/g, "quy")
    .replace(/[()*_]/g, " ")
    .replace(/[–—]/g, "-")
    .replace(/\s*\/\s*/g, "/")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.;,!]+$/, "")
    .trim();
}

function validDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function years(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

class Reader {
  constructor(
    private readonly t: string,
    private readonly time: PlanTime,
  ) {}

  private get start(): string {
    return this.time.issued ?? isoDate(this.time.from, 1, 1);
  }

  private keep(dates: string[]): string[] {
    const floor = this.time.issued ?? "";
    return [...new Set(dates)].filter((d) => d >= floor).sort();
  }

  private once(windowStart: string, dates: string[]): Timeframe {
    return { recurrence: "once", windowStart, deadlines: this.keep(dates) };
  }

  private repeating(recurrence: Recurrence, from: number, to: number, days: [number, number][]): Timeframe {
    const dates = years(from, to).flatMap((y) =>
      days.map(([m, d]) => isoDate(y, m, Math.min(d, daysInMonth(y, m)))),
    );
    return { recurrence, windowStart: isoDate(from, 1, 1), deadlines: this.keep(dates) };
  }

  /** A date without a year: the first such date on or after the plan's own date. */
  private dated(d: number, m: number, y: string | undefined): string | null {
    if (y) return validDay(Number(y), m, d) ? isoDate(Number(y), m, d) : null;
    for (const year of [this.time.from - 1, this.time.from, this.time.from + 1]) {
      if (!validDay(year, m, d)) continue;
      const iso = isoDate(year, m, d);
      if (iso >= this.start || year === this.time.to) return iso;
    }
    return validDay(this.time.from, m, d) ? isoDate(this.time.from, m, d) : null;
  }

  read(): Timeframe | null {
    const t = this.t;
    const { from, to } = this.time;
    let m: RegExpExecArray | null;
    const yearly = /\b(?:hang|moi) nam\b|\bdinh ky nam\b/.test(t);

    // Dates that come back every year: "trước ngày 01/6 và 15/11 hằng năm".
    if (yearly) {
      const days = [...t.matchAll(/(\d{1,2})\/(\d{1,2})(?!\/|\d)|ngay (\d{1,2}) thang (\d{1,2})\b/g)]
        .map((x) => (x[1] ? [Number(x[2]), Number(x[1])] : [Number(x[4]), Number(x[3])]) as [number, number])
        .filter(([mo, d]) => validDay(2000, mo, d));
      if (days.length > 0) return this.repeating("yearly", from, to, days);
      if ((m = new RegExp(String.raw`\bquy ${Q}\b`).exec(t))) {
        return this.repeating("yearly", from, to, [[QUARTER_NUMBER[m[1]!]! * 3, 31]]);
      }
      if ((m = /\bthang (\d{1,2})\b/.exec(t)) && Number(m[1]) <= 12) return this.repeating("yearly", from, to, [[Number(m[1]), 31]]);
    }
    // "trước ngày 20 của tháng cuối quý": that day of every quarter's last month.
    if ((m = /\bngay (\d{1,2}) (?:cua )?thang cuoi (?:cua )?(?:moi |hang )?quy\b/.exec(t)) && Number(m[1]) <= 31) {
      const day = Number(m[1]);
      return this.repeating("quarterly", from, to, [[3, day], [6, day], [9, day], [12, day]]);
    }
    if ((m = /\bngay (\d{1,2}) (?:cua )?(?:hang|moi) thang\b/.exec(t)) && Number(m[1]) <= 31) {
      return this.repeating("monthly", from, to, Array.from({ length: 12 }, (_, i) => [i + 1, Number(m![1])] as [number, number]));
    }
    if (/\b(?:6|06|sau) thang\b(?! (?:dau|cuoi) nam)/.test(t) && /dinh ky|mot lan|\/lan|1 lan|\bhang\b|\bmoi\b/.test(t)) {
      return this.repeating("yearly", from, to, [[6, 30], [12, 31]]);
    }
    if (/\b(?:hang|moi) quy\b|\bdinh ky quy\b|\btheo quy\b/.test(t)) {
      return this.repeating("quarterly", from, to, [[3, 31], [6, 30], [9, 30], [12, 31]]);
    }
    if (/\b(?:hang|moi) thang\b|\bdinh ky thang\b/.test(t)) {
      return this.repeating("monthly", from, to, Array.from({ length: 12 }, (_, i) => [i + 1, 31] as [number, number]));
    }
    if (yearly) return this.repeating("yearly", this.firstYear(t) ?? from, to, [[12, 31]]);

    // Work that runs until an event ("Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê") has no date to meet.
    if ((m = new RegExp(String.raw`^tu (?:thang (\d{1,2})/${YEAR}|ngay .+?) den (?:khi|luc)\b`).exec(t))) {
      const start = m[1] && Number(m[1]) <= 12 ? isoDate(Number(m[2]), Number(m[1]), 1) : isoDate(from, 1, 1);
      return { recurrence: "continuous", windowStart: start, deadlines: [] };
    }
    // A window: "Quý IV/2025 - Quý II/2026", "Từ ngày 01/12/2025 đến ngày 31/01/2026".
    if ((m = new RegExp(String.raw`quy ${Q}/${YEAR} ?(?:-|den) ?(?:quy )?${Q}/${YEAR}`).exec(t))) {
      const [q1, y1, q2, y2] = [QUARTER_NUMBER[m[1]!]!, Number(m[2]), QUARTER_NUMBER[m[3]!]!, Number(m[4])];
      return this.once(isoDate(y1, q1 * 3 - 2, 1), [monthEnd(y2, q2 * 3)]);
    }
    if ((m = new RegExp(String.raw`thang (\d{1,2})/${YEAR} ?(?:-|den) ?(?:thang )?(\d{1,2})/${YEAR}`).exec(t))) {
      const [m1, y1, m2, y2] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
      if (m1 <= 12 && m2 <= 12) return this.once(isoDate(y1, m1, 1), [monthEnd(y2, m2)]);
    }
    const dates = [...t.matchAll(new RegExp(DM, "g"))]
      .map((x) => ({ d: Number(x[1]), mo: Number(x[2]), y: x[3], at: x.index }))
      .concat(
        [...t.matchAll(new RegExp(String.raw`ngay (\d{1,2}) thang (\d{1,2})(?: nam ${YEAR})?`, "g"))].map((x) => ({
          d: Number(x[1]),
          mo: Number(x[2]),
          y: x[3],
          at: x.index,
        })),
      )
      .sort((a, b) => a.at - b.at);
    if ((m = /\btu (?:ngay )?(.+?) den (?:het )?(?:ngay )?(.+)$/.exec(t)) && dates.length >= 2) {
      const first = dates[0]!;
      const last = dates.at(-1)!;
      const start = this.dated(first.d, first.mo, first.y ?? last.y);
      const end = this.dated(last.d, last.mo, last.y);
      if (start && end) return this.once(start, [end]);
    }
    if (dates.length > 0) {
      const iso = dates.map((x) => this.dated(x.d, x.mo, x.y));
      if (iso.some((x) => x === null)) return null;
      return this.once(this.start < iso[0]! ? this.start : isoDate(Number(iso[0]!.slice(0, 4)), 1, 1), iso as string[]);
    }

    // Runs of years: "Giai đoạn 2026 - 2030", "Năm 2026 và các năm tiếp theo", "Từ năm 2026".
    if ((m = new RegExp(String.raw`${YEAR} ?- ?${YEAR}`).exec(t))) {
      return this.repeating("yearly", Number(m[1]), Math.max(Number(m[2]), Number(m[1])), [[12, 31]]);
    }
    if ((m = new RegExp(String.raw`${YEAR} (?:va )?(?:cac|nhung) nam (?:tiep theo|sau)|(?:tu|bat dau tu) (?:nam )?${YEAR}|${YEAR} tro di`).exec(t))) {
      return this.repeating("yearly", Number(m[1] ?? m[2] ?? m[3]), to, [[12, 31]]);
    }

    // A quarter, month or half of one year.
    if (/\bquy [ivx]+\b/.test(t) && !/\bquy (?:iv|i{1,3})\b/.test(t)) return null;
    const QN = "iv|i{1,3}|[1-4]";
    if ((m = new RegExp(String.raw`quy ((?:${QN})(?:\s*(?:,|-|va)\s*(?:quy )?(?:${QN}))*)(?![a-z])(?:(?:/| nam )${YEAR})?`).exec(t))) {
      const quarters = m[1]!.split(/\s*(?:,|-|\bva\b)\s*(?:quy )?/).map((q) => QUARTER_NUMBER[q]);
      if (quarters.some((q) => q === undefined)) return null;
      const y = Number(m[2] ?? this.yearIn(t) ?? from);
      const qs = quarters as number[];
      return this.once(isoDate(y, Math.min(...qs) * 3 - 2, 1), [monthEnd(y, Math.max(...qs) * 3)]);
    }
    if ((m = new RegExp(String.raw`thang (\d{1,2}(?:\s*(?:,|-|va)\s*(?:thang )?\d{1,2})*)(?:(?:/| nam )${YEAR})?`).exec(t))) {
      const months = m[1]!.split(/\s*(?:,|-|\bva\b)\s*(?:thang )?/).map(Number);
      if (months.some((x) => x < 1 || x > 12)) return null;
      const y = Number(m[2] ?? this.yearIn(t) ?? from);
      return this.once(isoDate(y, Math.min(...months), 1), [monthEnd(y, Math.max(...months))]);
    }
    if ((m = new RegExp(String.raw`(?:6|06|sau) thang (dau|cuoi) nam(?: ${YEAR})?`).exec(t))) {
      const y = Number(m[2] ?? from);
      return m[1] === "dau" ? this.once(isoDate(y, 1, 1), [monthEnd(y, 6)]) : this.once(isoDate(y, 7, 1), [monthEnd(y, 12)]);
    }
    if ((m = new RegExp(String.raw`truoc nam ${YEAR}`).exec(t))) {
      const y = Number(m[1]) - 1;
      return this.once(this.start, [monthEnd(y, 12)]);
    }
    if ((m = new RegExp(String.raw`(?:^|\b)(?:nam |den nam |trong nam |hoan thanh (?:trong )?nam )?${YEAR}\b`).exec(t))) {
      const y = Number(m[1]);
      return this.once(isoDate(Math.max(y, from), 1, 1) < this.start ? this.start : isoDate(y, 1, 1), [monthEnd(y, 12)]);
    }
    if (/\b(?:thuong xuyen|lien tuc|hang ngay|hang tuan|xuyen suot)\b/.test(t)) {
      return { recurrence: "continuous", windowStart: isoDate(from, 1, 1), deadlines: [] };
    }
    if (/^(?:trong|ca) nam$/.test(t)) return this.once(isoDate(from, 1, 1), [monthEnd(from, 12)]);
    return null;
  }

  private firstYear(t: string): number | undefined {
    const y = this.yearIn(t);
    return y === undefined ? undefined : Number(y);
  }

  private yearIn(t: string): string | undefined {
    return new RegExp(YEAR).exec(t)?.[1];
  }
}

const UNDATABLE = /\b(?:theo tien do|sau khi|khi co|theo chi dao|theo yeu cau|theo ke hoach|kip thoi|ngay sau)\b/;

/**
 * `time` is the plan's span (a bare year is a one-year plan), used where the text gives no year
 * ("Quý IV", "trước ngày 15/11") and for repeating forms ("Hằng năm" every year of the plan).
 */
export function parseTimeframe(text: string, time: number | PlanTime): Timeframe {
  const span: PlanTime = typeof time === "number" ? { from: time, to: time } : time;
  const t = simplify(text);
  const understood = t ? new Reader(t, span).read() : null;
  if (understood) return understood;
  const warning = !text.trim()
    ? "không có thời gian thực hiện: chưa xếp lịch, cần quản trị xem lại"
    : UNDATABLE.test(t)
      ? `thời gian "${text.trim()}" không có ngày cụ thể: chưa xếp lịch, cần quản trị xem lại`
      : `không hiểu thời gian thực hiện "${text.trim()}": chưa xếp lịch, cần quản trị xem lại`;
  return { recurrence: "unscheduled", windowStart: null, deadlines: [], warning };
}
