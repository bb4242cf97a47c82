/**
 * The application on a temporary SQLite file with the bundled plan and directory, and reports
 * seeded through the `reports add` logic at chosen moments.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { addReport, type AddReportOptions } from "../../commands/reports.js";
import { openApp, type App } from "../../src/app.js";
import { ManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { compileSummary, type Summary } from "../../src/reports/compile.js";
import { listReports } from "../../src/reports/store.js";
import type { Report } from "../../src/reports/types.js";

export interface Fixture {
  app: App;
  clock: ManualClock;
  dir: string;
  add(o: AddReportOptions): Report;
  dispose(): void;
}

export function openFixture(now = "2024-03-01T09:00:00+07:00"): Fixture {
  const dir = mkdtempSync(join(tmpdir(), "kehoach-reports-"));
  const clock = new ManualClock(now);
  const app = openApp(loadConfig({ DATABASE_PATH: join(dir, "kehoach.sqlite") }), pino({ level: "silent" }), clock);
  app.active();
  return {
    app,
    clock,
    dir,
    add: (o) => addReport(app, o),
    dispose() {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const at = (iso: string) => new Date(iso);

/**
 * A year of reports on the bundled plan that gives every status somewhere: done on time and
 * late, in progress, overdue, a superseded report, reports on either side of midnight in the
 * zone, difficulties worded two ways, proposals and figures.
 */
export function seedYear(f: Pick<Fixture, "add">): void {
  const add = f.add;
  add({ agency: "VPUB", task: "1", period: "2024-Q1", status: "hoan_thanh", at: "2024-03-29T09:00:00+07:00",
    text: "Đã tổ chức họp báo quý I ngày 28/3/2024, có 30 phóng viên tham dự.", figures: ["30 phóng viên"] });
  // Done after the deadline of 31/03/2024.
  add({ agency: "Sở TT&TT", task: "3", period: "2024", status: "hoàn thành", at: "2024-04-05T10:00:00+07:00",
    text: "Đã ban hành Công văn hướng dẫn số 123/STTTT.", difficulties: ["Thiếu kinh phí in ấn tài liệu hướng dẫn"],
    proposals: ["Đề nghị Sở Tài chính bổ sung kinh phí"] });
  add({ agency: "Sở Thông tin và Truyền thông", task: "2", period: "2024", status: "dang_thuc_hien", at: "2024-07-10T09:00:00+07:00",
    text: "Đang chuẩn bị hội nghị tập huấn TTĐN, dự kiến tổ chức trong tháng 8." });
  add({ agency: "Công an tỉnh", task: "4", period: "tháng 6", status: "dang_thuc_hien", at: "2024-06-25T09:00:00+07:00",
    text: "Trong tháng đã phát hiện và đề nghị gỡ bỏ 17 bài viết xuyên tạc.", figures: ["17 bài viết"],
    difficulties: ["Kinh phí in ấn tài liệu còn thiếu"] });
  add({ agency: "Sở Kế hoạch và Đầu tư", task: "10", period: "2024-09", status: "gap_kho_khan", at: "2024-09-25T09:00:00+07:00",
    text: "Chưa in được cẩm nang đầu tư.", difficulties: ["Kinh phí in cẩm nang đầu tư 6 thứ tiếng chưa được bố trí"],
    proposals: ["Đề xuất Sở Tài chính xem xét bổ sung"] });
  add({ agency: "SVHTTDL", task: "5c", period: "2024", status: "hoan_thanh", at: "2024-11-05T09:00:00+07:00",
    text: "Đã tham gia 3 chương trình xúc tiến du lịch tại Hàn Quốc và Nhật Bản.", figures: ["3 chương trình"] });
  // A newer report for the same key supersedes the older one from the moment it arrives.
  add({ agency: "VPUB", task: "8", period: "2024-05", status: "dang_thuc_hien", at: "2024-05-27T09:00:00+07:00", text: "Đã đăng 45 tin, bài." });
  add({ agency: "VPUB", task: "8", period: "2024-05", status: "hoan_thanh", at: "2024-06-03T09:00:00+07:00", text: "Đã đăng 50 tin, bài." });
  // Late on the deadline day, and early the next morning: still the deadline day in UTC, but late.
  add({ agency: "VPUB", task: "1", period: "2024-Q2", status: "hoan_thanh", at: "2024-06-30T23:30:00+07:00", text: "Họp báo quý II." });
  add({ agency: "STTTT", task: "1", period: "2024-Q2", status: "hoan_thanh", at: "2024-07-01T06:00:00+07:00", text: "Phối hợp họp báo quý II." });
}


/** The summary of every report the fixture holds, as at `now`. */
export function summaryOf(f: Pick<Fixture, "app">, now: string): Summary {
  const { id, plan, directory } = f.app.active();
  return compileSummary({ plan, directory, reports: listReports(f.app.db, id, { history: true }), now: new Date(now), zone: "Asia/Ho_Chi_Minh" });
}
