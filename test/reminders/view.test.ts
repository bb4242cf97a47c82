import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setAgencyPause } from "../../src/core/contacts.js";
import { saveReport } from "../../src/reports/store.js";
import { remindersDue } from "../../src/reminders/policy.js";
import { DEFAULT_SETTINGS } from "../../src/reminders/settings.js";
import { policyState } from "../../src/reminders/store.js";
import { createReminderView } from "../../src/reminders/view.js";
import { ZONE } from "../support/plans.js";
import { harness, type Harness } from "./setup.js";

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.dispose());

const view = () => createReminderView({ db: h.app.db, calendar: h.app.calendar, zone: ZONE, settings: DEFAULT_SETTINGS, active: () => h.app.active() });

describe("/nhacnho: upcoming reminders of an agency", () => {
  it("lists what the policy will send in the next days, whether or not anyone registered", () => {
    const list = view().upcoming("STTTT", new Date("2024-03-20T09:00:00+07:00"), 14);
    expect(list.map((r) => `${r.at} ${r.task} ${r.period} ${r.kind} ${r.deadline ?? "-"}`)).toEqual([
      "2024-03-22T08:00:00+07:00 1 2024-Q1 before 2024-03-31",
      "2024-03-22T08:00:00+07:00 3 2024 before 2024-03-31",
      "2024-03-25T08:00:00+07:00 6 2024-03 checkin -",
      "2024-03-25T08:00:00+07:00 9 2024-03 checkin -",
      "2024-03-25T08:00:00+07:00 10 2024-03 checkin -",
      "2024-03-25T08:00:00+07:00 12 2024-03 checkin -",
      "2024-03-28T08:00:00+07:00 1 2024-Q1 before 2024-03-31",
      "2024-03-28T08:00:00+07:00 3 2024 before 2024-03-31",
      "2024-03-29T08:00:00+07:00 1 2024-Q1 before 2024-03-31",
      "2024-03-29T08:00:00+07:00 3 2024 before 2024-03-31",
      "2024-04-01T08:00:00+07:00 1 2024-Q1 overdue 2024-03-31",
      "2024-04-01T08:00:00+07:00 3 2024 overdue 2024-03-31",
    ]);
    const report = view().upcoming("SYT", new Date("2024-10-28T09:00:00+07:00"), 25);
    expect(report.map((r) => `${r.at.slice(0, 10)} ${r.kind} ${r.task} ${r.deadline}`)).toEqual([
      "2024-11-01 report_deadline null 2024-11-15",
      "2024-11-08 report_deadline null 2024-11-15",
      "2024-11-12 report_deadline null 2024-11-15",
      "2024-11-14 report_deadline null 2024-11-15",
    ]);
  });

  it("follows the reports and the pauses in the database", () => {
    const { id } = h.app.active();
    saveReport(h.app.db, id, {
      agency: "STTTT", task: "3", period: "2024", status: "hoan_thanh", results: "Đã ban hành.", figures: [], difficulties: [],
      proposals: [], evidence: [], contactId: null, channel: "cli", messageRef: null, reportedAt: "2024-03-20T01:00:00.000Z",
    });
    const now = new Date("2024-03-20T09:00:00+07:00");
    expect(view().upcoming("STTTT", now, 14).filter((r) => r.task === "3")).toEqual([]);
    setAgencyPause(h.app.db, "STTTT", "2024-03-28");
    expect(view().upcoming("STTTT", now, 14).map((r) => r.at.slice(0, 10))).toEqual(["2024-03-29", "2024-04-01"]);
  });
});

describe("/nhacnho reads only the reports that decide the agency's reminders (issue 13, item 1)", () => {
  it("gives every agency what the whole province's policy gives it", () => {
    const { id, plan, directory } = h.app.active();
    const r = (agency: string, task: string, period: string, status: "hoan_thanh" | "dang_thuc_hien", at: string) =>
      saveReport(h.app.db, id, { agency, task, period, status, results: "Đã thực hiện.", figures: [], difficulties: [], proposals: [], evidence: [], contactId: null, channel: "cli", messageRef: null, reportedAt: at });
    // Leads done (a partner stops hearing of it), a report in progress, and a section IV report.
    for (const t of plan.tasks.slice(0, 6)) {
      for (const lead of t.lead.map((n) => directory.find(n)?.code).filter((c): c is string => c !== undefined)) r(lead, t.id, "2024", "hoan_thanh", "2024-02-01T09:00:00+07:00");
    }
    r("CAT", "4", "2024-11", "dang_thuc_hien", "2024-11-25T09:00:00+07:00");
    // Sở Văn hóa, Thể thao và Du lịch leads 5c (Năm 2024) with Sở Ngoại vụ as partner: once it is
    // done, the partner's notice before the deadline is not sent.
    r("SVHTTDL", "5c", "2024", "hoan_thanh", "2024-12-01T09:00:00+07:00");
    const now = new Date("2024-12-10T09:00:00+07:00");
    const whole = remindersDue({ plan, directory, calendar: h.app.calendar, settings: DEFAULT_SETTINGS, zone: ZONE, ...policyState(h.app.db, id), from: now, to: new Date(now.getTime() + 60 * 86_400_000), asOf: now });
    const undone = remindersDue({ plan, directory, calendar: h.app.calendar, settings: DEFAULT_SETTINGS, zone: ZONE, reports: [], from: now, to: new Date(now.getTime() + 60 * 86_400_000), asOf: now });
    expect(undone.some((x) => x.kind === "partner_notice" && x.task === "5c")).toBe(true);
    expect(whole.some((x) => x.kind === "partner_notice" && x.task === "5c")).toBe(false);
    const line = (x: { at: string; task: string | null; period: string | null; kind: string }) => `${x.at} ${x.task} ${x.period} ${x.kind}`;
    for (const agency of directory.agencies.map((a) => a.code)) {
      expect(view().upcoming(agency, now, 60).map(line), agency).toEqual(whole.filter((x) => x.agency === agency).map(line));
    }
  });
});
