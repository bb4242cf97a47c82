import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setAgencyPause } from "../../src/core/contacts.js";
import { saveReport } from "../../src/reports/store.js";
import { DEFAULT_SETTINGS } from "../../src/reminders/settings.js";
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
