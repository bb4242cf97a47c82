/**
 * `npm run cli -- … --json | jq` must get the whole document: stdout is a pipe there, and a
 * process that exits before the pipe drains cuts the document at 64 KiB (issue 12, item 13).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "kehoach-pipe-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a command with stdout a pipe read slowly, as `| jq` reads it. */
function slowPipe(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OPENAI_") && !k.startsWith("TELEGRAM_") && k !== "NOW"));
    const child = spawn(process.execPath, ["--import", "tsx", "commands/index.ts", ...args], {
      cwd: ROOT,
      env: { ...base, DATABASE_PATH: join(dir, "pipe.sqlite"), LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => {
      chunks.push(c);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 5);
    });
    child.on("error", reject);
    child.on("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

describe("--json through a pipe", () => {
  it("schedule --json for a whole year is one whole JSON document", async () => {
    const out = await slowPipe(["schedule", "--from", "2024-01-01", "--to", "2024-12-31", "--json"]);
    expect(out.length).toBeGreaterThan(200_000);
    const doc = JSON.parse(out) as { reminders: unknown[] };
    expect(doc.reminders.length).toBeGreaterThan(500);
  });
});
