/**
 * Every real plan imports into a real SQLite file and reads back the same: the names it uses,
 * written several ways ("Sở KH&CN", "Sở Khoa học và Công nghệ"; "UBND các phường xã" with or
 * without its comma), become one agency each, and every task's lead resolves to an agency.
 */
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { obligationsOf } from "../../src/plan/obligations.js";
import { openTestApp } from "../support/app.js";

const DIR = new URL("../fixtures/plans/real/", import.meta.url);
const files = readdirSync(DIR).filter((f) => /-20\d\d/.test(f)).sort();
const t = openTestApp({ now: "2025-12-01T09:00:00+07:00" });
afterAll(() => t.dispose());

describe.each(files)("%s", (file) => {
  it("imports, and reads back with every lead an agency that has the task", () => {
    const imported = t.app.importPlanText(file, readFileSync(new URL(file, DIR), "utf8"));
    const { plan, directory } = t.app.active();
    expect(plan.tasks.map((x) => x.id)).toEqual(imported.plan.tasks.map((x) => x.id));
    expect(plan.years).toEqual(imported.plan.years);
    for (const task of plan.tasks.filter((x) => x.lead.length > 0)) {
      const agencies = directory.expand(task.lead);
      expect(agencies.length, `${task.id} ${task.lead.join("; ")}`).toBeGreaterThan(0);
      expect(obligationsOf(plan, directory, agencies[0]!.code).some((o) => o.task.id === task.id)).toBe(true);
    }
  });
});
