/**
 * Which report is current: the latest by the report's own time, not the last entered
 * (issue 12, item 8): a letter entered today with an earlier date does not replace a newer report.
 */
import { afterEach, describe, expect, it } from "vitest";
import { listReports } from "../../src/reports/store.js";
import { openFixture, type Fixture } from "./fixture.js";

let f: Fixture;
afterEach(() => f?.dispose());

describe("the current report of a key", () => {
  it("stays the latest by its own time when an older letter is entered after it", () => {
    f = openFixture("2024-04-10T09:00:00+07:00");
    f.add({ agency: "VPUB", task: "1", period: "2024-Q1", status: "hoan_thanh", at: "2024-03-29T09:00:00+07:00", text: "Báo cáo đầy đủ, có 30 phóng viên." });
    f.add({ agency: "VPUB", task: "1", period: "2024-Q1", status: "dang_thuc_hien", at: "2024-03-10T09:00:00+07:00", text: "Công văn cũ: đang chuẩn bị." });
    const current = listReports(f.app.db, f.app.active().id);
    expect(current.map((r) => r.results)).toEqual(["Báo cáo đầy đủ, có 30 phóng viên."]);
    const history = listReports(f.app.db, f.app.active().id, { history: true });
    expect(history.map((r) => r.results)).toEqual(["Công văn cũ: đang chuẩn bị.", "Báo cáo đầy đủ, có 30 phóng viên."]);
  });
});
