/** The foundation's operator commands as an operator runs them: a child process, stdout and exit codes. */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotApiDouble } from "../support/bot-api-double.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SEED = fileURLToPath(new URL("../../src/data/plans/quang-ngai-2024-ttdn.txt", import.meta.url));
const SECOND = fileURLToPath(new URL("../fixtures/plans/second-plan.md", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "kehoach-cli-"));
let api: BotApiDouble;
beforeAll(async () => {
  api = await BotApiDouble.start({ username: "kehoach_qn_bot" });
});
afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string> = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OPENAI_") && !k.startsWith("TELEGRAM_") && k !== "NOW"));
  return run(process.execPath, ["--import", "tsx", "commands/index.ts", ...args], {
    cwd: ROOT,
    env: { ...base, DATABASE_PATH: join(dir, "cli.sqlite"), LOG_LEVEL: "silent", ...env },
  });
}

// Each case starts the CLI (tsx) several times: seconds on a quiet machine, more on two busy cores.
describe("npm run cli -- plan / agencies / tasks / invite", { timeout: 60_000 }, () => {
  it("plan parse --json prints the plan JSON of DESIGN §3 for the seed, without touching a database", async () => {
    const { stdout } = await cli(["plan", "parse", SEED, "--json"], { DATABASE_PATH: join(dir, "never.sqlite") });
    const plan = JSON.parse(stdout) as { title: string; year: number; tasks: { id: string; recurrence: string; deadlines: string[]; windowStart: string }[]; reportDeadlines: { date: string }[]; warnings: string[] };
    expect(plan.year).toBe(2024);
    expect(plan.tasks.map((t) => t.id)).toEqual(["1", "2", "3", "4", "5a", "5b", "5c", "6", "7", "8", "9", "10", "11", "12"]);
    expect(plan.tasks.find((t) => t.id === "2")).toMatchObject({ recurrence: "once", windowStart: "2024-04-01", deadlines: ["2024-09-30"] });
    expect(plan.reportDeadlines[0]!.date).toBe("2024-11-15");
    expect(plan.warnings).toEqual([]);
  });

  it("plan import makes another plan active, plan show prints it, history keeps both", async () => {
    await cli(["plan", "show"]);
    // Its task 5 has no date ("Theo tiến độ của Bộ"): the import waits for --accept or a fix.
    await expect(cli(["plan", "import", SECOND])).rejects.toMatchObject({ code: 2, stdout: expect.stringMatching(/CHƯA được nạp/) });
    expect((await cli(["plan", "import", SECOND, "--accept"])).stdout).toMatch(/Đã nạp kế hoạch #2/);
    const shown = JSON.parse((await cli(["plan", "show", "--json"])).stdout) as { year: number };
    expect(shown.year).toBe(2025);
    const history = JSON.parse((await cli(["plan", "history", "--json"])).stdout) as { plans: { id: number; active: boolean }[] };
    expect(history.plans.map((p) => [p.id, p.active])).toEqual([[2, true], [1, false]]);
    await cli(["plan", "import", SEED]);
  });

  it("agencies --json lists the directory with its groups; tasks --agency resolves an abbreviation", async () => {
    const doc = JSON.parse((await cli(["agencies", "--json"])).stdout) as { agencies: { code: string }[]; groups: { members: string[] }[] };
    expect(doc.agencies.length).toBeGreaterThanOrEqual(40);
    expect(doc.groups.some((g) => g.members.length === 13)).toBe(true);
    const tasks = JSON.parse((await cli(["tasks", "--agency", "Sở TT&TT", "--json"])).stdout) as { tasks: { id: string; role: string }[] };
    expect(tasks.tasks.filter((t) => t.role === "lead").map((t) => t.id)).toEqual(["1", "2", "3", "6", "9", "10", "12"]);
    const text = (await cli(["tasks", "--agency", "cong an tinh"])).stdout;
    expect(text).toMatch(/Công an tỉnh: \d+ nhiệm vụ/);
  });

  it("invite --json gives a code and the bot's deep link when Telegram is configured", async () => {
    const { stdout } = await cli(["invite", "Công an tỉnh", "--admin", "--json"], { TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot });
    const doc = JSON.parse(stdout) as { code: string; agency: string; role: string; expiresAt: string; link: string };
    expect(Object.keys(doc)).toEqual(["code", "agency", "role", "expiresAt", "link"]);
    expect(doc).toMatchObject({ agency: "Công an tỉnh", role: "admin" });
    expect(doc.code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
    expect(doc.link).toBe(`https://t.me/kehoach_qn_bot?start=${doc.code.replace(/-/g, "")}`);
  });

  it("fails with one line and a non-zero exit for an unknown agency or command", async () => {
    await expect(cli(["tasks", "--agency", "Sở Không Tồn Tại"])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/^Lỗi \/ error: không tìm thấy cơ quan/) });
    await expect(cli(["khong-co-lenh"])).rejects.toMatchObject({ code: 2 });
    await expect(cli(["plan", "parse", "/dev/null"])).rejects.toMatchObject({ code: 1 });
  });
});
