import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BUNDLED_PLAN } from "../../src/config.js";
import { coordinatorOf } from "../../src/plan/coordinator.js";
import { Directory } from "../../src/plan/directory.js";
import { parsePlan } from "../../src/plan/parse.js";

const directory = Directory.load();
const plan = parsePlan(readFileSync(BUNDLED_PLAN, "utf8"), directory);

describe("coordinatorOf", () => {
  it("is the agency the plan names as coordinator, by its directory code", () => {
    expect(plan.coordinator).not.toBeNull();
    expect(coordinatorOf({ plan, directory })).toBe(directory.find(plan.coordinator!)?.code);
  });

  it("follows the plan's coordinator, not whichever report deadline comes first", () => {
    // A plan whose coordinator was read from its clauses has no report deadline to name it.
    expect(coordinatorOf({ plan: { ...plan, reportDeadlines: [] }, directory })).toBe(directory.find(plan.coordinator!)?.code);
    const other = directory.agencies.find((a) => a.name !== plan.coordinator)!;
    const first = { ...plan.reportDeadlines[0]!, to: other.name };
    expect(coordinatorOf({ plan: { ...plan, reportDeadlines: [first, ...plan.reportDeadlines] }, directory })).not.toBe(other.code);
  });

  it("is undefined when the plan names none", () => {
    expect(coordinatorOf({ plan: { ...plan, coordinator: null }, directory })).toBeUndefined();
  });
});
