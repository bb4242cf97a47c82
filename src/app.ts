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
import { loadDirectories } from "./plan/directories.js";
import { parsePlan, readHeader } from "./plan/parse.js";
import { applyOverrides } from "./plan/review.js";
import { activePlanId, importPlan, loadPlan, overridesOf, planKey, syncDirectory } from "./plan/store.js";
import type { ActivePlan } from "./core/turn.js";

export interface App {
  config: Config;
  log: Logger;
  db: Db;
  clock: Clock;
  calendar: Calendar;
  /** The active plan; importing another makes it active for every later call. */
  active(): ActivePlan;
  importPlanFile(file: string): ActivePlan;
  /** Imports plan text read from a file of any accepted format (`name` is the file's name). */
  importPlanText(name: string, text: string): ActivePlan;
  close(): void;
}

export function readPlanFile(file: string): string {
  return readFileSync(file, "utf8");
}

export function openApp(config: Config, log: Logger, clock?: Clock): App {
  const db = openDb(config.databasePath);
  const directories = loadDirectories(config.directoryFile);
  const calendar = Calendar.load();
  let current: ActivePlan | undefined;

  const importPlanText = (name: string, text: string): ActivePlan => {
    const chosen = directories.forPlan(readHeader(text));
    const read = parsePlan(text, chosen.directory);
    const plan = applyOverrides(read, overridesOf(db, planKey(read)));
    const directory = chosen.directory.withPlanAgencies(plan.agencies);
    syncDirectory(db, directory);
    const id = importPlan(db, plan, { name, text }, directory, chosen.name);
    for (const w of plan.warnings) log.warn({ file: name }, `plan: ${w}`);
    log.info({ planId: id, tasks: plan.tasks.length, title: plan.title, directory: chosen.name }, "plan imported");
    current = { id, plan, directory };
    return current;
  };
  const importPlanFile = (file: string): ActivePlan => importPlanText(basename(file), readPlanFile(file));

  // A plan imported by the CLI while the bot runs becomes active for the bot's next message or
  // reminder pass: the active id is one indexed read, the plan itself is loaded only when it changes.
  const active = (): ActivePlan => {
    const id = activePlanId(db);
    if (current && current.id === id) return current;
    const stored = id === undefined ? undefined : loadPlan(db, id);
    if (stored) {
      const base = directories.byName(stored.directory) ?? directories.forPlan(readHeader(stored.sourceText)).directory;
      current = { id: stored.id, plan: stored.plan, directory: base.withPlanAgencies(stored.plan.agencies) };
    }
    return stored && current ? current : importPlanFile(config.planFile);
  };

  if (config.now) log.warn({ now: config.now }, "NOW is set: the clock starts at this time, not the real time");
  return {
    config,
    log,
    db,
    clock: clock ?? (config.now ? clockFrom(config.now) : systemClock),
    calendar,
    active,
    importPlanFile,
    importPlanText,
    close: () => db.$client.close(),
  };
}
