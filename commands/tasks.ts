import { obligationsOf } from "../src/plan/obligations.js";
import { periodsOf } from "../src/plan/periods.js";
import { formatDate } from "../src/time.js";
import { args, printJson, printTable, UsageError, type CommandSpec } from "./cli.js";
import { openCliApp } from "./context.js";

const spec: CommandSpec = {
  name: "tasks",
  usage: "tasks --agency <tên hoặc viết tắt> [--json]  nhiệm vụ của một cơ quan (chủ trì, phối hợp) và thời hạn",
  run(argv) {
    const { values } = args(argv, { agency: { type: "string" }, json: { type: "boolean" } });
    if (!values.agency) throw new UsageError("tasks --agency <tên cơ quan>");
    const app = openCliApp();
    try {
      const agency = app.active().directory.find(values.agency);
      if (!agency) throw new UsageError(`không tìm thấy cơ quan «${values.agency}» / unknown agency`);
      const { plan } = app.active();
      const list = obligationsOf(plan, app.active().directory, agency.code).map(({ task, role }) => ({
        id: task.id,
        section: task.section,
        title: task.title,
        role,
        timeframe: task.timeframe,
        recurrence: task.recurrence,
        deadlines: task.deadlines,
        periods: periodsOf(task, plan.years).map((p) => p.id),
      }));
      if (values.json) return printJson({ agency: { code: agency.code, name: agency.name }, tasks: list });
      process.stdout.write(`${agency.name}: ${list.length} nhiệm vụ\n\n`);
      printTable(
        list.map((t) => [
          t.id,
          t.role === "lead" ? "Chủ trì" : "Phối hợp",
          t.title,
          t.recurrence === "continuous" ? "Thường xuyên" : t.deadlines.map(formatDate).join(", ") || t.timeframe,
        ]),
        ["NV", "Vai trò", "Nhiệm vụ", "Hạn"],
      );
    } finally {
      app.close();
    }
  },
};
export default spec;
