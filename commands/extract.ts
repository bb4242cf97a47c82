/** `extract "<text>" --as <agency> [--now ISO] [--json]`: how the chat would read a progress reply. */
import { createLlmServices } from "../src/llm/services.js";
import { args, instantOption, printJson, printTable, UsageError, type CommandSpec } from "./cli.js";
import { openCliApp } from "./context.js";

const spec: CommandSpec = {
  name: "extract",
  usage: 'extract "<nội dung báo cáo>" --as <cơ quan> [--now <thời điểm ISO>] [--json]',
  async run(argv) {
    const { values, positionals } = args(argv, { as: { type: "string" }, now: { type: "string" }, json: { type: "boolean" } });
    const text = positionals.join(" ").trim();
    if (!text || values.as === undefined) throw new UsageError(spec.usage);
    const app = openCliApp();
    const now = instantOption("now", values.now, app.config.timezone);
    try {
      const agency = app.active().directory.find(values.as);
      if (!agency) throw new UsageError(`không tìm thấy cơ quan «${values.as}» / unknown agency`);
      const { reader } = createLlmServices(app);
      const r = await reader.read(text, { agency: agency.code, role: "focal" }, now ?? app.clock.now());
      const out = {
        task: r.task,
        period: r.period,
        status: r.status,
        difficulties: r.difficulties,
        proposals: r.proposals,
        figures: r.figures,
        confidence: r.confidence,
        question: r.question,
      };
      if (values.json) return printJson(out);
      const rows: [string, string][] = [
        ["Câu hỏi", r.question ? "có" : "không"],
        ["Nhiệm vụ", r.task ?? "?"],
        ["Kỳ", r.period ?? "?"],
        ["Tình trạng", r.status ?? "?"],
        ["Kết quả", r.results],
        ["Số liệu", r.figures.join("; ")],
        ["Khó khăn", r.difficulties.join("; ")],
        ["Đề xuất", r.proposals.join("; ")],
        ["Độ tin cậy", String(r.confidence)],
      ];
      printTable(rows, ["Mục", "Giá trị"]);
    } finally {
      app.close();
    }
  },
};
export default spec;
