import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Calendar, type HolidayYear } from "../../src/plan/calendar.js";
import { addDays } from "../../src/time.js";

const cal = Calendar.load();

describe("bundled holiday files", () => {
  it("cover 2024 to 2026, and nothing else", () => {
    expect([2023, 2024, 2025, 2026, 2027].map((y) => cal.hasYear(y))).toEqual([false, true, true, true, false]);
  });

  it.each([
    // 2024, exactly as FACTS.md gives it
    ["2024-01-01", false, "Tết Dương lịch"],
    ["2024-01-02", true, "an ordinary Tuesday"],
    ["2024-02-07", true, "the day before Tết"],
    ["2024-02-08", false, "Tết, first day"],
    ["2024-02-10", false, "lunar new year (a Saturday)"],
    ["2024-02-12", false, "Tết, Monday"],
    ["2024-02-14", false, "Tết, last day"],
    ["2024-02-15", true, "back after Tết"],
    ["2024-04-18", false, "Giỗ Tổ Hùng Vương"],
    ["2024-04-29", false, "Monday off in exchange"],
    ["2024-04-30", false, "30/4"],
    ["2024-05-01", false, "1/5"],
    ["2024-05-02", true, "after 1/5"],
    ["2024-05-04", true, "the Saturday worked in exchange"],
    ["2024-05-05", false, "the Sunday after it"],
    ["2024-05-11", false, "an ordinary Saturday"],
    ["2024-08-30", true, "Friday before Quốc khánh"],
    ["2024-08-31", false, "Quốc khánh, Saturday"],
    ["2024-09-02", false, "Quốc khánh"],
    ["2024-09-03", false, "the adjacent day"],
    ["2024-09-04", true, "after Quốc khánh"],
    ["2024-03-31", false, "a Sunday"],
    ["2024-03-29", true, "a Friday"],
    ["2024-11-15", true, "the seed's report deadline"],
    // 2025 and 2026: the statutory days at least
    ["2025-01-01", false, "Tết Dương lịch"],
    ["2025-01-29", false, "lunar new year"],
    ["2025-01-27", false, "Tết"],
    ["2025-01-31", false, "Tết"],
    ["2025-04-07", false, "Giỗ Tổ Hùng Vương"],
    ["2025-04-30", false, "30/4"],
    ["2025-05-01", false, "1/5"],
    ["2025-09-01", false, "the day adjacent to 2/9"],
    ["2025-09-02", false, "Quốc khánh"],
    ["2025-09-03", true, "after Quốc khánh"],
    ["2026-01-01", false, "Tết Dương lịch"],
    ["2026-02-16", false, "Tết"],
    ["2026-02-17", false, "lunar new year"],
    ["2026-02-20", false, "Tết"],
    ["2026-02-23", true, "back after Tết"],
    ["2026-04-27", false, "Giỗ Tổ Hùng Vương falls on Sunday 26/4: Monday off"],
    ["2026-04-30", false, "30/4"],
    ["2026-05-01", false, "1/5"],
    ["2026-09-01", false, "the day adjacent to 2/9"],
    ["2026-09-02", false, "Quốc khánh"],
  ])("%s working: %s (%s)", (date, working) => {
    expect(cal.isWorkingDay(date)).toBe(working);
  });
});

describe("moving between working days", () => {
  it.each([
    ["2024-03-31", "2024-03-29"],
    ["2024-03-29", "2024-03-29"],
    ["2024-02-14", "2024-02-07"],
    ["2024-05-01", "2024-04-26"],
    ["2024-05-05", "2024-05-04"],
    ["2024-09-03", "2024-08-30"],
    ["2024-01-01", "2023-12-29"],
  ])("previousWorkingDay(%s) = %s", (date, expected) => {
    expect(cal.previousWorkingDay(date)).toBe(expected);
  });

  it.each([
    ["2024-02-08", "2024-02-15"],
    ["2024-02-07", "2024-02-07"],
    ["2024-04-27", "2024-05-02"],
    ["2024-05-04", "2024-05-04"],
    ["2024-12-28", "2024-12-30"],
    ["2024-12-31", "2024-12-31"],
  ])("nextWorkingDay(%s) = %s", (date, expected) => {
    expect(cal.nextWorkingDay(date)).toBe(expected);
  });

  it.each([
    ["2024-02-07", 1, "2024-02-15"],
    ["2024-03-29", 1, "2024-04-01"],
    ["2024-03-28", 1, "2024-03-29"],
    ["2024-03-31", 3, "2024-04-03"],
    ["2024-05-02", 2, "2024-05-04"],
    ["2024-04-02", -1, "2024-04-01"],
    ["2024-04-01", -3, "2024-03-27"],
    ["2024-02-15", -1, "2024-02-07"],
    ["2024-03-31", 0, "2024-03-31"],
    ["2024-12-31", 1, "2025-01-02"],
  ])("addWorkingDays(%s, %i) = %s", (date, n, expected) => {
    expect(cal.addWorkingDays(date, n)).toBe(expected);
  });

  it("counts working days across a whole year", () => {
    let days = 0;
    for (let d = "2024-01-01"; d <= "2024-12-31"; d = addDays(d, 1)) if (cal.isWorkingDay(d)) days++;
    // 262 weekdays in 2024; 12 of them are days off (1 + 5 at Tết + 1 + 3 + 2); one Saturday worked.
    expect(days).toBe(262 - 12 + 1);
  });
});

describe("a year without a holiday file", () => {
  it("has weekends only", () => {
    expect(cal.hasYear(2030)).toBe(false);
    expect(cal.isWorkingDay("2030-01-01")).toBe(true);
    expect(cal.isWorkingDay("2030-01-05")).toBe(false);
    expect(cal.previousWorkingDay("2030-01-06")).toBe("2030-01-04");
    expect(cal.addWorkingDays("2030-01-04", 1)).toBe("2030-01-07");
  });

  it("gives an empty calendar weekends only too", () => {
    const empty = new Calendar([]);
    expect(empty.isWorkingDay("2024-01-01")).toBe(true);
    expect(empty.isWorkingDay("2024-05-04")).toBe(false);
  });
});

describe("dates and data are checked", () => {
  it.each(["2024-02-30", "2024-2-1", "01/02/2024", "", "2024-13-01"])("%j is refused", (bad) => {
    expect(() => cal.isWorkingDay(bad)).toThrow(RangeError);
    expect(() => cal.addWorkingDays(bad, 0)).toThrow(RangeError);
  });

  it("refuses a fractional number of working days", () => {
    expect(() => cal.addWorkingDays("2024-03-01", 1.5)).toThrow(RangeError);
  });

  it("adds calendar days across months and years", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
  });

  const year = (over: Partial<HolidayYear>): HolidayYear => ({ year: 2027, daysOff: [], ...over });

  it.each([
    ["a day in another year", year({ daysOff: [{ from: "2028-01-01", name: "x" }] }), /not in 2027/],
    ["a range ending before it starts", year({ daysOff: [{ from: "2027-05-02", to: "2027-05-01", name: "x" }] }), /ends before/],
    ["a worked day in another year", year({ workedDays: [{ date: "2026-05-01", name: "x" }] }), /not in 2027/],
    ["an impossible date", year({ daysOff: [{ from: "2027-02-29", name: "x" }] }), /YYYY-MM-DD/],
  ])("refuses %s", (_, data, message) => {
    expect(() => new Calendar([data])).toThrow(message);
  });

  it("refuses two lists for one year", () => {
    expect(() => new Calendar([year({}), year({})])).toThrow(/two holiday lists for 2027/);
  });

  it("loads an operator's directory of files, naming a broken one", () => {
    const dir = mkdtempSync(join(tmpdir(), "holidays-"));
    writeFileSync(join(dir, "2027.json"), JSON.stringify(year({ daysOff: [{ from: "2027-01-01", name: "Tết Dương lịch" }] })));
    writeFileSync(join(dir, "notes.txt"), "not a year file");
    const own = Calendar.load(dir);
    expect(own.hasYear(2027)).toBe(true);
    expect(own.hasYear(2024)).toBe(false);
    expect(own.isWorkingDay("2027-01-01")).toBe(false);

    writeFileSync(join(dir, "2028.json"), "{ broken");
    expect(() => Calendar.load(dir)).toThrow(/2028\.json/);
  });
});
