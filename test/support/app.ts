/**
 * A real application on a temporary SQLite file, with the real services, a hand-moved clock
 * and a silent logger: what the integration tests drive.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { openApp, type App } from "../../src/app.js";
import { ManualClock } from "../../src/clock.js";
import { loadConfig, type Config } from "../../src/config.js";
import { createBrain, type Brain } from "../../src/core/brain.js";
import { createInvite, type Role } from "../../src/core/contacts.js";
import type { IncomingMessage } from "../../src/core/messages.js";
import type { Services } from "../../src/core/turn.js";
import { createServices } from "../../src/services.js";

export interface TestApp {
  dir: string;
  config: Config;
  app: App;
  clock: ManualClock;
  services: Services;
  brain: Brain;
  /** A fresh invite code for the agency (by name or alias). */
  invite(agency: string, role?: Role): string;
  /** Closes the database; the file stays for a reopen. */
  close(): void;
  /** Closes and deletes the temporary folder. */
  dispose(): void;
}

export function tempDir(prefix = "kehoach-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export const silent = pino({ level: "silent" });

export function openTestApp(options: { now?: string; dir?: string; env?: Record<string, string> } = {}): TestApp {
  const dir = options.dir ?? tempDir();
  const config = loadConfig({ DATABASE_PATH: join(dir, "kehoach.sqlite"), ZALO_CREDENTIALS_FILE: join(dir, "zalo.json"), ...options.env });
  const clock = new ManualClock(options.now ?? "2024-03-20T09:00:00+07:00");
  const app = openApp(config, silent, clock);
  const services = createServices(app);
  const brain = createBrain(services);
  return {
    dir,
    config,
    app,
    clock,
    services,
    brain,
    invite(agency, role = "focal") {
      const found = app.active().directory.find(agency);
      if (!found) throw new Error(`unknown agency ${agency}`);
      return createInvite(app.db, found.code, role, "test", clock.now()).code;
    },
    close: () => app.close(),
    dispose() {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let event = 0;

/** A private Telegram-like text message from user `userId`. */
export function textFrom(userId: string, text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage {
  return {
    channel: "telegram",
    chatId: userId,
    chatKind: "private",
    userId,
    userName: `Người dùng ${userId}`,
    eventId: String(++event),
    text,
    addressed: true,
    ...extra,
  };
}
