import { readFileSync } from "node:fs";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { addDays } from "../../src/time.js";
import { loadDirectories } from "../../src/plan/directories.js";
import { parsePlan, readHeader } from "../../src/plan/parse.js";
import { periodsOf } from "../../src/plan/periods.js";
import { remindersDue, type PolicyInput, type ReportFact } from "../../src/reminders/policy.js";
import { DEFAULT_SETTINGS, reminderSettings } from "../../src/reminders/settings.js";
import type { Reminder } from "../../src/reminders/types.js";
import { binhDinhDirectory, calendar, secondPlan, seedDirectory, seedPlan, ZONE } from "../support/plans.js";

const at = (iso: string) => new Date(iso);
const directories = loadDirectories(undefined);

function seed(extra: Partial<PolicyInput> = {}): Reminder[] {
  return remindersDue({
    plan: seedPlan,
    directory: seedDirectory,
    calendar,
    settings: DEFAULT_SETTINGS,
    zone: ZONE,
    reports: [],
    from: at("2024-01-01T00:00:00+07:00"),
    to: at("2024-12-31T23:59:59.999+07:00"),
    ...extra,
  });
}

function countByKind(list: Reminder[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of list) out[r.kind] = (out[r.kind] ?? 0) + 1;
  return out;
}

const local = (r: Reminder) => DateTime.fromISO(r.at, { zone: ZONE });
const lines = (list: Reminder[]) => list.map((r) => `${r.date} ${r.agency} ${r.task ?? r.section} ${r.period ?? "-"} ${r.kind}`);
const done = (agency: string, task: string, period: string, reportedAt: string): ReportFact => ({
  agency,
  task,
  period,
  status: "hoan_thanh",
  reportedAt: new Date(reportedAt).toISOString(),
});

describe("the seed plan through 2024, simulated a day at a time", () => {
  // The scheduler asks the policy for short windows; stepping a fake clock through the year a
  // day at a time must give exactly what one look at the whole year gives.
  const year = seed();
  const stepped: Reminder[] = [];
  for (let day = "2024-01-01"; day <= "2024-12-31"; day = addDays(day, 1)) {
    const start = DateTime.fromISO(day, { zone: ZONE });
    stepped.push(...seed({ from: start.toJSDate(), to: start.endOf("day").toJSDate(), asOf: start.toJSDate() }));
  }

  it("sees the same reminders whichever the window", () => {
    expect(stepped.map((r) => r.key)).toEqual(year.map((r) => r.key));
    expect(new Set(year.map((r) => r.key)).size).toBe(year.length);
  });

  it("sends only on working days, between 07:00 and 21:00 in Asia/Ho_Chi_Minh", () => {
    for (const r of year) {
      const t = local(r);
      expect(calendar.isWorkingDay(t.toISODate()!), r.key).toBe(true);
      expect(t.hour >= 7 && t.hour < 21, r.key).toBe(true);
      expect(r.at).toMatch(/^2024-\d\d-\d\dT08:00:00\+07:00$/);
      expect(t.toISODate()).toBe(r.date);
    }
  });

  it("reminds Sở Thông tin và Truyền thông of task 3 (due Sunday 31/03/2024) before it, on working days", () => {
    const task3 = year.filter((r) => r.task === "3" && r.agency === "STTTT");
    // D−7 (Sunday 24/03) and D−1 (Saturday 30/03) move back to the Fridays before them; no
    // reminder on the Sunday deadline itself; overdue from Monday 01/04, then weekly, four in all.
    expect(lines(task3)).toEqual([
      "2024-03-22 STTTT 3 2024 before",
      "2024-03-28 STTTT 3 2024 before",
      "2024-03-29 STTTT 3 2024 before",
      "2024-04-01 STTTT 3 2024 overdue",
      "2024-04-08 STTTT 3 2024 overdue",
      "2024-04-15 STTTT 3 2024 overdue",
      "2024-04-22 STTTT 3 2024 overdue",
    ]);
    expect(task3.every((r) => r.deadline === "2024-03-31" && r.section === "II.3")).toBe(true);
    expect(task3.filter((r) => r.kind === "before").every((r) => r.date < "2024-03-31" && ![0, 6].includes(local(r).weekday % 7))).toBe(true);
  });

  it("reminds every lead agency of every task with a deadline, for every period", () => {
    for (const task of seedPlan.tasks.filter((t) => t.deadlines.length > 0)) {
      const leads = seedDirectory.expand(task.lead);
      expect(leads.length, task.id).toBeGreaterThan(0);
      for (const period of periodsOf(task, seedPlan.year)) {
        for (const lead of leads) {
          const before = year.filter((r) => r.kind === "before" && r.agency === lead.code && r.task === task.id && r.period === period.id);
          expect(before.length, `${task.id} ${period.id} ${lead.code}`).toBeGreaterThanOrEqual(2);
          expect(before.every((r) => r.date < period.deadline!)).toBe(true);
        }
      }
    }
  });

  it("brings the 15/11/2024 report deadline to every agency that must report, four times", () => {
    const deadline = seedPlan.reportDeadlines.find((d) => d.date === "2024-11-15")!;
    expect(deadline.section).toBe("IV.12");
    const must = seedDirectory.expand(deadline.who).map((a) => a.code).sort();
    // Every department and the 13 district-level units.
    expect(must).toHaveLength(33);
    const sent = year.filter((r) => r.kind === "report_deadline");
    expect([...new Set(sent.map((r) => r.agency!))].sort()).toEqual(must);
    for (const code of must) {
      // D−14, D−7, D−3, D−1 of Friday 15/11: all working days.
      expect(sent.filter((r) => r.agency === code).map((r) => r.date)).toEqual(["2024-11-01", "2024-11-08", "2024-11-12", "2024-11-14"]);
    }
    expect(sent.every((r) => r.task === null && r.section === "IV.12" && r.deadline === "2024-11-15")).toBe(true);
  });

  it("counts, per kind, what the plan and the defaults give", () => {
    // Deadlines: task 1 (4 quarters × 2 leads), tasks 2, 3 and 5c: 11 items.
    // before: 11 × 3 less the 3 items due Monday 30/09, whose D−3 and D−1 fall on one Friday.
    // due: the deadlines on working days (30/09: task 1 × 2 and task 2; 31/12: task 1 × 2 and 5c).
    // overdue: 4 for each item except the 3 due 31/12, whose overdue reminders fall in 2025.
    // partner_notice: task 1's 33 partners (all departments less the two leads, 13 districts,
    // 2 press bodies) × 4 quarters, and Sở Ngoại vụ for task 5c.
    // checkin: 62 lead agency × continuous task pairs (task 9 alone: 33) × 12 months.
    // report_deadline: 33 agencies × 4. digest: every working day from Wednesday 03/04/2024,
    // the third working day after task 3's deadline.
    expect(countByKind(year)).toEqual({
      before: 30,
      due: 6,
      overdue: 32,
      partner_notice: 133,
      checkin: 744,
      report_deadline: 132,
      digest: 190,
    });
    const digests = year.filter((r) => r.kind === "digest");
    expect(digests[0]!.date).toBe("2024-04-03");
    expect(digests[0]!.items!.map((i) => `${i.agency} ${i.task} ${i.period}`)).toEqual(["VPUBND 1 2024-Q1", "STTTT 1 2024-Q1", "STTTT 3 2024"]);
    expect(digests.every((d) => d.agency === null && d.items!.length > 0)).toBe(true);
  });
});

describe("a done report", () => {
  const base = seed();

  it("stops that agency's reminders for the item from the moment it is reported", () => {
    const after = seed({ reports: [done("STTTT", "3", "2024", "2024-03-27T15:00:00+07:00")] });
    const gone = base.filter((r) => !after.some((a) => a.key === r.key));
    expect(lines(gone.filter((r) => r.kind !== "digest"))).toEqual([
      "2024-03-28 STTTT 3 2024 before",
      "2024-03-29 STTTT 3 2024 before",
      "2024-04-01 STTTT 3 2024 overdue",
      "2024-04-08 STTTT 3 2024 overdue",
      "2024-04-15 STTTT 3 2024 overdue",
      "2024-04-22 STTTT 3 2024 overdue",
    ]);
    // Task 1 (another item of the same agency) goes on.
    expect(after.filter((r) => r.agency === "STTTT" && r.task === "1" && r.period === "2024-Q1")).toHaveLength(7);
    // The digest no longer lists it.
    expect(after.filter((r) => r.kind === "digest").every((d) => !d.items!.some((i) => i.agency === "STTTT" && i.task === "3"))).toBe(true);
  });

  it("already made when the window is read stops reminders the window still holds", () => {
    // A pass catching up on 28/03 after the report came in on 29/03 sends nothing for the item.
    const late = seed({
      reports: [done("STTTT", "3", "2024", "2024-03-29T10:00:00+07:00")],
      from: at("2024-03-27T00:00:00+07:00"),
      to: at("2024-03-29T10:30:00+07:00"),
      asOf: at("2024-03-29T10:30:00+07:00"),
    });
    expect(late.filter((r) => r.task === "3")).toEqual([]);
  });

  it("that is not 'done' leaves the reminders; a partner's notice stops only when every lead is done", () => {
    const inProgress = seed({ reports: [{ ...done("STTTT", "3", "2024", "2024-03-20T09:00:00+07:00"), status: "dang_thuc_hien" }] });
    expect(inProgress.filter((r) => r.task === "3").length).toBe(base.filter((r) => r.task === "3").length);

    const notices = (list: Reminder[]) => list.filter((r) => r.kind === "partner_notice" && r.task === "1" && r.period === "2024-Q1");
    expect(notices(base)).toHaveLength(33);
    const oneLead = seed({ reports: [done("STTTT", "1", "2024-Q1", "2024-03-01T09:00:00+07:00")] });
    expect(notices(oneLead)).toHaveLength(33);
    const bothLeads = seed({
      reports: [done("STTTT", "1", "2024-Q1", "2024-03-01T09:00:00+07:00"), done("VPUBND", "1", "2024-Q1", "2024-03-01T09:00:00+07:00")],
    });
    expect(notices(bothLeads)).toHaveLength(0);
  });

  it("skips a continuous task's monthly check-in once the month is reported, in any status", () => {
    const checkins = (list: Reminder[]) => list.filter((r) => r.kind === "checkin" && r.agency === "CAT" && r.task === "4");
    expect(checkins(base).map((r) => r.date)).toContain("2024-03-25");
    const reported = seed({ reports: [{ ...done("CAT", "4", "2024-03", "2024-03-20T09:00:00+07:00"), status: "gap_kho_khan" }] });
    expect(checkins(reported).map((r) => r.date)).not.toContain("2024-03-25");
    expect(checkins(reported)).toHaveLength(11);
  });

  it("for the section IV report (entered under its section id) stops the report deadline reminders", () => {
    const after = seed({ reports: [done("SYT", "IV.12", "2024", "2024-11-05T09:00:00+07:00")] });
    expect(after.filter((r) => r.kind === "report_deadline" && r.agency === "SYT").map((r) => r.date)).toEqual(["2024-11-01"]);
    expect(after.filter((r) => r.kind === "report_deadline" && r.agency === "SNV")).toHaveLength(4);
  });
});

describe("the monthly check-in", () => {
  it("falls on the 25th, or the working day before it", () => {
    const dates = seed()
      .filter((r) => r.kind === "checkin" && r.agency === "CAT")
      .map((r) => r.date);
    // 25/02 and 25/05 are Sundays, 25/08 a Sunday too; 25/12 a Wednesday.
    expect(dates).toEqual([
      "2024-01-25", "2024-02-23", "2024-03-25", "2024-04-25", "2024-05-24", "2024-06-25",
      "2024-07-25", "2024-08-23", "2024-09-25", "2024-10-25", "2024-11-25", "2024-12-25",
    ]);
  });
});

describe("pauses", () => {
  it("drop an agency's reminders up to and including the paused date", () => {
    const paused = seed({ agencyPauses: new Map([["STTTT", "2024-03-28"]]) });
    const task3 = paused.filter((r) => r.agency === "STTTT" && r.task === "3").map((r) => r.date);
    expect(task3).toEqual(["2024-03-29", "2024-04-01", "2024-04-08", "2024-04-15", "2024-04-22"]);
    // The admins' digest still lists the agency's overdue items.
    expect(paused.filter((r) => r.kind === "digest")[0]!.items!.some((i) => i.agency === "STTTT")).toBe(true);
  });
});

describe("settings", () => {
  it("change every number of the policy", () => {
    const s = reminderSettings({
      sendHour: 14,
      sendMinute: 30,
      leadDaysBefore: [10],
      remindOnDueDay: false,
      partnerDaysBefore: [3],
      overdueFirstDays: 2,
      overdueEveryDays: 14,
      overdueMax: 2,
      digestAfterWorkingDays: 1,
      checkinDay: 31,
      reportDaysBefore: [2],
    });
    const list = seed({ settings: s });
    expect(lines(list.filter((r) => r.agency === "STTTT" && r.task === "3"))).toEqual([
      "2024-03-21 STTTT 3 2024 before",
      "2024-04-02 STTTT 3 2024 overdue",
      "2024-04-16 STTTT 3 2024 overdue",
    ]);
    expect(list.every((r) => r.at.includes("T14:30:00+07:00"))).toBe(true);
    expect(countByKind(list).due).toBeUndefined();
    expect(list.filter((r) => r.kind === "report_deadline" && r.agency === "SYT").map((r) => r.date)).toEqual(["2024-11-13"]);
    expect(list.filter((r) => r.kind === "partner_notice" && r.agency === "SNGV" && r.task === "5c").map((r) => r.date)).toEqual(["2024-12-27"]);
    // Clamped to the month's end: 29/02/2024 is a Thursday, 30/06 a Sunday.
    const checkins = list.filter((r) => r.kind === "checkin" && r.agency === "CAT").map((r) => r.date);
    expect(checkins.slice(0, 6)).toEqual(["2024-01-31", "2024-02-29", "2024-03-29", "2024-04-26", "2024-05-31", "2024-06-28"]);
    expect(list.find((r) => r.kind === "digest")!.date).toBe("2024-04-01");
  });

  it("refuse a time outside the sending window and other nonsense, naming the key", () => {
    expect(() => reminderSettings({ sendHour: 22 })).toThrow(/sendHour/);
    expect(() => reminderSettings({ windowStartHour: 21, windowEndHour: 7 })).toThrow(/windowEndHour/);
    expect(() => reminderSettings({ leadDaysBefore: [0] })).toThrow(/leadDaysBefore/);
    expect(() => reminderSettings({ sendHour: 8, unknown: 1 })).toThrow(/unknown|Unrecognized/i);
    expect(reminderSettings({}).leadDaysBefore).toEqual([7, 3, 1]);
  });
});

describe("a second plan (Bình Định 2025): monthly and quarterly tasks, two report deadlines, 2025 holidays", () => {
  const list = remindersDue({
    plan: secondPlan,
    directory: binhDinhDirectory,
    calendar,
    settings: DEFAULT_SETTINGS,
    zone: ZONE,
    reports: [],
    from: at("2025-01-01T00:00:00+07:00"),
    to: at("2025-12-31T23:59:59+07:00"),
  });

  it("falls on 2025 working days only", () => {
    expect(list.length).toBeGreaterThan(100);
    for (const r of list) expect(calendar.isWorkingDay(r.date), r.key).toBe(true);
  });

  it("merges the reminders Tết pushes onto one day", () => {
    // Task 3a is due monthly; 31/01/2025 falls in Tết (25/01–02/02), and so do D−1 and D−3:
    // D−7, D−3 and D−1 all move back to Friday 24/01 and become one reminder. The second
    // overdue reminder falls on Saturday 08/02, a day worked in exchange for Monday 27/01.
    const january = list.filter((r) => r.task === "3a" && r.period === "2025-01" && r.agency === "VPUB");
    expect(lines(january)).toEqual([
      "2025-01-24 VPUB 3a 2025-01 before",
      "2025-02-03 VPUB 3a 2025-01 overdue",
      "2025-02-08 VPUB 3a 2025-01 overdue",
      "2025-02-17 VPUB 3a 2025-01 overdue",
      "2025-02-24 VPUB 3a 2025-01 overdue",
    ]);
  });

  it("reminds each lead agency a group stands for, and the quarterly task every quarter", () => {
    const leads3b = new Set(list.filter((r) => r.task === "3b" && r.kind === "before").map((r) => r.agency));
    expect(leads3b.size).toBe(12);
    expect(new Set(list.filter((r) => r.task === "6" && r.kind === "before").map((r) => r.period))).toEqual(
      new Set(["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]),
    );
    // The task whose timeframe gives no date gets the monthly check-in, never a guessed deadline.
    const undated = list.filter((r) => r.task === "5");
    expect(new Set(undated.map((r) => r.kind))).toEqual(new Set(["checkin"]));
    expect(undated.every((r) => r.deadline === null)).toBe(true);
  });

  it("keeps the two deadlines of section IV.3 apart: a report before the first stops only the first", () => {
    const ofQuyNhon = (l: Reminder[]) => l.filter((r) => r.kind === "report_deadline" && r.agency === "QUYNHON").map((r) => `${r.date} ${r.deadline}`);
    expect(ofQuyNhon(list)).toEqual([
      "2025-05-30 2025-06-15",
      "2025-06-06 2025-06-15",
      "2025-06-12 2025-06-15",
      "2025-06-13 2025-06-15",
      "2025-11-14 2025-11-30",
      "2025-11-21 2025-11-30",
      "2025-11-27 2025-11-30",
      "2025-11-28 2025-11-30",
    ]);
    const reported = remindersDue({
      plan: secondPlan,
      directory: binhDinhDirectory,
      calendar,
      settings: DEFAULT_SETTINGS,
      zone: ZONE,
      reports: [done("QUYNHON", "IV.3", "2025", "2025-06-10T09:00:00+07:00")],
      from: at("2025-01-01T00:00:00+07:00"),
      to: at("2025-12-31T23:59:59+07:00"),
    });
    expect(ofQuyNhon(reported)).toEqual([
      "2025-05-30 2025-06-15",
      "2025-06-06 2025-06-15",
      "2025-11-14 2025-11-30",
      "2025-11-21 2025-11-30",
      "2025-11-27 2025-11-30",
      "2025-11-28 2025-11-30",
    ]);
  });
});

describe("a plan of several years with yearly and undated work (Đồng Nai 179, Đồng Tháp 556)", () => {
  const read = (file: string) => {
    const text = readFileSync(new URL(`../fixtures/plans/real/${file}`, import.meta.url), "utf8");
    const plan = parsePlan(text, directories.forPlan(readHeader(text)).directory);
    return { plan, directory: directories.forPlan(readHeader(text)).directory.withPlanAgencies(plan.agencies) };
  };
  const due = (file: string, from: string, to: string) =>
    remindersDue({ ...read(file), calendar, settings: DEFAULT_SETTINGS, zone: ZONE, reports: [], from: at(from), to: at(to) });

  it("reminds yearly work before each year's deadline, in every year of the plan", () => {
    const list = due("dongnai-179-2025-kinh-te-so.md", "2028-12-01T00:00:00+07:00", "2028-12-31T23:59:59+07:00");
    const legal = list.filter((r) => r.task === "1.1" && r.kind === "before");
    expect(legal.map((r) => r.period)).toContain("2028");
    expect(legal.every((r) => r.deadline === "2028-12-31")).toBe(true);
  });

  it("checks on undated work monthly, as on Thường xuyên work, and invents no deadline", () => {
    const { plan } = read("dongthap-556-2025-nq48.md");
    const undated = plan.tasks.find((t) => t.recurrence === "unscheduled")!;
    const list = due("dongthap-556-2025-nq48.md", "2026-03-01T00:00:00+07:00", "2026-03-31T23:59:59+07:00").filter((r) => r.task === undated.id);
    expect(list.map((r) => [r.kind, r.period, r.deadline])).toEqual(list.map(() => ["checkin", "2026-03", null]));
    expect(list.length).toBeGreaterThan(0);
  });
});

describe("one agency's reminders (issue 13, item 1)", () => {
  it("are exactly its part of the whole province's, partner notices and report deadlines included", () => {
    const reports = [done("STTTT", "1", "2024-Q1", "2024-03-25T10:00:00+07:00"), done("SNGV", "5a", "2024-03", "2024-03-20T10:00:00+07:00")];
    const all = seed({ reports });
    for (const agency of seedDirectory.agencies.map((a) => a.code)) {
      const mine = all.filter((r) => r.agency === agency);
      expect(lines(seed({ reports, agency })), agency).toEqual(lines(mine));
    }
    // The comparison covers every kind an agency can get.
    expect(new Set(all.filter((r) => r.agency !== null).map((r) => r.kind))).toEqual(new Set(["before", "due", "overdue", "checkin", "partner_notice", "report_deadline"]));
  });
});
