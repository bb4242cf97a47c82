import { readPlanFile } from "../src/app.js";
import { Directory } from "../src/plan/directory.js";
import { parsePlan } from "../src/plan/parse.js";
import type { Plan } from "../src/plan/types.js";
import { planHistory } from "../src/plan/store.js";
import { formatDate } from "../src/time.js";
import { args, printJson, printTable, UsageError, type CommandSpec } from "./cli.js";
import { openCliApp } from "./context.js";

/** The plan JSON of DESIGN §3: the model without the section texts, which `plan show` omits. */
export function planJson(plan: Plan) {
  const { sections: _sections, ...rest } = plan;
  return rest;
}

function printPlan(plan: Plan): void {
  process.stdout.write(`${plan.title} (${plan.year})\n\n`);
  printTable(
    plan.tasks.map((t) => [
      t.id,
      t.title,
      t.lead.join("; "),
      t.recurrence ?? "?",
      t.recurrence === "continuous" ? "thường xuyên" : t.deadlines.map(formatDate).join(", "),
    ]),
    ["NV", "Nhiệm vụ", "Chủ trì", "Lặp lại", "Hạn"],
  );
  for (const d of plan.reportDeadlines) process.stdout.write(`\nHạn báo cáo (${d.section}): ${formatDate(d.date)}, gửi ${d.to}\n`);
  if (plan.warnings.length) process.stdout.write(`\nCảnh báo:\n${plan.warnings.map((w) => `- ${w}`).join("\n")}\n`);
}

const spec: CommandSpec = {
  name: "plan",
  usage: "plan parse <file> [--json] | plan import <file> | plan show [--json] | plan history [--json]",
  run(argv) {
    const { values, positionals } = args(argv, { json: { type: "boolean" }, directory: { type: "string" } });
    const [verb, file] = positionals;
    if (verb === "parse") {
      if (!file) throw new UsageError("plan parse <file>");
      const plan = parsePlan(readPlanFile(file), Directory.load(values.directory ?? process.env.DIRECTORY_FILE));
      return values.json ? printJson(planJson(plan)) : printPlan(plan);
    }
    const app = openCliApp();
    try {
      if (verb === "import") {
        if (!file) throw new UsageError("plan import <file>");
        const { id, plan } = app.importPlanFile(file);
        process.stdout.write(`Đã nạp kế hoạch #${id}: ${plan.title} (${plan.tasks.length} nhiệm vụ, ${plan.warnings.length} cảnh báo)\n`);
      } else if (verb === "show" || verb === undefined) {
        const { plan } = app.active();
        if (values.json) printJson(planJson(plan));
        else printPlan(plan);
      } else if (verb === "history") {
        const rows = planHistory(app.db);
        if (values.json) printJson({ plans: rows });
        else printTable(rows.map((r) => [String(r.id), r.active ? "*" : "", r.title, r.importedAt]), ["#", "", "Kế hoạch", "Nạp lúc"]);
      } else throw new UsageError(spec.usage);
    } finally {
      app.close();
    }
  },
};
export default spec;
