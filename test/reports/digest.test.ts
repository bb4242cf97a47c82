import { describe, expect, it } from "vitest";
import { Calendar } from "../../src/plan/calendar.js";
import type { Plan } from "../../src/plan/types.js";
import { digestsDue } from "../../src/reports/digest.js";

const ZONE = "Asia/Ho_Chi_Minh";
const calendar = Calendar.load();
const plan: Plan = {
  title: "Kế hoạch thử",
  year: 2024,
  years: [2024, 2024],
  issued: null,
  coordinator: null,
  agencies: [],
  tasks: [],
  sections: [],
  warnings: [],
  responsibilities: [],
  reportDeadlines: [{ section: "IV.12", date: "2024-11-15", to: "Sở Thông tin và Truyền thông", who: ["Các sở, ban, ngành tỉnh"] }],
};

const due = (from: string, to: string) => digestsDue(plan, calendar, ZONE, new Date(from), new Date(to));

describe("scheduled digests", () => {
  it("sends the weekly digest on Monday at 08:00 local time, keyed by ISO week", () => {
    const list = due("2024-06-01T00:00:00+07:00", "2024-06-30T23:59:00+07:00");
    expect(list.map((d) => [d.key, d.at])).toEqual([
      ["digest:weekly:2024-W23", "2024-06-03T01:00:00.000Z"],
      ["digest:weekly:2024-W24", "2024-06-10T01:00:00.000Z"],
      ["digest:weekly:2024-W25", "2024-06-17T01:00:00.000Z"],
      ["digest:weekly:2024-W26", "2024-06-24T01:00:00.000Z"],
    ]);
  });

  it("moves a holiday Monday to the first working day of the week", () => {
    // 29/04–01/05/2024 are days off: the week's digest goes on Thursday 02/05.
    const list = due("2024-04-28T00:00:00+07:00", "2024-05-03T00:00:00+07:00");
    expect(list).toEqual([{ key: "digest:weekly:2024-W18", kind: "weekly", at: "2024-05-02T01:00:00.000Z", deadline: null }]);
  });

  it("announces each report deadline three days before, on a working day", () => {
    const list = due("2024-11-11T09:00:00+07:00", "2024-11-14T00:00:00+07:00");
    expect(list).toEqual([
      { key: "digest:deadline:IV.12:2024-11-15", kind: "deadline", at: "2024-11-12T01:00:00.000Z", deadline: plan.reportDeadlines[0] },
    ]);
  });

  it("finds each digest in exactly one of consecutive windows, and again after downtime", () => {
    const hours = Array.from({ length: 24 * 21 }, (_, i) => new Date(Date.parse("2024-11-01T00:00:00+07:00") + i * 3_600_000));
    const keys = hours.slice(1).flatMap((to, i) => digestsDue(plan, calendar, ZONE, hours[i]!, to).map((d) => d.key));
    expect(keys).toEqual(["digest:weekly:2024-W45", "digest:weekly:2024-W46", "digest:deadline:IV.12:2024-11-15", "digest:weekly:2024-W47"]);
    expect(new Set(keys).size).toBe(keys.length);
    const caughtUp = due("2024-11-01T00:00:00+07:00", "2024-11-21T23:00:00+07:00").map((d) => d.key);
    expect(caughtUp).toEqual(keys);
  });

  it("stops after the plan year and its last reporting deadline", () => {
    expect(due("2025-01-01T00:00:00+07:00", "2025-02-01T00:00:00+07:00")).toEqual([]);
    expect(due("2023-12-01T00:00:00+07:00", "2024-01-03T00:00:00+07:00").map((d) => d.key)).toEqual(["digest:weekly:2024-W01"]);
  });
});
