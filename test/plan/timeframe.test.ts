import { describe, expect, it } from "vitest";
import { parseTimeframe } from "../../src/plan/timeframe.js";

const QUARTER_ENDS = ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"];
const MONTH_ENDS = [
  "2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30",
  "2024-07-31", "2024-08-31", "2024-09-30", "2024-10-31", "2024-11-30", "2024-12-31",
];

describe("parseTimeframe", () => {
  const understood: [string, string | null, string | null, string[]][] = [
    // text, recurrence, windowStart, deadlines (plan year 2024)
    ["Hàng quý (trong năm)", "quarterly", "2024-01-01", QUARTER_ENDS],
    ["Hàng quý trong năm.", "quarterly", "2024-01-01", QUARTER_ENDS],
    ["Định kỳ hằng quý", "quarterly", "2024-01-01", QUARTER_ENDS],
    ["hang quy", "quarterly", "2024-01-01", QUARTER_ENDS],
    ["Quý I/2024", "once", "2024-01-01", ["2024-03-31"]],
    ["Quý I/2024.", "once", "2024-01-01", ["2024-03-31"]],
    ["quy i / 2024", "once", "2024-01-01", ["2024-03-31"]],
    ["Quý II, III/2024", "once", "2024-04-01", ["2024-09-30"]],
    ["Quý II, III/2024.", "once", "2024-04-01", ["2024-09-30"]],
    ["Quý II và Quý III năm 2024", "once", "2024-04-01", ["2024-09-30"]],
    ["Quý IV", "once", "2024-10-01", ["2024-12-31"]],
    ["Quý IV/2025", "once", "2025-10-01", ["2025-12-31"]],
    ["Tháng 6/2024", "once", "2024-06-01", ["2024-06-30"]],
    ["tháng 2", "once", "2024-02-01", ["2024-02-29"]],
    ["Tháng 9, 10/2024", "once", "2024-09-01", ["2024-10-31"]],
    ["Trước ngày 15/11/2024", "once", "2024-01-01", ["2024-11-15"]],
    ["trước ngày 15/11", "once", "2024-01-01", ["2024-11-15"]],
    ["Truoc ngay 30/6/2024", "once", "2024-01-01", ["2024-06-30"]],
    ["Chậm nhất ngày 05/12/2024", "once", "2024-01-01", ["2024-12-05"]],
    ["6 tháng đầu năm", "once", "2024-01-01", ["2024-06-30"]],
    ["6 tháng đầu năm 2024", "once", "2024-01-01", ["2024-06-30"]],
    ["6 tháng cuối năm", "once", "2024-07-01", ["2024-12-31"]],
    ["Năm 2024", "once", "2024-01-01", ["2024-12-31"]],
    ["Năm 2024.", "once", "2024-01-01", ["2024-12-31"]],
    ["Trong năm 2024", "once", "2024-01-01", ["2024-12-31"]],
    ["Định kỳ hằng tháng", "monthly", "2024-01-01", MONTH_ENDS],
    ["hàng tháng", "monthly", "2024-01-01", MONTH_ENDS],
    ["Thường xuyên (trong năm)", "continuous", "2024-01-01", []],
    ["Thường xuyên trong năm.", "continuous", "2024-01-01", []],
    ["Thường xuyên", "continuous", "2024-01-01", []],
    ["*Quý IV/2024*", "once", "2024-10-01", ["2024-12-31"]],
    ["THƯỜNG XUYÊN", "continuous", "2024-01-01", []],
    ["Hàng quý; Quý I/2024", "quarterly", "2024-01-01", QUARTER_ENDS],
    ["thuong xuyen trong nam", "continuous", "2024-01-01", []],
  ];

  it.each(understood)("%s", (text, recurrence, windowStart, deadlines) => {
    expect(parseTimeframe(text, 2024)).toEqual({ recurrence, windowStart, deadlines });
  });

  it("reads decomposed (NFD) input and the older spelling \"quí\" alike", () => {
    expect(parseTimeframe("Hàng quý trong năm".normalize("NFD"), 2024).recurrence).toBe("quarterly");
    expect(parseTimeframe("Quí III/2024", 2024).deadlines).toEqual(["2024-09-30"]);
  });

  const notUnderstood = ["Theo tiến độ của Bộ", "Khi có yêu cầu", "Quý V/2024", "Tháng 13/2024", "Trước ngày 31/2/2024"];

  it.each(notUnderstood)("never guesses a date: %s is unscheduled, with a warning for the admin", (text) => {
    const result = parseTimeframe(text, 2024);
    expect(result).toEqual({ recurrence: "unscheduled", windowStart: null, deadlines: [], warning: expect.stringContaining(text) });
  });

  it("says so when there is no timeframe at all", () => {
    expect(parseTimeframe("  ", 2024)).toMatchObject({ recurrence: "unscheduled", warning: expect.stringMatching(/^không có thời gian thực hiện/) });
  });
});

describe("parseTimeframe over a plan of several years (issued 18/11/2025, running 2026–2030)", () => {
  const time = { from: 2026, to: 2030, issued: "2025-11-18" };
  const yearEnds = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${from + i}-12-31`);
  const cases: [string, string, string[]][] = [
    ["Hằng năm", "yearly", yearEnds(2026, 2030)],
    ["hàng năm", "yearly", yearEnds(2026, 2030)],
    ["Giai đoạn 2026 - 2030", "yearly", yearEnds(2026, 2030)],
    ["2026-2030", "yearly", yearEnds(2026, 2030)],
    ["Năm 2027 và các năm tiếp theo", "yearly", yearEnds(2027, 2030)],
    ["Từ năm 2028", "yearly", yearEnds(2028, 2030)],
    ["Quý IV/2025 - Quý II/2026", "once", ["2026-06-30"]],
    ["Từ ngày 01/12/2025 đến ngày 31/01/2026", "once", ["2026-01-31"]],
    ["ngày 16 tháng 12 năm 2025", "once", ["2025-12-16"]],
    ["Trước ngày 15/12/2025", "once", ["2025-12-15"]],
    ["Tháng 11 - 12/2025", "once", ["2025-12-31"]],
    ["Năm 2026", "once", ["2026-12-31"]],
    ["2026", "once", ["2026-12-31"]],
    ["Thường xuyên", "continuous", []],
    ["Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê", "continuous", []],
    ["trước ngày 01/6 và 15/11 hằng năm", "yearly", yearEnds(2026, 2030).flatMap((d) => [d.replace("12-31", "06-01"), d.replace("12-31", "11-15")])],
    ["Định kỳ 6 tháng", "yearly", yearEnds(2026, 2030).flatMap((d) => [d.replace("12-31", "06-30"), d])],
    ["Hằng quý", "quarterly", yearEnds(2026, 2030).flatMap((d) => ["03-31", "06-30", "09-30", "12-31"].map((md) => d.slice(0, 5) + md))],
    ["trước ngày 20 của tháng cuối quý", "quarterly", yearEnds(2026, 2030).flatMap((d) => ["03-20", "06-20", "09-20", "12-20"].map((md) => d.slice(0, 5) + md))],
    ["chậm nhất ngày 10 tháng 12 hằng năm", "yearly", yearEnds(2026, 2030).map((d) => d.replace("12-31", "12-10"))],
    ["Quý IV hằng năm", "yearly", yearEnds(2026, 2030)],
  ];

  it.each(cases)("%s", (text, recurrence, deadlines) => {
    expect(parseTimeframe(text, time)).toMatchObject({ recurrence, deadlines });
  });

  it("reads 'trước ngày 15 hằng tháng' as the 15th of every month", () => {
    const r = parseTimeframe("trước ngày 15 hằng tháng", time);
    expect(r.recurrence).toBe("monthly");
    expect(r.deadlines).toHaveLength(60);
    expect(r.deadlines.slice(0, 2)).toEqual(["2026-01-15", "2026-02-15"]);
  });

  it("leaves out dates before the plan's own date", () => {
    expect(parseTimeframe("trước ngày 01/6 và 15/11 hằng năm", { from: 2025, to: 2026, issued: "2025-11-18" }).deadlines).toEqual([
      "2026-06-01",
      "2026-11-15",
    ]);
  });

  it.each(["Theo tiến độ triển khai của Bộ", "Sau khi Nghị định được ban hành", ""])("%j is unscheduled: no deadline invented", (text) => {
    expect(parseTimeframe(text, time)).toMatchObject({ recurrence: "unscheduled", deadlines: [], warning: expect.stringContaining("chưa xếp lịch") });
  });
});
