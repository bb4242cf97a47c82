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
    ["thuong xuyen trong nam", "continuous", "2024-01-01", []],
  ];

  it.each(understood)("%s", (text, recurrence, windowStart, deadlines) => {
    expect(parseTimeframe(text, 2024)).toEqual({ recurrence, windowStart, deadlines });
  });

  it("reads decomposed (NFD) input and the older spelling \"quí\" alike", () => {
    expect(parseTimeframe("Hàng quý trong năm".normalize("NFD"), 2024).recurrence).toBe("quarterly");
    expect(parseTimeframe("Quí III/2024", 2024).deadlines).toEqual(["2024-09-30"]);
  });

  const notUnderstood = [
    "Theo tiến độ của Bộ",
    "Khi có yêu cầu",
    "Quý V/2024",
    "Tháng 13/2024",
    "Trước ngày 31/2/2024",
    "Hàng quý; Quý I/2024",
    "2024",
  ];

  it.each(notUnderstood)("warns and never guesses: %s", (text) => {
    const result = parseTimeframe(text, 2024);
    expect(result).toEqual({ recurrence: null, windowStart: null, deadlines: [], warning: expect.stringContaining(text) });
  });

  it("says so when there is no timeframe at all", () => {
    expect(parseTimeframe("  ", 2024).warning).toBe("không có thời gian thực hiện");
  });
});
