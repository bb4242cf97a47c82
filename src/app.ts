/**
 * Opening the application: configuration, database, directory, calendar and the active plan,
 * shared by the bot service (main.ts) and the operator commands.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { clockFrom, systemClock, type Clock } from "./clock.js";
import type { Config } from "./config.js";
import { openDb, type Db } from "./db/connection.js";
import type { Logger } from "./log.js";
import { Calendar } from "./plan/calendar.js";
import { Directory } from "./plan/directory.js";
import { parsePlan } from "./plan/parse.js";
import { activePlanId, importPlan, loadPlan, syncDirectory } from "./plan/store.js";
import type { ActivePlan } from "./core/turn.js";

export interface App {
  config: Config;
  log: Logger;
  db: Db;
  clock: Clock;
  directory: Directory;
  calendar: Calendar;
  /** The active plan; importing another makes it active for every later call. */
  active(): ActivePlan;
  importPlanFile(file: string): ActivePlan;
  close(): void;
}

export function readPlanFile(file: string): string {
  return readFileSync(file, "utf8");
}

export function openApp(config: Config, log: Logger, clock?: Clock): App {
  const db = openDb(config.databasePath);
  const directory = Directory.load(config.directoryFile);
  syncDirectory(db, directory);
  const calendar = Calendar.load();
  let current: ActivePlan | undefined;

  const importPlanFile = (file: string): ActivePlan => {
    const text = readPlanFile(file);
    const plan = parsePlan(text, directory);
    const id = importPlan(db, plan, { name: basename(file), text }, directory);
    for (const w of plan.warnings) log.warn({ file: basename(file) }, `plan: ${w}`);
    log.info({ planId: id, tasks: plan.tasks.length, title: plan.title }, "plan imported");
    current = { id, plan, directory };
    return current;
  };

  // A plan imported by the CLI while the bot runs becomes active for the bot's next message or
  // reminder pass: the active id is one indexed read, the plan itself is loaded only when it changes.
  const active = (): ActivePlan => {
    const id = activePlanId(db);
    if (current && current.id === id) return current;
    const stored = id === undefined ? undefined : loadPlan(db, id);
    if (stored) current = { id: stored.id, plan: stored.plan, directory };
    return stored && current ? current : importPlanFile(config.planFile);
  };

  if (config.now) log.warn({ now: config.now }, "NOW is set: the clock starts at this time, not the real time");
  return {
    config,
    log,
    db,
    clock: clock ?? (config.now ? clockFrom(config.now) : systemClock),
    directory,
    calendar,
    active,
    importPlanFile,
    close: () => db.$client.close(),
  };
}
