import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSummary, type Summary } from "../../src/reports/compile.js";
import { summaryJson } from "../../src/reports/render-json.js";
import { parseScope } from "../../src/reports/scope.js";
import { listReports } from "../../src/reports/store.js";
import { PROGRESS_STATUSES } from "../../src/reports/status.js";
import { at, openFixture, seedYear, type Fixture } from "./fixture.js";

let f: Fixture;

beforeAll(() => {
  f = openFixture();
  seedYear(f);
});

afterAll(() => f.dispose());

function summaryAt(iso: string, filter: Parameters<typeof compileSummary>[0]["filter"] = {}): Summary {
  const { id, plan, directory } = f.app.active();
  return compileSummary({ plan, directory, reports: listReports(f.app.db, id, { history: true }), now: at(iso), zone: "Asia/Ho_Chi_Minh", filter });
}

function row(s: Summary, task: string, agency: string, period: string) {
  const r = s.rows.find((x) => x.task === task && x.agency === agency && x.period === period);
  if (!r) throw new Error(`no row ${task}/${agency}/${period}`);
  return r;
}

describe("statuses at an as-of date", () => {
  it("nothing reported for task 3 on 02/04/2024 is qua_han for Sở Thông tin và Truyền thông", () => {
    const s = summaryAt("2024-04-02T09:00:00+07:00");
    expect(row(s, "3", "STTTT", "2024")).toMatchObject({ status: "qua_han", daysOverdue: 2, report: null, deadline: "2024-03-31" });
    expect(row(s, "1", "VPUBND", "2024-Q1")).toMatchObject({ status: "hoan_thanh_dung_han", daysOverdue: null });
    expect(row(s, "1", "STTTT", "2024-Q1").status).toBe("qua_han");
    expect(row(s, "5c", "SVHTTDL", "2024").status).toBe("chua_bao_cao");
  });

  it("a done report after the deadline is hoan_thanh_qua_han, with the days it came late", () => {
    const s = summaryAt("2024-04-10T09:00:00+07:00");
    expect(row(s, "3", "STTTT", "2024")).toMatchObject({ status: "hoan_thanh_qua_han", daysOverdue: 5, done: true });
    expect(row(s, "3", "STTTT", "2024").report?.results).toContain("123/STTTT");
  });

  it("a report not done is dang_thuc_hien_trong_han before the deadline and qua_han after it", () => {
    expect(row(summaryAt("2024-07-15T09:00:00+07:00"), "2", "STTTT", "2024").status).toBe("dang_thuc_hien_trong_han");
    expect(row(summaryAt("2024-10-02T09:00:00+07:00"), "2", "STTTT", "2024")).toMatchObject({ status: "qua_han", daysOverdue: 2 });
  });

  it("reads the deadline day in the configured zone, not in UTC", () => {
    const s = summaryAt("2024-07-02T09:00:00+07:00");
    expect(row(s, "1", "VPUBND", "2024-Q2").status).toBe("hoan_thanh_dung_han");
    expect(row(s, "1", "STTTT", "2024-Q2")).toMatchObject({ status: "hoan_thanh_qua_han", daysOverdue: 1 });
  });

  it("ignores reports received after the as-of moment and takes the one current then", () => {
    expect(row(summaryAt("2024-04-05T09:59:00+07:00"), "3", "STTTT", "2024").status).toBe("qua_han");
    const before = row(summaryAt("2024-05-30T09:00:00+07:00"), "8", "VPUBND", "2024-05");
    expect(before).toMatchObject({ status: "dang_thuc_hien_trong_han", done: true });
    expect(before.report?.results).toBe("Đã đăng 45 tin, bài.");
    const after = row(summaryAt("2024-06-10T09:00:00+07:00"), "8", "VPUBND", "2024-05");
    expect(after.status).toBe("hoan_thanh_dung_han");
    expect(after.report?.results).toBe("Đã đăng 50 tin, bài.");
  });

  it("counts a continuous task per month as reported or not, for the months begun", () => {
    const s = summaryAt("2024-07-15T09:00:00+07:00");
    const rows = s.rows.filter((r) => r.task === "4");
    expect(rows.map((r) => r.period)).toEqual(["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-07"]);
    expect(rows.every((r) => r.continuous && r.deadline === null && r.daysOverdue === null)).toBe(true);
    expect(rows.filter((r) => r.done).map((r) => r.period)).toEqual(["2024-06"]);
    expect(rows.filter((r) => !r.done).every((r) => r.status === "chua_bao_cao")).toBe(true);
    const task4 = s.tasks.find((t) => t.task.id === "4")!;
    expect(task4).toMatchObject({ total: 7, done: 1 });
    expect(task4.rate).toBeCloseTo(1 / 7);
  });

  it("has every status category at year end, and the counts add up", () => {
    const s = summaryAt("2024-11-10T09:00:00+07:00");
    for (const st of PROGRESS_STATUSES) expect(s.counts[st], st).toBeGreaterThan(0);
    expect(PROGRESS_STATUSES.reduce((n, st) => n + s.counts[st], 0)).toBe(s.rows.length);
    expect(s.total).toBe(s.rows.length);
    expect(s.overdue.every((r) => r.status === "qua_han" && (r.daysOverdue ?? 0) > 0)).toBe(true);
    expect(s.overdue.map((r) => r.daysOverdue)).toEqual([...s.overdue.map((r) => r.daysOverdue)].sort((a, b) => b! - a!));
  });

  it("gives the completion rate per agency and per task", () => {
    const s = summaryAt("2024-11-10T09:00:00+07:00");
    const vpub = s.agencies.find((a) => a.code === "VPUBND")!;
    expect(vpub.name).toBe("Văn phòng UBND tỉnh");
    expect(vpub.done).toBe(vpub.rows.filter((r) => r.done).length);
    expect(vpub.rate).toBeCloseTo(vpub.done / vpub.total);
    const task1 = s.tasks.find((t) => t.task.id === "1")!;
    // Q1..Q4 begun by 10/11 for two leads; VPUB Q1, Q2 and STTTT Q2 done.
    expect(task1).toMatchObject({ total: 8, done: 3 });
  });
});

describe("who has not reported, and what the reports say", () => {
  const s = () => summaryAt("2024-11-10T09:00:00+07:00");

  it("lists the lead agencies with no report at all, in directory order", () => {
    const silent = s().silent;
    expect(silent).toContain("SNV");
    expect(silent).toContain("UBND_LYSON");
    expect(silent).toContain("BAOQN");
    for (const reported of ["VPUBND", "STTTT", "CAT", "SKHDT", "SVHTTDL"]) expect(silent).not.toContain(reported);
    // Agencies that lead nothing (Công an leads task 4; Hội Nhà báo leads nothing) are not asked.
    expect(silent).not.toContain("HNB");
  });

  it("gathers difficulties and proposals with who raised them", () => {
    const { difficulties, proposals } = s();
    // In the order the reports arrived.
    expect(difficulties.map((d) => [d.agency, d.task, d.text])).toEqual([
      ["STTTT", "3", "Thiếu kinh phí in ấn tài liệu hướng dẫn"],
      ["CAT", "4", "Kinh phí in ấn tài liệu còn thiếu"],
      ["SKHDT", "10", "Kinh phí in cẩm nang đầu tư 6 thứ tiếng chưa được bố trí"],
    ]);
    expect(proposals.map((p) => [p.agency, p.text])).toEqual(
      expect.arrayContaining([
        ["STTTT", "Đề nghị Sở Tài chính bổ sung kinh phí"],
        ["SKHDT", "Đề xuất Sở Tài chính xem xét bổ sung"],
      ]),
    );
  });

  it("groups difficulties worded differently, the most widely raised first", () => {
    const [first, second] = s().themes;
    expect(first!.agencies.sort()).toEqual(["CAT", "STTTT"]);
    expect(first!.count).toBe(2);
    expect(second!.agencies).toEqual(["SKHDT"]);
  });

  it("keeps the figures agencies gave as highlights, in plan order", () => {
    expect(s().highlights.map((h) => [h.task, h.agency, h.figures])).toEqual([
      ["1", "VPUBND", ["30 phóng viên"]],
      ["4", "CAT", ["17 bài viết"]],
      ["5c", "SVHTTDL", ["3 chương trình"]],
    ]);
  });
});

describe("filters", () => {
  const year = 2024;

  it("by period: only the periods that overlap it", () => {
    const s = summaryAt("2024-11-10T09:00:00+07:00", { period: parseScope("2024-Q2", year)! });
    const periods = new Set(s.rows.map((r) => r.period));
    expect([...periods].sort()).toEqual(["2024", "2024-04", "2024-05", "2024-06", "2024-Q2"]);
    expect(s.rows.some((r) => r.task === "3")).toBe(false);
    expect(s.rows.some((r) => r.task === "2")).toBe(true);
    expect(s.difficulties.map((d) => d.agency)).toEqual(["CAT"]);
  });

  it("by a month: the quarter holding it and that month", () => {
    const s = summaryAt("2024-11-10T09:00:00+07:00", { period: parseScope("tháng 9", year)! });
    expect(new Set(s.rows.map((r) => r.period))).toEqual(new Set(["2024", "2024-09", "2024-Q3"]));
  });

  it("by task and by agency", () => {
    const byTask = summaryAt("2024-11-10T09:00:00+07:00", { task: "1" });
    expect(byTask.tasks.map((t) => t.task.id)).toEqual(["1"]);
    expect(new Set(byTask.rows.map((r) => r.agency))).toEqual(new Set(["VPUBND", "STTTT"]));
    const byAgency = summaryAt("2024-11-10T09:00:00+07:00", { agency: "CAT" });
    expect(new Set(byAgency.rows.map((r) => r.agency))).toEqual(new Set(["CAT"]));
    expect(byAgency.tasks.map((t) => t.task.id)).toEqual(["4"]);
    expect(byAgency.difficulties.every((d) => d.agency === "CAT")).toBe(true);
  });
});

describe("JSON", () => {
  it("has exactly the shape of the issue", () => {
    const json = summaryJson(summaryAt("2024-04-02T09:00:00+07:00"));
    expect(Object.keys(json)).toEqual(["asOf", "period", "counts", "rows", "silent", "difficulties", "proposals"]);
    expect(json.asOf).toBe("2024-04-02T09:00:00.000+07:00");
    expect(json.period).toBe("2024");
    expect(Object.keys(json.counts)).toEqual([...PROGRESS_STATUSES]);
    expect(json.rows.find((r) => r.task === "3")).toEqual({
      task: "3",
      agency: "Sở Thông tin và Truyền thông",
      period: "2024",
      status: "qua_han",
      reportedAt: null,
      daysOverdue: 2,
    });
    for (const r of json.rows) expect(Object.keys(r)).toEqual(["task", "agency", "period", "status", "reportedAt", "daysOverdue"]);
    expect(json.silent).toContain("Sở Nội vụ");
    const later = summaryJson(summaryAt("2024-11-10T09:00:00+07:00"));
    expect(later.difficulties).toContainEqual({ agency: "Công an tỉnh", task: "4", text: "Kinh phí in ấn tài liệu còn thiếu" });
    expect(later.proposals).toContainEqual({ agency: "Sở Kế hoạch và Đầu tư", task: "10", text: "Đề xuất Sở Tài chính xem xét bổ sung" });
  });
});
