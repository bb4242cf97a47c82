import { describe, expect, it } from "vitest";
import { periodAt, periodLabel, periodsOf, type Schedule } from "../../src/plan/periods.js";
import { parseTimeframe } from "../../src/plan/timeframe.js";

function task(timeframe: string): Schedule {
  const { recurrence, windowStart, deadlines } = parseTimeframe(timeframe, 2024);
  return { recurrence, windowStart, deadlines };
}

describe("periodsOf", () => {
  it("gives quarterly tasks four quarters due at their ends", () => {
    expect(periodsOf(task("Hàng quý"), 2024)).toEqual([
      { id: "2024-Q1", start: "2024-01-01", end: "2024-03-31", deadline: "2024-03-31" },
      { id: "2024-Q2", start: "2024-04-01", end: "2024-06-30", deadline: "2024-06-30" },
      { id: "2024-Q3", start: "2024-07-01", end: "2024-09-30", deadline: "2024-09-30" },
      { id: "2024-Q4", start: "2024-10-01", end: "2024-12-31", deadline: "2024-12-31" },
    ]);
  });

  it("gives monthly tasks twelve months due at their ends", () => {
    const periods = periodsOf(task("Định kỳ hằng tháng"), 2024);
    expect(periods).toHaveLength(12);
    expect(periods[1]).toEqual({ id: "2024-02", start: "2024-02-01", end: "2024-02-29", deadline: "2024-02-29" });
  });

  it("gives continuous tasks twelve months without a deadline", () => {
    const periods = periodsOf(task("Thường xuyên trong năm"), 2024);
    expect(periods.map((p) => p.id)).toEqual([
      "2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06",
      "2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12",
    ]);
    expect(periods.every((p) => p.deadline === null)).toBe(true);
  });

  const once: [string, string, string][] = [
    ["Quý II, III/2024", "2024-04-01", "2024-09-30"],
    ["Quý I/2024", "2024-01-01", "2024-03-31"],
    ["Năm 2024", "2024-01-01", "2024-12-31"],
    ["trước ngày 15/11", "2024-01-01", "2024-11-15"],
  ];

  it.each(once)("gives a task due once (%s) one period for the year", (timeframe, start, end) => {
    expect(periodsOf(task(timeframe), 2024)).toEqual([{ id: "2024", start, end, deadline: end }]);
  });

  it("gives an unscheduled task the monthly check-in periods, without deadlines", () => {
    const periods = periodsOf(task("Khi có yêu cầu"), 2024);
    expect(periods.map((p) => p.id)).toEqual(Array.from({ length: 12 }, (_, m) => `2024-${String(m + 1).padStart(2, "0")}`));
    expect(periods.every((p) => p.deadline === null)).toBe(true);
  });

  it("gives a plan of several years a period per year for yearly work, and per quarter across the years", () => {
    const years = [2026, 2030] as const;
    const time = { from: 2026, to: 2030, issued: "2025-11-18" };
    const yearly = { ...parseTimeframe("Hằng năm", time) };
    expect(periodsOf(yearly, years).map((p) => [p.id, p.deadline])).toEqual(
      [2026, 2027, 2028, 2029, 2030].map((y) => [String(y), `${y}-12-31`]),
    );
    expect(periodsOf(parseTimeframe("Hằng quý", time), years)).toHaveLength(20);
    const window = parseTimeframe("Quý IV/2025 - Quý II/2026", time);
    expect(periodsOf(window, years)).toEqual([{ id: "2026", start: "2025-10-01", end: "2026-06-30", deadline: "2026-06-30" }]);
  });
});

describe("periodAt", () => {
  const cases: [string, string, string][] = [
    // timeframe, date, period id
    ["Hàng quý", "2024-01-01", "2024-Q1"],
    ["Hàng quý", "2024-03-31", "2024-Q1"],
    ["Hàng quý", "2024-04-01", "2024-Q2"],
    ["Hàng quý", "2024-08-15", "2024-Q3"],
    ["Hàng quý", "2023-12-31", "2024-Q1"],
    ["Hàng quý", "2025-02-01", "2024-Q4"],
    ["Định kỳ hằng tháng", "2024-09-30", "2024-09"],
    ["Thường xuyên", "2024-12-01", "2024-12"],
    ["Thường xuyên", "2025-01-05", "2024-12"],
    ["Quý II, III/2024", "2024-01-10", "2024"],
    ["Quý II, III/2024", "2024-12-10", "2024"],
  ];

  it.each(cases)("%s on %s is %s", (timeframe, date, id) => {
    expect(periodAt(task(timeframe), 2024, date).id).toBe(id);
  });
});

describe("periodLabel", () => {
  const cases: [string, string][] = [
    ["2024-Q1", "Quý I/2024"],
    ["2024-Q3", "Quý III/2024"],
    ["2024-Q4", "Quý IV/2024"],
    ["2024-09", "Tháng 09/2024"],
    ["2024", "Năm 2024"],
    ["something else", "something else"],
  ];

  it.each(cases)("%s reads %s", (id, label) => {
    expect(periodLabel(id)).toBe(label);
  });
});
