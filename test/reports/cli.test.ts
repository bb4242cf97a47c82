import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveReport } from "../../src/reports/store.js";
import { openTestApp } from "../support/app.js";
import { paragraphs, unzip } from "./unzip.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);
let dir: string;

/** `npm run cli -- <args>` as the operator runs it, on the test's own database. */
async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "commands/index.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_PATH: join(dir, "kehoach.sqlite"), LOG_LEVEL: "silent", NOW: "", REPORT_SIGNER_NAME: "Nguyễn Văn An" },
    });
    return { stdout, stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; code: number };
    return { stdout: err.stdout, stderr: err.stderr, code: err.code };
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kehoach-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("reports and summary commands", () => {
  it("enters a report received by letter and prints it as JSON", async () => {
    const { stdout, code } = await cli(
      "reports", "add", "--agency", "Sở TT&TT", "--task", "3", "--period", "2024", "--status", "hoan_thanh",
      "--text", "Đã ban hành Công văn hướng dẫn số 123/STTTT.", "--at", "2024-04-05T10:00:00+07:00",
      "--difficulty", "Thiếu kinh phí in ấn", "--proposal", "Đề nghị bổ sung kinh phí", "--json",
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      agency: "STTTT", agencyName: "Sở Thông tin và Truyền thông", task: "3", period: "2024", status: "hoan_thanh",
      channel: "cli", contactId: null, reportedAt: "2024-04-05T03:00:00.000Z", difficulties: ["Thiếu kinh phí in ấn"],
    });
  });

  it("refuses a report it cannot place, with one line and a non-zero exit", async () => {
    const bad = await cli("reports", "add", "--agency", "Sở Không Có", "--task", "3", "--period", "2024", "--status", "hoan_thanh", "--text", "x");
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/không tìm thấy cơ quan/);
    const period = await cli("reports", "add", "--agency", "Công an tỉnh", "--task", "4", "--period", "2024-Q1", "--status", "hoan_thanh", "--text", "x");
    expect(period.code).toBe(2);
    expect(period.stderr).toMatch(/kỳ «2024-Q1» không thuộc nhiệm vụ 4/);
  });

  it("prints the summary JSON of the issue as at --now", async () => {
    const before = JSON.parse((await cli("summary", "--now", "2024-04-02T09:00:00+07:00", "--json")).stdout);
    expect(before.asOf).toBe("2024-04-02T09:00:00.000+07:00");
    expect(before.rows.find((r: { task: string }) => r.task === "3")).toEqual({
      task: "3", agency: "Sở Thông tin và Truyền thông", period: "2024", status: "qua_han", reportedAt: null, daysOverdue: 2,
    });
    const after = JSON.parse((await cli("summary", "--now", "2024-04-10T09:00", "--task", "3", "--format", "json")).stdout);
    expect(after.rows).toEqual([
      { task: "3", agency: "Sở Thông tin và Truyền thông", period: "2024", status: "hoan_thanh_qua_han", reportedAt: "2024-04-05T03:00:00.000Z", daysOverdue: 5 },
    ]);
    expect(after.difficulties).toEqual([{ agency: "Sở Thông tin và Truyền thông", task: "3", text: "Thiếu kinh phí in ấn" }]);
  });

  it("writes the DOCX and the XLSX to files and prints their paths", async () => {
    const docx = join(dir, "bao-cao.docx");
    const xlsx = join(dir, "tong-hop.xlsx");
    const [d, x] = await Promise.all([
      cli("summary", "--now", "2024-04-10T09:00:00+07:00", "--format", "docx", "--out", docx),
      cli("summary", "--now", "2024-04-10T09:00:00+07:00", "--period", "2024-Q1", "--format", "xlsx", "--out", xlsx),
    ]);
    expect(d.stdout.trim()).toBe(docx);
    expect(x.stdout.trim()).toBe(xlsx);
    expect(existsSync(docx)).toBe(true);
    const { readFileSync } = await import("node:fs");
    const text = paragraphs(unzip(readFileSync(docx)).get("word/document.xml")!.toString());
    expect(text).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(text).toContain("Nguyễn Văn An");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.getWorksheet("Chi tiết")!.rowCount).toBeGreaterThan(1);
  });

  it("lists the stored reports", async () => {
    const { stdout } = await cli("reports", "list", "--agency", "STTTT", "--json");
    const { reports } = JSON.parse(stdout);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ task: "3", agencyName: "Sở Thông tin và Truyền thông" });
    const table = await cli("reports", "list");
    expect(table.stdout).toMatch(/10:00 05\/04\/2024\s+Sở Thông tin và Truyền thông\s+3\s+Quý I\/2024\s+Hoàn thành/);
  });
  it("reports export writes a folder the coordinator opens: the DOCX, the XLSX and the evidence files it links to (issue 14, item 11)", async () => {
    const app = openTestApp({ dir, now: "2024-04-06T09:00:00+07:00" });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    mkdirSync(join(dir, "evidence", "STTTT"), { recursive: true });
    writeFileSync(join(dir, "evidence", "STTTT", "anh.jpg"), jpeg);
    saveReport(app.app.db, app.app.active().id, {
      agency: "STTTT", task: "1", period: "2024-Q1", status: "hoan_thanh", results: "Đã tổ chức họp báo quý I.", figures: [], difficulties: [], proposals: [],
      evidence: [{ kind: "photo", ref: "tg-file-id", file: "STTTT/anh.jpg" }], contactId: null, channel: "telegram", messageRef: "x:1", reportedAt: "2024-03-29T02:00:00.000Z",
    });
    app.close();
    const out = join(dir, "xuat");
    const { stdout, code } = await cli("reports", "export", out, "--now", "2024-04-06T09:00:00+07:00", "--json");
    expect(code).toBe(0);
    const written = JSON.parse(stdout) as { folder: string; docx: string; xlsx: string; evidence: number };
    expect(written).toMatchObject({ folder: out, evidence: 1 });
    expect(readFileSync(join(out, "minh-chung", "STTTT", "anh.jpg"))).toEqual(jpeg);
    expect(statSync(written.docx).mode & 0o777).toBe(0o600);
    const wb = new ExcelJS.Workbook();
    const bytes = readFileSync(written.xlsx);
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const links = wb.worksheets.flatMap((ws) => {
      const found: string[] = [];
      ws.eachRow((row) => row.eachCell((cell) => {
        const v = cell.value as { hyperlink?: string } | null;
        if (v && typeof v === "object" && v.hyperlink) found.push(v.hyperlink);
      }));
      return found;
    });
    expect(links).toContain("minh-chung/STTTT/anh.jpg");
  });
});
