import { describe, expect, it } from "vitest";
import { addDays, atLocal, daysAfter, daysBetween, formatDate, formatDateTime, localDate, parseUserDate } from "../src/time.js";

const ZONE = "Asia/Ho_Chi_Minh";

describe("time", () => {
  it("moves ISO dates by calendar days across months, years and leap days", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysBetween("2024-03-01", "2024-02-28")).toBe(-2);
  });

  it("moves a moment by whole days", () => {
    expect(daysAfter(new Date("2024-03-28T01:00:00Z"), 3).toISOString()).toBe("2024-03-31T01:00:00.000Z");
    expect(daysAfter(new Date("2024-03-28T01:00:00Z"), -30).toISOString()).toBe("2024-02-27T01:00:00.000Z");
  });

  it("reads and writes the dates users see, in the zone", () => {
    expect(formatDate("2024-03-31")).toBe("31/03/2024");
    expect(formatDateTime(new Date("2024-03-28T01:05:00Z"), ZONE)).toBe("08:05 28/03/2024");
    expect(localDate(new Date("2024-03-28T18:00:00Z"), ZONE)).toBe("2024-03-29");
    expect(atLocal("2024-03-28", 8, ZONE).toISOString()).toBe("2024-03-28T01:00:00.000Z");
    expect(parseUserDate("1/4/2024")).toBe("2024-04-01");
    expect(parseUserDate("31/02/2024")).toBeUndefined();
  });
});
