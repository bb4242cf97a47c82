/**
 * Working days: Monday to Friday, less the public holidays, plus the Saturdays worked in
 * exchange. The government fixes the days off every year, so each year is a data file
 * (src/data/holidays/YYYY.json) that operators edit; a year without a file counts weekends only.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { addDays } from "../time.js";

const BUNDLED = new URL("../data/holidays/", import.meta.url);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Every year has working days; a scan longer than this means the data marks everything off.
const MAX_SCAN_DAYS = 3 * 366;

function parseDate(iso: string): number {
  const m = ISO_DATE.exec(iso);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== iso) {
    throw new RangeError(`not a date (YYYY-MM-DD): ${iso}`);
  }
  return t;
}

const IsoDate = z.string().refine((s) => {
  try {
    parseDate(s);
    return true;
  } catch {
    return false;
  }
}, "a date is written YYYY-MM-DD");

const HolidayFile = z
  .object({
    about: z.string().optional(),
    year: z.number().int().min(1900).max(9999),
    daysOff: z.array(z.object({ from: IsoDate, to: IsoDate.optional(), name: z.string().min(1) })),
    workedDays: z.array(z.object({ date: IsoDate, name: z.string().min(1) })).default([]),
  })
  .superRefine((f, ctx) => {
    const inYear = (d: string) => d.startsWith(`${f.year}-`);
    f.daysOff.forEach((d, i) => {
      if (!inYear(d.from) || (d.to !== undefined && !inYear(d.to))) {
        ctx.addIssue({ code: "custom", path: ["daysOff", i], message: `not in ${f.year}` });
      }
      if (d.to !== undefined && d.to < d.from) ctx.addIssue({ code: "custom", path: ["daysOff", i, "to"], message: "ends before it starts" });
    });
    f.workedDays.forEach((d, i) => {
      if (!inYear(d.date)) ctx.addIssue({ code: "custom", path: ["workedDays", i], message: `not in ${f.year}` });
    });
  });

export type HolidayYear = z.input<typeof HolidayFile>;

function validYear(input: unknown): z.output<typeof HolidayFile> {
  const parsed = HolidayFile.safeParse(input);
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error).replace(/\n+/g, "; "));
  return parsed.data;
}

export class Calendar {
  private readonly years = new Set<number>();
  private readonly off = new Set<string>();
  private readonly worked = new Set<string>();

  constructor(years: HolidayYear[]) {
    for (const input of years) {
      const y = validYear(input);
      if (this.years.has(y.year)) throw new Error(`two holiday lists for ${y.year}`);
      this.years.add(y.year);
      for (const d of y.daysOff) {
        for (let day = d.from; day <= (d.to ?? d.from); day = addDays(day, 1)) this.off.add(day);
      }
      for (const d of y.workedDays) this.worked.add(d.date);
    }
  }

  /** Every YYYY.json in the directory (the bundled years by default). */
  static load(dir: string | URL = BUNDLED): Calendar {
    const path = typeof dir === "string" ? dir : fileURLToPath(dir);
    const files = readdirSync(path).filter((f) => /^\d{4}\.json$/.test(f)).sort();
    return new Calendar(
      files.map((f) => {
        try {
          return validYear(JSON.parse(readFileSync(join(path, f), "utf8")));
        } catch (e) {
          throw new Error(`Lịch nghỉ không hợp lệ / invalid holiday file ${join(path, f)}: ${(e as Error).message}`);
        }
      }),
    );
  }

  /** Whether the year has a holiday list; without one only weekends are days off. */
  hasYear(year: number): boolean {
    return this.years.has(year);
  }

  isWorkingDay(iso: string): boolean {
    const weekday = new Date(parseDate(iso)).getUTCDay();
    if (this.worked.has(iso)) return true;
    return weekday !== 0 && weekday !== 6 && !this.off.has(iso);
  }

  /** The day itself when it is a working day, else the last working day before it. */
  previousWorkingDay(iso: string): string {
    return this.scan(iso, -1);
  }

  /** The day itself when it is a working day, else the first working day after it. */
  nextWorkingDay(iso: string): string {
    return this.scan(iso, 1);
  }

  /** The n-th working day after the date (n < 0: before it); n = 0 gives the date itself. */
  addWorkingDays(iso: string, n: number): string {
    if (!Number.isInteger(n)) throw new RangeError(`not a whole number of days: ${n}`);
    parseDate(iso);
    const step = Math.sign(n);
    let day = iso;
    for (let left = Math.abs(n); left > 0; left--) day = this.scan(addDays(day, step), step);
    return day;
  }

  private scan(iso: string, step: number): string {
    let day = iso;
    for (let i = 0; !this.isWorkingDay(day); i++) {
      if (i > MAX_SCAN_DAYS) throw new RangeError(`no working day near ${iso}: the holiday data marks every day off`);
      day = addDays(day, step);
    }
    return day;
  }
}
