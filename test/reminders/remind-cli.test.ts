/**
 * The operator commands end to end: `remind` as a child process against the Telegram Bot
 * API double, `schedule` over the same database.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApp } from "../../src/app.js";
import { ManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { createInvite, redeemInvite } from "../../src/core/contacts.js";
import * as t from "../../src/db/schema.js";
import { REMINDER_KINDS } from "../../src/reminders/types.js";
import { BotApiDouble } from "../support/bot-api-double.js";
import { silent } from "./setup.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "kehoach-remind-"));
const DATABASE_PATH = join(dir, "kehoach.sqlite");
const CHAT = 424242;
let double: BotApiDouble;

async function cli(args: string[]) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TELEGRAM_") && k !== "NOW"));
  const { stdout } = await run(process.execPath, ["--import", "tsx", "commands/index.ts", ...args], {
    cwd: ROOT,
    env: {
      ...base,
      DATABASE_PATH,
      ZALO_CREDENTIALS_FILE: join(dir, "zalo.json"),
      TELEGRAM_BOT_TOKEN: double.token,
      TELEGRAM_API_ROOT: double.apiRoot,
      LOG_LEVEL: "silent",
    },
  });
  return JSON.parse(stdout) as Record<string, Record<string, unknown>[]>;
}

function logRows(): number {
  const app = openApp(loadConfig({ DATABASE_PATH, ZALO_CREDENTIALS_FILE: join(dir, "zalo.json") }), silent);
  try {
    return app.db.select().from(t.reminderLog).all().length;
  } finally {
    app.close();
  }
}

beforeAll(async () => {
  double = await BotApiDouble.start();
  // Sở Thông tin và Truyền thông's focal point registered with a one-time code, as in chat.
  const clock = new ManualClock("2024-03-20T09:00:00+07:00");
  const app = openApp(loadConfig({ DATABASE_PATH, ZALO_CREDENTIALS_FILE: join(dir, "zalo.json") }), silent, clock);
  app.active();
  const agency = app.active().directory.find("Sở TT&TT")!;
  const { code } = createInvite(app.db, agency.code, "focal", "test", clock.now());
  const r = redeemInvite(app.db, code, { channel: "telegram", chatId: String(CHAT), chatKind: "private", displayName: "Cán bộ Sở" }, clock.now());
  expect(r.ok).toBe(true);
  app.close();
});

afterAll(async () => {
  await double.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("npm run cli -- schedule / remind", () => {
  it("schedule --json lists every agency's reminders, marking those nobody has registered for", async () => {
    const { reminders } = await cli(["schedule", "--from", "28/03/2024", "--to", "2024-03-28", "--json"]);
    expect(reminders!.map((r) => `${r.agency} ${r.task} ${r.kind} ${r.hasContact}`)).toEqual([
      "STTTT 1 before true",
      "STTTT 3 before true",
      "VPUBND 1 before false",
    ]);
    expect(Object.keys(reminders![0]!)).toEqual(["at", "agency", "task", "period", "kind", "deadline", "hasContact"]);
    expect(reminders![1]).toMatchObject({ at: "2024-03-28T08:00:00+07:00", period: "2024", deadline: "2024-03-31" });
  });

  it("remind --dry-run sends nothing and writes nothing", async () => {
    const doc = await cli(["remind", "--now", "2024-03-28T08:00:00+07:00", "--dry-run", "--json"]);
    expect(doc.sent!.length).toBe(6);
    expect(double.deliveries).toEqual([]);
    expect(logRows()).toBe(0);
  });

  it("remind --now 2024-03-28T08:00:00+07:00 delivers task 3 with a report button; a second run sends nothing", async () => {
    const doc = await cli(["remind", "--now", "2024-03-28T08:00:00+07:00", "--json"]);
    expect(Object.keys(doc)).toEqual(["sent", "skipped", "failed"]);
    expect(doc.sent).toContainEqual({
      at: "2024-03-28T08:00:00+07:00",
      agency: "STTTT",
      task: "3",
      period: "2024",
      kind: "before",
      deadline: "2024-03-31",
      channel: "telegram",
    });
    expect(doc.failed).toEqual([]);
    for (const e of [...doc.sent!, ...doc.skipped!]) expect(REMINDER_KINDS).toContain(e.kind);

    const delivered = double.sentTo(CHAT);
    expect(delivered).toHaveLength(doc.sent!.length);
    const task3 = delivered.find((d) => d.text.includes("Nhiệm vụ 3."))!;
    expect(task3.text).toContain("Thời hạn: 31/03/2024 (còn 3 ngày)");
    expect(task3.text).toContain("(Mục II, nhiệm vụ 3)");
    const buttons = (task3.replyMarkup!.inline_keyboard as { text: string; callback_data: string }[][]).flat();
    expect(buttons).toContainEqual({ text: "Báo cáo nhiệm vụ 3", callback_data: "/baocao 3" });
    expect(buttons.map((b) => b.callback_data)).toEqual(["/baocao 3", "/nhacnho hoan 1", "/nhacnho hoan 3"]);

    const again = await cli(["remind", "--now", "2024-03-28T08:00:00+07:00", "--json"]);
    expect(again).toEqual({ sent: [], skipped: [], failed: [] });
    expect(double.sentTo(CHAT)).toHaveLength(delivered.length);
    expect(double.duplicates()).toBe(0);
  });
});
