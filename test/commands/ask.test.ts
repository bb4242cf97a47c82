import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiDouble, type OpenAiDouble } from "../support/openai-double.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "kehoach-cli-"));
let double: OpenAiDouble;
beforeAll(async () => {
  double = await startOpenAiDouble();
});
afterAll(async () => {
  await double.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The operator CLI as `npm run cli` runs it, with its own database and no model unless given. */
async function cli(args: string[], env: Record<string, string> = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OPENAI_") && k !== "NOW"));
  return run(process.execPath, ["--import", "tsx", "commands/index.ts", ...args], {
    cwd: ROOT,
    env: { ...base, DATABASE_PATH: join(dir, "cli.sqlite"), LOG_LEVEL: "silent", ...env },
  });
}

describe("npm run cli -- ask / extract", () => {
  it("ask --json prints exactly the answer document, offline", async () => {
    const { stdout } = await cli(["ask", "Ai chủ trì nhiệm vụ 4?", "--as", "Sở Tư pháp", "--json"]);
    const doc = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(["answer", "citations", "grounded", "mode"]);
    expect(doc).toMatchObject({ citations: ["II.4"], grounded: true, mode: "offline" });
    expect(doc.answer).toContain("cơ quan chủ trì: Công an tỉnh");
  });

  it("ask uses the model the environment names", async () => {
    double.respond({ content: "Kinh phí từ ngân sách nhà nước và nguồn tài trợ hợp pháp [III]." });
    const { stdout } = await cli(["ask", "kinh phi lay tu dau", "--json"], { OPENAI_BASE_URL: double.baseURL, OPENAI_MODEL: "local-model" });
    expect(JSON.parse(stdout)).toEqual({
      answer: "Kinh phí từ ngân sách nhà nước và nguồn tài trợ hợp pháp (Mục III).",
      citations: ["III"],
      grounded: true,
      mode: "llm",
    });
    expect(double.requests.at(-1)?.body.model).toBe("local-model");
  });

  it("extract --json prints DESIGN §3's reading", async () => {
    const { stdout } = await cli([
      "extract", "Đã tổ chức họp báo quý I vào ngày 28/3/2024, có 30 phóng viên tham dự.",
      "--as", "VPUB", "--now", "2024-03-29T09:00:00+07:00", "--json",
    ]);
    const doc = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(["task", "period", "status", "difficulties", "proposals", "figures", "confidence", "question"]);
    expect(doc).toMatchObject({ task: "1", period: "2024-Q1", status: "hoan_thanh", figures: ["30 phóng viên"], difficulties: [], proposals: [], question: false });
  });

  it("names an unknown agency in one line and exits non-zero", async () => {
    const failed = await cli(["extract", "Đã xong", "--as", "Sở Không Có", "--json"]).catch((e: { code: number; stderr: string; stdout: string }) => e);
    expect(failed).toMatchObject({ code: 2, stdout: "" });
    expect((failed as { stderr: string }).stderr.trim()).toBe("Lỗi / error: không tìm thấy cơ quan «Sở Không Có» / unknown agency");
  });
});
