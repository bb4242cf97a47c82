/** The same real plan as text, as a Word file and as a PDF reads to the same tasks. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadDirectories } from "../../src/plan/directories.js";
import { parsePlan, readHeader } from "../../src/plan/parse.js";
import { readPlanFile } from "../../src/plan/read.js";
import type { Plan } from "../../src/plan/types.js";

const directories = loadDirectories(undefined);
const real = (name: string) => readFileSync(new URL(`../fixtures/plans/real/${name}.md`, import.meta.url), "utf8");
const file = (name: string) => new URL(`../fixtures/plans/files/${name}`, import.meta.url).pathname;

function parse(text: string): Plan {
  return parsePlan(text, directories.forPlan(readHeader(text)).directory);
}

function facts(plan: Plan) {
  return {
    title: plan.title,
    years: plan.years,
    issued: plan.issued,
    coordinator: plan.coordinator,
    tasks: plan.tasks.map(({ id, title, lead, partners, timeframe, recurrence, deadlines }) => ({ id, title, lead, partners, timeframe, recurrence, deadlines })),
  };
}

describe.each(["hcm-172-2025", "quangngai-1627-2025-kiem-ke-tai-san", "dongthap-556-2025-nq48"])("%s", (name) => {
  const text = facts(parse(real(name)));

  it("has tasks when read from its text", () => {
    expect(text.tasks.length).toBeGreaterThan(2);
  });

  it.each(["docx", "pdf"])("reads to the same tasks from .%s", async (ext) => {
    expect(facts(parse(await readPlanFile(file(`${name}.${ext}`))))).toEqual(text);
  });
});

describe("a plan whose tasks are a Word table (hcm-2820, appendix groups I, III and VI)", () => {
  it("gives each row of the table the task the text's table gives", async () => {
    const fromText = new Map(parse(real("hcm-2820-2025-qd06")).tasks.map((t) => [t.id, t]));
    const fromWord = parse(await readPlanFile(file("hcm-2820-2025-qd06.docx"))).tasks;
    expect(fromWord.map((t) => t.id)).toEqual(["I.1", "I.2", "I.3", "I.4", "III.1", "III.2", "III.3", "III.4", "III.5", "III.6", "VI.1", "VI.2", "VI.3", "VI.4", "VI.5"]);
    for (const t of fromWord) {
      const same = fromText.get(t.id)!;
      expect({ title: t.title, lead: t.lead, partners: t.partners, timeframe: t.timeframe, recurrence: t.recurrence }).toEqual({
        title: same.title,
        lead: same.lead,
        partners: same.partners,
        timeframe: same.timeframe,
        recurrence: same.recurrence,
      });
    }
  });
});
