import { chmodSync } from "node:fs";
import { basename } from "node:path";
import { UnknownDirectoryError, UnknownTaskError, type App } from "../src/app.js";
import { createLlm } from "../src/llm/client.js";
import { proposeTasks, withProposals } from "../src/llm/propose.js";
import { Directory } from "../src/plan/directory.js";
import { loadDirectories } from "../src/plan/directories.js";
import { parsePlan, readHeader } from "../src/plan/parse.js";
import { readPlanFile } from "../src/plan/read.js";
import { deadlineWarnings } from "../src/plan/review.js";
import { planHistory } from "../src/plan/store.js";
import { P, RECURRENCE_LABEL } from "../src/plan/texts.js";
import { parseTimeframe, planTime } from "../src/plan/timeframe.js";
import type { Plan, Recurrence } from "../src/plan/types.js";
import { formatDate, parseUserDate } from "../src/time.js";
import { args, printJson, printTable, UsageError, type CommandSpec } from "./cli.js";
import { openCliApp } from "./context.js";

/** The plan JSON of DESIGN §3: the model without the section texts, which `plan show` omits. */
export function planJson(plan: Plan) {
  const { sections: _sections, ...rest } = plan;
  return rest;
}

function deadlinesText(task: Plan["tasks"][number]): string {
  if (task.deadlines.length === 0) return RECURRENCE_LABEL[task.recurrence];
  const shown = task.deadlines.slice(0, 4).map(formatDate).join(", ");
  return task.deadlines.length > 4 ? `${shown} … (${task.deadlines.length})` : shown;
}

/** What was understood, task by task, as the admin reviews it before the plan goes live. */
function printPlan(plan: Plan, directoryName?: string): void {
  const out = process.stdout;
  out.write(`${P.header(plan.title, plan.years, plan.tasks.length, plan.warnings.length)}\n${P.coordinator(plan.coordinator)}\n`);
  if (directoryName) out.write(`${P.directory(directoryName, plan.agencies.length)}\n`);
  out.write("\n");
  printTable(
    plan.tasks.map((t) => [
      t.proposed ? `${t.id} ${P.proposed}` : t.id,
      t.title.length > 70 ? `${t.title.slice(0, 69)}…` : t.title,
      t.lead.join("; "),
      t.partners.join("; "),
      t.timeframe,
      RECURRENCE_LABEL[t.recurrence],
      deadlinesText(t),
    ]),
    P.columns.slice(0, 1).concat(P.columns.slice(2, 8)),
  );
  for (const d of plan.reportDeadlines) out.write(`\n${P.reportDeadline(d.section, formatDate(d.date), d.to)}`);
  if (plan.warnings.length) out.write(`\n\n${P.warningsTitle}\n${plan.warnings.map((w) => `- ${w}`).join("\n")}\n`);
  else out.write("\n");
}

/** The review as a workbook: every task with its source text, the warnings, the plan's own agencies. */
async function writeReview(plan: Plan, file: string): Promise<void> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  const tasks = wb.addWorksheet(P.sheetTasks);
  tasks.addRow(P.columns).font = { bold: true };
  for (const t of plan.tasks) {
    tasks.addRow([t.proposed ? `${t.id} ${P.proposed}` : t.id, t.section, t.title, t.lead.join("; "), t.partners.join("; "), t.timeframe, RECURRENCE_LABEL[t.recurrence], t.deadlines.map(formatDate).join(", "), t.text]);
  }
  tasks.columns.forEach((c, i) => (c.width = [8, 10, 50, 30, 30, 24, 14, 24, 80][i]));
  tasks.views = [{ state: "frozen", ySplit: 1 }];
  const warnings = wb.addWorksheet(P.sheetWarnings);
  for (const w of plan.warnings.length ? plan.warnings : [P.none]) warnings.addRow([w]);
  warnings.getColumn(1).width = 120;
  const agencies = wb.addWorksheet(P.sheetAgencies);
  for (const a of plan.agencies.length ? plan.agencies : [P.none]) agencies.addRow([a, a === P.none ? "" : P.notInDirectory]);
  agencies.getColumn(1).width = 60;
  await wb.xlsx.writeFile(file);
  chmodSync(file, 0o600);
}

function list(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(";").map((s) => s.trim()).filter(Boolean);
}

const RECURRENCES = Object.keys(RECURRENCE_LABEL) as Recurrence[];

/** The plan with the tasks the configured model proposes for what the rules did not read. */
async function propose(app: App, plan: Plan): Promise<Plan> {
  const llm = createLlm(app.config.openai);
  if (!llm) throw new UsageError(P.noModel);
  return withProposals(plan, await proposeTasks(plan, llm, app.log));
}

const spec: CommandSpec = {
  name: "plan",
  usage:
    "plan parse <file> [--json] [--directory NAME|FILE] | plan import <file> [--accept] [--directory NAME] [--propose] | plan review <file> [--out FILE.xlsx] [--propose] | plan fix <NV> [--lead \"A; B\"] [--partners \"…\"] [--due dd/mm/yyyy,…] [--timeframe \"…\"] [--recurrence once|monthly|quarterly|yearly|continuous|unscheduled] | plan show [--json] | plan history [--json]",
  async run(argv) {
    const { values, positionals } = args(argv, {
      json: { type: "boolean" },
      accept: { type: "boolean" },
      directory: { type: "string" },
      out: { type: "string" },
      lead: { type: "string" },
      partners: { type: "string" },
      due: { type: "string" },
      timeframe: { type: "string" },
      recurrence: { type: "string" },
      propose: { type: "boolean" },
    });
    const [verb, file] = positionals;
    if (verb === "parse") {
      if (!file) throw new UsageError("plan parse <file>");
      const text = await readPlanFile(file);
      const directories = loadDirectories(process.env.DIRECTORY_FILE);
      const named = values.directory === undefined ? undefined : directories.byName(values.directory);
      const chosen = named
        ? { name: values.directory!, directory: named }
        : values.directory !== undefined
          ? { name: values.directory, directory: Directory.load(values.directory) }
          : directories.forPlan(readHeader(text));
      const plan = parsePlan(text, chosen.directory);
      return values.json ? printJson(planJson(plan)) : printPlan(plan, chosen.name);
    }
    const app = openCliApp();
    try {
      if (verb === "import") {
        if (!file) throw new UsageError("plan import <file> [--accept]");
        const text = await readPlanFile(file);
        const preview = (() => {
          try {
            return app.previewPlan(text, values.directory);
          } catch (e) {
            if (e instanceof UnknownDirectoryError) throw new UsageError(e.message);
            throw e;
          }
        })();
        if (values.propose) preview.plan = await propose(app, preview.plan);
        const { plan, directoryName } = preview;
        printPlan(plan, directoryName);
        const undated = deadlineWarnings(plan);
        if (undated.length > 0 && !values.accept) {
          process.stdout.write(`\n${P.deadlineAlarm(undated.length)}\n`);
          process.exitCode = 2;
          return;
        }
        const { id } = app.importPreview(basename(file), text, preview);
        process.stdout.write(`\n${P.imported(id, plan.title, plan.tasks.length, plan.warnings.length)}\n`);
      } else if (verb === "review") {
        if (!file) throw new UsageError("plan review <file> [--out FILE.xlsx]");
        const preview = app.previewPlan(await readPlanFile(file));
        const plan = values.propose ? await propose(app, preview.plan) : preview.plan;
        const out = values.out ?? `${basename(file).replace(/\.[^.]+$/, "")}-ra-soat.xlsx`;
        await writeReview(plan, out);
        process.stdout.write(`${P.reviewWritten(out)}\n`);
      } else if (verb === "fix") {
        if (!file) throw new UsageError(spec.usage);
        const due = values.due?.split(",").map((d) => {
          const iso = parseUserDate(d.trim());
          if (!iso) throw new UsageError(`--due «${d}» không phải ngày (dd/mm/yyyy) / not a date`);
          return iso;
        });
        const recurrence = values.recurrence as Recurrence | undefined;
        if (recurrence !== undefined && !RECURRENCES.includes(recurrence)) throw new UsageError(`--recurrence: ${RECURRENCES.join(", ")}`);
        if (values.timeframe !== undefined) {
          const { plan } = app.active();
          const read = parseTimeframe(values.timeframe, planTime(plan));
          if (read.warning && !due) process.stdout.write(`${read.warning}\n`);
        }
        const fields = {
          ...(list(values.lead) ? { lead: list(values.lead) } : {}),
          ...(list(values.partners) ? { partners: list(values.partners) } : {}),
          ...(values.timeframe !== undefined ? { timeframe: values.timeframe } : {}),
          ...(recurrence ? { recurrence } : {}),
          ...(due ? { deadlines: due } : {}),
        };
        if (Object.keys(fields).length === 0) throw new UsageError(spec.usage);
        try {
          const task = app.fixTask(file, fields);
          if (values.json) printJson(task);
          else process.stdout.write(`${P.fixed(task.id)}\n`);
        } catch (e) {
          if (e instanceof UnknownTaskError) throw new UsageError(e.message);
          throw e;
        }
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
