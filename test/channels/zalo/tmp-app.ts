import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { openApp } from "../../../src/app.js";
import { ManualClock } from "../../../src/clock.js";
import { loadConfig } from "../../../src/config.js";
import { createBrain } from "../../../src/core/brain.js";
import { createInvite } from "../../../src/core/contacts.js";
import type { Services } from "../../../src/core/turn.js";

export function openTestApp(options: { now?: string; env?: Record<string, string> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "kehoach-test-"));
  const config = loadConfig({ DATABASE_PATH: join(dir, "kehoach.sqlite"), ...options.env });
  const clock = new ManualClock(options.now ?? "2024-03-20T09:00:00+07:00");
  const silent = pino({ level: "silent" });
  const app = openApp(config, silent, clock);
  const services: Services = {
    db: app.db, clock, zone: config.timezone, log: silent, calendar: app.calendar, active: app.active,
    answerer: { ask: async () => { throw new Error("unused"); } },
    reader: { read: async () => { throw new Error("unused"); } },
    reminders: { upcoming: () => [] },
    summaries: { overview: async () => [], progress: () => [] },
  };
  const brain = createBrain(services);
  return {
    dir, config, app, clock, services, brain,
    invite(agency: string) { const f = app.directory.find(agency)!; return createInvite(app.db, f.code, "focal", "test", clock.now()).code; },
    close: () => app.close(),
    dispose() { app.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}
export type TestApp = ReturnType<typeof openTestApp>;
