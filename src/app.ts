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
import { readPlanFile } from "./plan/read.js";
import { applyOverrides } from "./plan/review.js";
import type { Directory } from "./plan/directory.js";
import { activePlanVersion, importPlan, loadPlan, overridesOf, planKey, saveOverride, syncDirectory, updateTask } from "./plan/store.js";
import type { Plan, PlanTask } from "./plan/types.js";
import type { TaskOverride } from "./plan/review.js";
import type { ActivePlan } from "./core/turn.js";

export interface App {
  config: Config;
  log: Logger;
  db: Db;
  clock: Clock;
  calendar: Calendar;
  /** The active plan; importing another makes it active for every later call. */
  active(): ActivePlan;
  /** What importing this text would store (the admin's earlier corrections applied), storing nothing. */
  previewPlan(text: string, directoryName?: string): PlanPreview;
  importPlanFile(file: string): ActivePlan;
  /** Imports plan text read from a file of any accepted format (`name` is the file's name). */
  importPlanText(name: string, text: string, directoryName?: string): ActivePlan;
  /** Stores a previewed plan as it was shown (with what the model proposed, when it did). */
  importPreview(name: string, text: string, preview: PlanPreview): ActivePlan;
  /**
   * Imports PLAN_FILE when no plan is active yet, reading a Word or PDF file too (which `active()`,
   * being synchronous, cannot): the service awaits it once at start.
   */
  ensurePlan(): Promise<ActivePlan>;
  /** Corrects one task of the active plan, now and in every later import of the same plan. */
  fixTask(taskId: string, fields: TaskOverride): PlanTask;
  close(): void;
}

export interface PlanPreview {
  plan: Plan;
  /** The directory the plan's names resolve in, its own agencies included. */
  directory: Directory;
  /** The bundled directory it was read with. */
  directoryName: string;
}

export class UnknownTaskError extends Error {
  constructor(readonly taskId: string) {
    super(`Không có nhiệm vụ ${taskId} trong kế hoạch / no task ${taskId} in the plan`);
    this.name = "UnknownTaskError";
  }
}

export class UnknownDirectoryError extends Error {
  constructor(name: string, known: string[]) {
    super(`Không có danh bạ «${name}»; có: ${known.join(", ")} / unknown directory`);
    this.name = "UnknownDirectoryError";
  }
}

/** A text plan read at once, for `active()`, which is synchronous; other formats go through `ensurePlan`. */
function readTextPlan(file: string): string {
  return readFileSync(file, "utf8");
}

export function openApp(config: Config, log: Logger, clock?: Clock): App {
  const db = openDb(config.databasePath);
  const directories = loadDirectories(config.directoryFile);
  const calendar = Calendar.load();
  let current: (ActivePlan & { revision: number }) | undefined;

  // The directory the operator names, else the one of the plan's province in force on its date.
  const previewPlan = (text: string, directoryName?: string): PlanPreview => {
    const named = directoryName === undefined ? undefined : directories.byName(directoryName);
    if (directoryName !== undefined && !named) throw new UnknownDirectoryError(directoryName, directories.names());
    const chosen = named ? { name: directoryName!, directory: named } : directories.forPlan(readHeader(text));
    const read = parsePlan(text, chosen.directory);
    const plan = applyOverrides(read, overridesOf(db, planKey(read)));
    return { plan, directory: chosen.directory.withPlanAgencies(plan.agencies), directoryName: chosen.name };
  };

  const importPreview = (name: string, text: string, preview: PlanPreview): ActivePlan => {
    const { plan, directoryName } = preview;
    // The plan's own agencies as they stand now: proposals may have added some.
    const directory = (directories.byName(directoryName) ?? preview.directory).withPlanAgencies(plan.agencies);
    syncDirectory(db, directory);
    const id = importPlan(db, plan, { name, text }, directory, directoryName);
    for (const w of plan.warnings) log.warn({ file: name }, `plan: ${w}`);
    log.info({ planId: id, tasks: plan.tasks.length, title: plan.title, directory: directoryName }, "plan imported");
    current = { id, revision: 0, plan, directory };
    return current;
  };
  const importPlanText = (name: string, text: string, chosenDirectory?: string): ActivePlan =>
    importPreview(name, text, previewPlan(text, chosenDirectory));
  const importPlanFile = (file: string): ActivePlan => importPlanText(basename(file), readTextPlan(file));

  // A plan imported or corrected by the CLI while the bot runs is the bot's from its next
  // message or reminder pass: the version is one indexed read, the plan is loaded only when it changes.
  const active = (): ActivePlan => {
    const version = activePlanVersion(db);
    if (current && version && current.id === version.id && current.revision === version.revision) return current;
    const stored = version === undefined ? undefined : loadPlan(db, version.id);
    if (!stored) return importPlanFile(config.planFile);
    const base = directories.byName(stored.directory) ?? directories.forPlan(readHeader(stored.sourceText)).directory;
    current = { id: stored.id, revision: stored.revision, plan: stored.plan, directory: base.withPlanAgencies(stored.plan.agencies) };
    return current;
  };

  const ensurePlan = async (): Promise<ActivePlan> => {
    if (activePlanVersion(db) === undefined) importPlanText(basename(config.planFile), await readPlanFile(config.planFile));
    return active();
  };

  const fixTask = (taskId: string, fields: TaskOverride): PlanTask => {
    const { id, plan, directory } = active();
    if (!plan.tasks.some((t) => t.id === taskId)) throw new UnknownTaskError(taskId);
    // Names as the admin typed them become the directory's where it knows them.
    const canonical = (names: string[] | undefined) =>
      names &&
      [
        ...new Set(
          names.flatMap((n) => {
            const r = directory.resolveList(n);
            return r.unmatched.length === 0 ? r.names : [n.trim()];
          }),
        ),
      ];
    const saved = saveOverride(db, planKey(plan), taskId, {
      ...fields,
      ...(fields.lead ? { lead: canonical(fields.lead) } : {}),
      ...(fields.partners ? { partners: canonical(fields.partners) } : {}),
    });
    const fixed = applyOverrides(plan, new Map([[taskId, saved]]));
    const task = fixed.tasks.find((t) => t.id === taskId)!;
    const names = [...task.lead, ...task.partners].filter((n) => directory.resolveList(n).unmatched.length > 0);
    const next = directory.withPlanAgencies(names);
    syncDirectory(db, next);
    updateTask(db, id, task, fixed.warnings, next);
    log.info({ planId: id, task: taskId, fields: Object.keys(fields) }, "plan task corrected");
    return task;
  };

  if (config.now) log.warn({ now: config.now }, "NOW is set: the clock starts at this time, not the real time");
  return {
    config,
    log,
    db,
    clock: clock ?? (config.now ? clockFrom(config.now) : systemClock),
    calendar,
    active,
    previewPlan,
    importPlanFile,
    importPlanText,
    importPreview,
    ensurePlan,
    fixTask,
    close: () => db.$client.close(),
  };
}
