/**
 * Plans in the database: every import is kept (history), one is active. The parsed plan is
 * stored as rows (sections, tasks, who leads and joins what) so reports and reminders can
 * point at them, and read back into the same Plan model the parser produces.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/connection.js";
import * as t from "../db/schema.js";
import type { TaskOverride } from "../db/schema.js";
import { fold } from "../text/normalize.js";
import type { Directory } from "./directory.js";
import { coordinatorFrom } from "./parse.js";
import type { Plan, PlanTask } from "./types.js";

export interface StoredPlan {
  id: number;
  revision: number;
  importedAt: string;
  sourceName: string;
  sourceText: string;
  /** The bundled directory the plan was read with ("configured" for DIRECTORY_FILE). */
  directory: string;
  plan: Plan;
}

/** Copies the directory into the database so contacts and reports can reference agency codes. */
export function syncDirectory(db: Db, directory: Directory): void {
  db.transaction((tx) => {
    for (const a of directory.agencies) {
      const groups = directory.groups.filter((g) => g.members.includes(a.code)).map((g) => g.name);
      tx.insert(t.agencies)
        .values({ code: a.code, name: a.name, kind: a.kind, aliases: a.aliases, groups })
        .onConflictDoUpdate({ target: t.agencies.code, set: { name: a.name, kind: a.kind, aliases: a.aliases, groups } })
        .run();
    }
  });
}

/** A plan's identity across imports of new versions of its text: its title, folded. */
export function planKey(plan: Pick<Plan, "title">): string {
  return fold(plan.title).replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/**
 * Stores the plan as the active one. `directory` is the one its names resolve in (the plan's
 * own agencies included) and `directoryName` the bundled directory it was read with.
 */
export function importPlan(
  db: Db,
  plan: Plan,
  source: { name: string; text: string },
  directory: Directory,
  directoryName = "configured",
): number {
  return db.transaction((tx) => {
    tx.update(t.plans).set({ active: false }).where(eq(t.plans.active, true)).run();
    const { id } = tx
      .insert(t.plans)
      .values({
        title: plan.title,
        year: plan.year,
        sourceName: source.name,
        sourceText: source.text,
        warnings: plan.warnings,
        meta: { years: plan.years, issued: plan.issued, coordinator: plan.coordinator, agencies: plan.agencies, directory: directoryName },
        active: true,
      })
      .returning({ id: t.plans.id })
      .get();
    plan.sections.forEach((s, position) =>
      tx.insert(t.planSections).values({ planId: id, sectionId: s.id, position, heading: s.heading, text: s.text }).run(),
    );
    plan.tasks.forEach((task, position) => insertTask(tx, id, task, position, directory));
    for (const r of plan.responsibilities) tx.insert(t.responsibilities).values({ planId: id, ...r }).run();
    for (const r of plan.reportDeadlines) tx.insert(t.reportDeadlines).values({ planId: id, ...r }).run();
    return id;
  });
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

function insertTask(tx: Tx, planId: number, task: PlanTask, position: number, directory: Directory): void {
  tx.insert(t.planTasks)
    .values({
      planId,
      taskId: task.id,
      position,
      section: task.section,
      title: task.title,
      text: task.text,
      timeframe: task.timeframe,
      recurrence: task.recurrence,
      windowStart: task.windowStart,
      deadlines: task.deadlines,
      proposed: task.proposed === true,
    })
    .run();
  for (const role of ["lead", "partner"] as const) {
    (role === "lead" ? task.lead : task.partners).forEach((name, i) => {
      const codes = directory.expand([name]).map((a) => a.code);
      for (const agencyCode of codes.length > 0 ? codes : [null]) {
        tx.insert(t.taskAgencies).values({ planId, taskId: task.id, role, position: i, name, agencyCode }).run();
      }
    });
  }
}

/**
 * Replaces one task of a stored plan with its corrected form, in place, so the reports already
 * given for it stay with it; the plan's revision tells running bots to reload.
 */
export function updateTask(db: Db, planId: number, task: PlanTask, warnings: string[], directory: Directory): void {
  db.transaction((tx) => {
    const row = tx
      .select({ position: t.planTasks.position })
      .from(t.planTasks)
      .where(and(eq(t.planTasks.planId, planId), eq(t.planTasks.taskId, task.id)))
      .get();
    if (!row) throw new Error(`no task ${task.id} in plan ${planId}`);
    tx.delete(t.taskAgencies).where(and(eq(t.taskAgencies.planId, planId), eq(t.taskAgencies.taskId, task.id))).run();
    tx.delete(t.planTasks).where(and(eq(t.planTasks.planId, planId), eq(t.planTasks.taskId, task.id))).run();
    insertTask(tx, planId, task, row.position, directory);
    tx.update(t.plans).set({ warnings, revision: sql`${t.plans.revision} + 1` }).where(eq(t.plans.id, planId)).run();
  });
}

export function loadPlan(db: Db, planId: number): StoredPlan | undefined {
  const row = db.select().from(t.plans).where(eq(t.plans.id, planId)).get();
  if (!row) return undefined;
  const roles = db.select().from(t.taskAgencies).where(eq(t.taskAgencies.planId, planId)).orderBy(asc(t.taskAgencies.position)).all();
  const namesOf = (taskId: string, role: "lead" | "partner") => [
    ...new Set(roles.filter((r) => r.taskId === taskId && r.role === role).map((r) => r.name)),
  ];
  const tasks: PlanTask[] = db
    .select()
    .from(t.planTasks)
    .where(eq(t.planTasks.planId, planId))
    .orderBy(asc(t.planTasks.position))
    .all()
    .map((r) => ({
      id: r.taskId,
      section: r.section,
      title: r.title,
      text: r.text,
      lead: namesOf(r.taskId, "lead"),
      partners: namesOf(r.taskId, "partner"),
      timeframe: r.timeframe,
      recurrence: r.recurrence ?? "unscheduled",
      windowStart: r.windowStart,
      deadlines: r.deadlines,
      ...(r.proposed ? { proposed: true } : {}),
    }));
  const sections = db
    .select()
    .from(t.planSections)
    .where(eq(t.planSections.planId, planId))
    .orderBy(asc(t.planSections.position))
    .all()
    .map((s) => ({ id: s.sectionId, heading: s.heading, text: s.text }));
  const responsibilities = db
    .select({ section: t.responsibilities.section, agency: t.responsibilities.agency, text: t.responsibilities.text })
    .from(t.responsibilities)
    .where(eq(t.responsibilities.planId, planId))
    .orderBy(asc(t.responsibilities.id))
    .all();
  const reportDeadlines = db
    .select({ section: t.reportDeadlines.section, date: t.reportDeadlines.date, to: t.reportDeadlines.to, who: t.reportDeadlines.who })
    .from(t.reportDeadlines)
    .where(eq(t.reportDeadlines.planId, planId))
    .orderBy(asc(t.reportDeadlines.id))
    .all();
  return {
    id: row.id,
    revision: row.revision,
    importedAt: row.importedAt,
    sourceName: row.sourceName,
    sourceText: row.sourceText,
    directory: row.meta?.directory ?? "configured",
    plan: {
      title: row.title,
      year: row.year,
      years: row.meta?.years ?? [row.year, row.year],
      issued: row.meta?.issued ?? null,
      // Plans stored before the coordinator was read: the one their report deadlines name.
      coordinator: row.meta ? row.meta.coordinator : coordinatorFrom(reportDeadlines),
      agencies: row.meta?.agencies ?? [],
      tasks,
      sections,
      responsibilities,
      reportDeadlines,
      warnings: row.warnings,
    },
  };
}

export function activePlanId(db: Db): number | undefined {
  return db.select({ id: t.plans.id }).from(t.plans).where(eq(t.plans.active, true)).get()?.id;
}

/** The active plan's id and revision: what a running bot compares to know its copy is current. */
export function activePlanVersion(db: Db): { id: number; revision: number } | undefined {
  return db.select({ id: t.plans.id, revision: t.plans.revision }).from(t.plans).where(eq(t.plans.active, true)).get();
}


export function planHistory(db: Db): { id: number; title: string; year: number; importedAt: string; active: boolean }[] {
  return db
    .select({ id: t.plans.id, title: t.plans.title, year: t.plans.year, importedAt: t.plans.importedAt, active: t.plans.active })
    .from(t.plans)
    .orderBy(desc(t.plans.id))
    .all();
}

export function overridesOf(db: Db, key: string): Map<string, TaskOverride> {
  const rows = db.select().from(t.planOverrides).where(eq(t.planOverrides.planKey, key)).all();
  return new Map(rows.map((r) => [r.taskId, r.fields]));
}

/** Records an admin's correction; fields given again replace the earlier ones. */
export function saveOverride(db: Db, key: string, taskId: string, fields: TaskOverride): TaskOverride {
  return db.transaction((tx) => {
    const before = tx
      .select()
      .from(t.planOverrides)
      .where(and(eq(t.planOverrides.planKey, key), eq(t.planOverrides.taskId, taskId)))
      .get();
    const merged = { ...before?.fields, ...fields };
    tx.insert(t.planOverrides)
      .values({ planKey: key, taskId, fields: merged })
      .onConflictDoUpdate({ target: [t.planOverrides.planKey, t.planOverrides.taskId], set: { fields: merged, updatedAt: t.now } })
      .run();
    return merged;
  });
}
