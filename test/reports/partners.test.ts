/**
 * A partner's report (an agency listed as "phối hợp" on a task, reporting on it) follows one
 * rule everywhere (issue 14, item 6): it counts as its agency having reported and is shown
 * under the task as a partner's contribution, while the leads' statuses and counts stay theirs.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutgoingMessage } from "../../src/core/messages.js";
import type { Summary } from "../../src/reports/compile.js";
import { progressText, summaryMarkdown } from "../../src/reports/render-text.js";
import { createSummaryView } from "../../src/reports/view.js";
import { openFixture, summaryOf, type Fixture } from "./fixture.js";
import { lastTable, paragraphs, unzip } from "./unzip.js";

const NOW = "2024-03-20T09:00:00+07:00";
const admin = { agency: "STTTT", role: "admin" as const };
const RESULT = "Đã cung cấp 5 tin bài phản bác thông tin sai lệch về tỉnh cho Công an tỉnh.";

let f: Fixture;
let before: Summary;
let after: Summary;
let overview: string;
let docx: string[];
let appendix: string[][];
let wb: ExcelJS.Workbook;

const between = (lines: string[], from: string, to: string) => lines.slice(lines.indexOf(from), lines.indexOf(to));

beforeAll(async () => {
  f = openFixture(NOW);
  before = summaryOf(f, NOW);
  // Task 4 is led by Công an tỉnh, with Sở Ngoại vụ among its partners; Sở Ngoại vụ leads other tasks.
  f.add({ agency: "Sở Ngoại vụ", task: "4", period: "tháng 3", status: "dang_thuc_hien", at: "2024-03-15T09:00:00+07:00", text: RESULT });
  after = summaryOf(f, NOW);
  const view = createSummaryView({ db: f.app.db, active: f.app.active, zone: "Asia/Ho_Chi_Minh" });
  const [chat, doc, sheet] = (await view.overview({ asker: admin, now: new Date(NOW) })) as [OutgoingMessage, OutgoingMessage, OutgoingMessage];
  overview = chat.text;
  const xml = unzip(doc.file!.data).get("word/document.xml")!.toString("utf8");
  docx = paragraphs(xml);
  appendix = lastTable(xml);
  wb = new ExcelJS.Workbook();
  const bytes = sheet.file!.data;
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
});

afterAll(() => f.dispose());

describe("a partner's report", () => {
  it("is a contribution under the task that leaves the leads' statuses and counts as they were", () => {
    const task = after.tasks.find((t) => t.task.id === "4")!;
    expect(task.contributions.map((r) => [r.agency, r.period, r.results])).toEqual([["SNGV", "2024-03", RESULT]]);
    expect(task.rows.map((r) => [r.agency, r.status])).toEqual(before.tasks.find((t) => t.task.id === "4")!.rows.map((r) => [r.agency, r.status]));
    expect(task).toMatchObject({ total: 3, done: 0 });
    expect([after.total, after.done, after.counts]).toEqual([before.total, before.done, before.counts]);
    expect(after.rows.some((r) => r.agency === "SNGV" && r.task === "4")).toBe(false);
  });

  it("counts as its agency having reported", () => {
    expect(before.silent).toContain("SNGV");
    expect(after.silent).not.toContain("SNGV");
    expect(after.silent).toContain("CAT");
  });

  it("shows so in the chat overview, the task's details and the agency's", async () => {
    expect(overview).not.toContain("Sở Ngoại vụ");
    expect(overview).toContain("Báo cáo của cơ quan phối hợp: 1 (1 cơ quan), không tính vào tỷ lệ hoàn thành của cơ quan chủ trì.");
    const view = createSummaryView({ db: f.app.db, active: f.app.active, zone: "Asia/Ho_Chi_Minh" });
    const task = (await view.overview({ task: "4", asker: admin, now: new Date(NOW) }))[0]!.text;
    expect(task).toContain("❔ Chưa gửi báo cáo nào (1 cơ quan): Công an tỉnh");
    expect(task).toContain(`Cơ quan phối hợp đã báo cáo (1):\n• Sở Ngoại vụ (Tháng 03/2024, đang thực hiện): ${RESULT}`);
    const agency = (await view.overview({ agency: "Sở Ngoại vụ", asker: admin, now: new Date(NOW) }))[0]!.text;
    expect(agency).toContain(`Phối hợp thực hiện (không tính vào tỷ lệ):\n• NV 4, Tháng 03/2024: ${RESULT}`);
  });

  it("counts its agency among those that reported in /tiendo, which still lists what the agency owes as lead", () => {
    const participation = (s: Summary) => /^Tỷ lệ tham gia kỳ hiện tại: (\d+)\/(\d+) /m.exec(progressText(s, new Set(["SNGV"])))!.slice(1).map(Number);
    const [reportedBefore, expected] = participation(before);
    expect(participation(after)).toEqual([reportedBefore! + 1, expected]);
    expect(progressText(after, new Set(["SNGV"]))).toMatch(/Chưa báo cáo đủ kỳ hiện tại, đã có đầu mối \(1 cơ quan\):\nSở Ngoại vụ \(3 báo cáo\)/);
  });

  it("is in the Markdown under the task, and its agency is not among the silent", () => {
    const md = summaryMarkdown(after);
    const task4 = md.slice(md.indexOf("## NHIỆM VỤ 4 "), md.indexOf("## NHIỆM VỤ 5a "));
    expect(task4).toContain("**Cơ quan phối hợp đã báo cáo (1)**");
    expect(task4).toContain(`| Sở Ngoại vụ | Tháng 03/2024 | Đang thực hiện | 09:00 15/03/2024 | ${RESULT} |`);
    const silent = md.slice(md.indexOf("## Chưa gửi báo cáo nào"));
    expect(silent).toContain("- Công an tỉnh\n");
    expect(silent).not.toContain("Sở Ngoại vụ");
  });

  it("is printed in the DOCX as the partner's, counted as such in the appendix, and not called silent", () => {
    const task4 = between(docx, docx.find((p) => p.startsWith("4. "))!, docx.find((p) => p.startsWith("5a. "))!);
    expect(task4).toContain(`- Sở Ngoại vụ (phối hợp; Tháng 03/2024, đang thực hiện): ${RESULT}`);
    expect(task4).toContain("- Chưa báo cáo: Công an tỉnh.");
    const row = appendix.find((r) => r[0] === "4")!;
    expect(row[5]).toBe(`Sở Ngoại vụ (phối hợp, Tháng 03/2024): ${RESULT}`);
    expect(row[6]).toBe("Thường xuyên: cơ quan chủ trì đã báo cáo 0/3 lượt (cơ quan × tháng)\nPhối hợp: 1 báo cáo");
    expect(between(docx, "2. Hạn chế", "3. Nguyên nhân").join("\n")).not.toContain("Sở Ngoại vụ");
  });

  it("is marked as the partner's in the XLSX, where the leads' rows stay theirs", () => {
    const reports = wb.getWorksheet("Báo cáo")!;
    const header = (reports.getRow(1).values as unknown[]).slice(1);
    const role = header.indexOf("Vai trò") + 1;
    expect(role).toBeGreaterThan(0);
    const rows: ExcelJS.Row[] = [];
    reports.eachRow((r, n) => (n > 1 ? rows.push(r) : undefined));
    expect(rows.map((r) => [r.getCell(2).value, r.getCell(3).value, r.getCell(role).value])).toEqual([["Sở Ngoại vụ", "4", "Phối hợp"]]);
    const details: unknown[][] = [];
    wb.getWorksheet("Chi tiết")!.eachRow((r, n) => (n > 1 ? details.push((r.values as unknown[]).slice(1)) : undefined));
    expect(details.filter((r) => r[0] === "4").map((r) => r[1])).toEqual(["Công an tỉnh", "Công an tỉnh", "Công an tỉnh"]);
    expect(details.some((r) => r[1] === "Sở Ngoại vụ" && r[0] === "4")).toBe(false);
  });
});
