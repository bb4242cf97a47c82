/**
 * Importing real plans as an operator does (a child process, a real SQLite file): what was
 * understood is shown first; missing deadlines wait for --accept or a fix; fixes stay across
 * re-imports; and a plan of an invented province, whose agencies no directory knows, works for
 * tasks, schedule and ask at once.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { startOpenAiDouble } from "../support/openai-double.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/plans/${path}`, import.meta.url));
const HCM = fixture("real/hcm-172-2025.md");
const INVENTED = fixture("invented-province.md");
const dir = mkdtempSync(join(tmpdir(), "kehoach-plan-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], db: string, env: Record<string, string> = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OPENAI_") && !k.startsWith("TELEGRAM_") && k !== "NOW"));
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "commands/index.ts", ...args], {
      cwd: ROOT,
      env: { ...base, DATABASE_PATH: join(dir, db), LOG_LEVEL: "silent", ...env },
    });
    return { stdout, code: 0 };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; code: number };
    return { stdout: err.stdout, stderr: err.stderr, code: err.code };
  }
}

// Each test runs the CLI several times as separate processes: on a loaded 2-core machine that
// takes longer than the suite's default timeout.
describe("plan import of a real plan, with review and fixes", { timeout: 60_000 }, () => {
  it("shows what was understood, and waits for --accept or a fix when a task has no date", async () => {
    const first = await cli(["plan", "import", HCM], "hcm.sqlite");
    expect(first.code).toBe(2);
    expect(first.stdout).toContain("Phổ biến, giáo dục Luật Việc làm");
    expect(first.stdout).toMatch(/chưa có hạn xác định được\. Kế hoạch CHƯA được nạp/);
    const history = JSON.parse((await cli(["plan", "history", "--json"], "hcm.sqlite")).stdout) as { plans: { title: string }[] };
    expect(history.plans.some((p) => p.title.includes("VIỆC LÀM"))).toBe(false);

    const accepted = await cli(["plan", "import", HCM, "--accept"], "hcm.sqlite");
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toMatch(/Đã nạp kế hoạch #\d+: Kế hoạch TRIỂN KHAI THI HÀNH LUẬT VIỆC LÀM/);
  });

  it("tasks --agency, schedule and ask answer for agencies the plan named and no directory knew", async () => {
    const { stdout } = await cli(["tasks", "--agency", "Sở Nội vụ", "--json"], "hcm.sqlite");
    const tasks = (JSON.parse(stdout) as { tasks: { id: string; role: string }[] }).tasks;
    expect(tasks.filter((t) => t.role === "lead").map((t) => t.id)).toEqual(expect.arrayContaining(["1", "2", "4"]));

    const schedule = JSON.parse(
      (await cli(["schedule", "--from", "2026-12-01", "--to", "2026-12-31", "--agency", "Sở Giáo dục và Đào tạo", "--json"], "hcm.sqlite")).stdout,
    ) as { reminders: { task: string | null; kind: string; deadline: string | null }[] };
    expect(schedule.reminders.some((r) => r.task === "2" && r.kind === "before" && r.deadline === "2026-12-31")).toBe(true);

    const asked = JSON.parse((await cli(["ask", "Ai chủ trì tổ chức tập huấn, bồi dưỡng chuyên môn, nghiệp vụ?", "--json"], "hcm.sqlite")).stdout) as {
      answer: string;
      citations: string[];
    };
    expect(asked.answer).toContain("Sở Nội vụ");
    expect(asked.answer).toContain("Sở Giáo dục và Đào tạo");
    expect(asked.citations).toContain("II.2");
  });

  it("plan fix dates a task now, keeps its reports' plan, and the fix survives a re-import", async () => {
    const shown = JSON.parse((await cli(["plan", "show", "--json"], "hcm.sqlite")).stdout) as { tasks: { id: string; recurrence: string }[] };
    const undated = shown.tasks.find((t) => t.recurrence === "unscheduled");
    expect(undated).toBeDefined();
    const fixed = await cli(["plan", "fix", undated!.id, "--due", "31/03/2026", "--json"], "hcm.sqlite");
    expect(JSON.parse(fixed.stdout)).toMatchObject({ id: undated!.id, recurrence: "once", deadlines: ["2026-03-31"] });
    const again = await cli(["plan", "import", HCM], "hcm.sqlite");
    expect(again.code).toBe(0);
    const after = JSON.parse((await cli(["plan", "show", "--json"], "hcm.sqlite")).stdout) as { tasks: { id: string; deadlines: string[] }[] };
    expect(after.tasks.find((t) => t.id === undated!.id)?.deadlines).toEqual(["2026-03-31"]);
    expect((await cli(["plan", "fix", "99", "--due", "01/01/2026"], "hcm.sqlite")).code).toBe(2);
  });

  it("plan review writes a workbook of every task with its source text, private to its user", async () => {
    const out = join(dir, "review.xlsx");
    expect((await cli(["plan", "review", HCM, "--out", out], "hcm.sqlite")).code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(4).text).toBe("Chủ trì");
    expect(sheet.getRow(2).getCell(4).text).toBe("Sở Nội vụ");
    expect(sheet.getRow(2).getCell(9).text).toContain("Cơ quan thực hiện: Sở Nội vụ");
  });

  it("plan parse reads the Word and PDF files of the plan", async () => {
    for (const ext of ["docx", "pdf"]) {
      const { stdout } = await cli(["plan", "parse", fixture(`files/hcm-172-2025.${ext}`), "--json"], "never.sqlite");
      expect((JSON.parse(stdout) as { tasks: unknown[] }).tasks.length).toBeGreaterThanOrEqual(3);
    }
    const scan = await cli(["plan", "parse", fixture("files/scan.pdf")], "never.sqlite");
    expect(scan.code).toBe(1);
    expect(scan.stderr).toMatch(/không có lớp chữ/);
  });
});

describe("a plan of an invented province, with invented agencies", () => {
  const db = "invented.sqlite";

  it("loads with its own agencies, its span and its coordinator", async () => {
    const parsed = JSON.parse((await cli(["plan", "parse", INVENTED, "--json"], db)).stdout) as {
      years: number[];
      coordinator: string;
      agencies: string[];
      tasks: { id: string; lead: string[]; partners: string[]; recurrence: string; deadlines: string[] }[];
    };
    expect(parsed.years).toEqual([2026, 2027]);
    expect(parsed.coordinator).toBe("Sở Chợ phiên và Sông nước tỉnh");
    expect(parsed.agencies).toEqual(expect.arrayContaining(["Sở Chợ phiên và Sông nước tỉnh", "Ban Quản lý Bến ghe Mười Hai"]));
    expect(parsed.tasks.find((t) => t.id === "1")).toMatchObject({
      lead: ["Sở Chợ phiên và Sông nước tỉnh"],
      partners: ["Đài Tiếng nói Hòa Vân", "Hiệp hội Ghe thương hồ, Thể thao và Giải trí Hòa Vân"],
      recurrence: "quarterly",
    });
    expect(parsed.tasks.find((t) => t.id === "2")).toMatchObject({ recurrence: "once", deadlines: ["2027-06-30"] });
    expect(parsed.tasks.find((t) => t.id === "3")).toMatchObject({ lead: ["Ban Quản lý Bến ghe Mười Hai"], deadlines: ["2026-08-15"] });
    expect(parsed.tasks.some((t) => t.lead.includes("Đài Tiếng nói Hòa Vân") && t.deadlines[0] === "2026-06-30")).toBe(true);
  });

  it("tasks, schedule and ask give right, non-empty answers", async () => {
    expect((await cli(["plan", "import", INVENTED], db)).code).toBe(0);
    const tasks = JSON.parse((await cli(["tasks", "--agency", "Sở Chợ phiên và Sông nước tỉnh", "--json"], db)).stdout) as {
      tasks: { id: string; role: string }[];
    };
    expect(tasks.tasks.map((t) => [t.id, t.role])).toEqual(expect.arrayContaining([["1", "lead"], ["3", "partner"]]));

    const schedule = JSON.parse(
      (await cli(["schedule", "--from", "2026-03-01", "--to", "2026-04-10", "--agency", "Sở Chợ phiên và Sông nước tỉnh", "--json"], db)).stdout,
    ) as { reminders: { task: string | null; deadline: string | null }[] };
    expect(schedule.reminders.some((r) => r.task === "1" && r.deadline === "2026-03-31")).toBe(true);

    const asked = JSON.parse((await cli(["ask", "Ai chủ trì lễ hội đèn nước?", "--json"], db)).stdout) as { answer: string; citations: string[] };
    expect(asked.answer).toContain("Ban Quản lý Bến ghe Mười Hai");
    expect(asked.citations).toContain("II.3");

    const invite = JSON.parse((await cli(["invite", "Đài Tiếng nói Hòa Vân", "--json"], db)).stdout) as { agency: string };
    expect(invite.agency).toBe("Đài Tiếng nói Hòa Vân");
  });
});

describe("plan import --propose, with a model", () => {
  it("adds the tasks the model proposes that the text holds up, marked, and keeps the mark in the database", async () => {
    const double = await startOpenAiDouble();
    try {
      const file = join(dir, "unread.md");
      writeFileSync(
        file,
        [
          "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM", "Thử Nghiệm, ngày 02 tháng 01 năm 2026", "", "KẾ HOẠCH", "TRUYỀN THÔNG NĂM 2026", "",
          "I. NHIỆM VỤ", "", "1. Họp báo định kỳ", "- Cơ quan chủ trì: Sở Khoa học và Công nghệ.", "- Thời gian thực hiện: Hằng quý.", "",
          "2. Về phát thanh, cần có chuyên mục riêng cho người dân vùng biển; việc này được trao cho Đài Phát thanh tỉnh, làm xong trong Quý III/2026.",
        ].join("\n"),
      );
      double.respond({
        content: JSON.stringify({
          tasks: [{ section: "I.2", title: "Về phát thanh, cần có chuyên mục riêng", lead: ["Đài Phát thanh tỉnh"], partners: [], timeframe: "Quý III/2026" }],
        }),
      });
      const env = { OPENAI_BASE_URL: double.baseURL, OPENAI_API_KEY: "test-key", OPENAI_MODEL: "test-model" };
      const imported = await cli(["plan", "import", file, "--propose"], "propose.sqlite", env);
      expect(imported.code).toBe(0);
      expect(imported.stdout).toMatch(/DX1 \(đề xuất\)/);
      const shown = JSON.parse((await cli(["plan", "show", "--json"], "propose.sqlite")).stdout) as { tasks: { id: string; proposed?: boolean; deadlines: string[] }[] };
      expect(shown.tasks.find((t) => t.id === "DX1")).toMatchObject({ proposed: true, deadlines: ["2026-09-30"] });
      expect((await cli(["plan", "import", file, "--propose"], "offline.sqlite")).code).toBe(2);
    } finally {
      await double.close();
    }
  });
});
