import { describe, expect, it } from "vitest";
import { overlaps, parseScope, scopeOfPeriod } from "../../src/reports/scope.js";

describe("parseScope", () => {
  it.each([
    ["2024", "2024", "2024-01-01", "2024-12-31"],
    ["năm 2024", "2024", "2024-01-01", "2024-12-31"],
    ["2024-Q3", "2024-Q3", "2024-07-01", "2024-09-30"],
    ["2024-q1", "2024-Q1", "2024-01-01", "2024-03-31"],
    ["Q3/2024", "2024-Q3", "2024-07-01", "2024-09-30"],
    ["quý III/2024", "2024-Q3", "2024-07-01", "2024-09-30"],
    ["Quý IV", "2025-Q4", "2025-10-01", "2025-12-31"],
    ["quy 2", "2025-Q2", "2025-04-01", "2025-06-30"],
    ["2024-09", "2024-09", "2024-09-01", "2024-09-30"],
    ["2024-2", "2024-02", "2024-02-01", "2024-02-29"],
    ["09/2024", "2024-09", "2024-09-01", "2024-09-30"],
    ["tháng 9", "2025-09", "2025-09-01", "2025-09-30"],
    ["Tháng 12/2024", "2024-12", "2024-12-01", "2024-12-31"],
    ["T2", "2025-02", "2025-02-01", "2025-02-28"],
  ])("%s", (text, id, start, end) => {
    expect(parseScope(text, 2025)).toEqual({ id, start, end });
  });

  it.each(["", "quý 5", "tháng 13", "2024-Q0", "hôm qua", "2024-13", "Q3 2024 và Q4"])("refuses %j", (text) => {
    expect(parseScope(text, 2024)).toBeUndefined();
  });

  it("reads the period ids reports are stored under", () => {
    expect(scopeOfPeriod("2024-Q2")?.end).toBe("2024-06-30");
    expect(scopeOfPeriod("IV.12")).toBeUndefined();
    expect(overlaps(scopeOfPeriod("2024-06")!, scopeOfPeriod("2024-Q2")!)).toBe(true);
    expect(overlaps(scopeOfPeriod("2024-07")!, scopeOfPeriod("2024-Q2")!)).toBe(false);
  });
});
