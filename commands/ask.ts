/** `ask "<question>" [--as <agency>] [--json]`: the grounded answer the chat would give. */
import { createLlmServices } from "../src/llm/services.js";
import type { Asker } from "../src/llm/types.js";
import { args, printJson, UsageError, type CommandSpec } from "./cli.js";
import { openCliApp } from "./context.js";

const spec: CommandSpec = {
  name: "ask",
  usage: 'ask "<câu hỏi>" [--as <cơ quan>] [--json]',
  async run(argv) {
    const { values, positionals } = args(argv, { as: { type: "string" }, json: { type: "boolean" } });
    const question = positionals.join(" ").trim();
    if (!question) throw new UsageError(spec.usage);
    const app = openCliApp();
    try {
      let asker: Asker = { agency: null, role: "operator" };
      if (values.as !== undefined) {
        const agency = app.active().directory.find(values.as);
        if (!agency) throw new UsageError(`không tìm thấy cơ quan «${values.as}» / unknown agency`);
        asker = { agency: agency.code, role: "focal" };
      }
      const { answerer } = createLlmServices(app);
      const a = await answerer.ask(question, asker);
      if (values.json) printJson({ answer: a.answer, citations: a.citations, grounded: a.grounded, mode: a.mode });
      else {
        const source = a.citations.length > 0 ? a.citations.join(", ") : "không có";
        process.stdout.write(`${a.answer}\n\nMục trích dẫn: ${source} · ${a.grounded ? "có căn cứ" : "ngoài Kế hoạch"} · ${a.mode}\n`);
      }
    } finally {
      app.close();
    }
  },
};
export default spec;
