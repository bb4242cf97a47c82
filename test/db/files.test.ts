/** Files the bot writes are private to its user, whatever the umask (issue 12, item 12). */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { openDb } from "../../src/db/connection.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "kehoach-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o777;

describe("file modes under umask 022", () => {
  it("creates the data folder 0700 and the database with its WAL 0600", () => {
    const before = process.umask(0o022);
    try {
      const path = join(dir, "data", "kehoach.sqlite");
      const db = openDb(path);
      db.$client.exec("CREATE TABLE IF NOT EXISTS t (x); INSERT INTO t VALUES (1);");
      expect(mode(join(dir, "data"))).toBe(0o700);
      expect(mode(path)).toBe(0o600);
      expect(mode(`${path}-wal`)).toBe(0o600);
      db.$client.close();
    } finally {
      process.umask(before);
    }
  });

  it("writes exported documents 0600", async () => {
    const out = join(dir, "tong-hop.docx");
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OPENAI_") && !k.startsWith("TELEGRAM_") && k !== "NOW"));
    await run("/bin/sh", ["-c", `umask 022 && "${process.execPath}" --import tsx commands/index.ts summary --format docx --out "${out}"`], {
      cwd: ROOT,
      env: { ...base, DATABASE_PATH: join(dir, "cli", "k.sqlite"), LOG_LEVEL: "silent" },
    });
    expect(mode(out)).toBe(0o600);
    expect(mode(join(dir, "cli", "k.sqlite"))).toBe(0o600);
  });
});
