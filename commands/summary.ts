/**
 * `summary`: the summary for the coordinating department as at now (or `--now`), as Markdown,
 * the JSON of issue #7, the draft report (DOCX) or the spreadsheet (XLSX).
 */
import { chmodSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { App } from "../src/app.js";
import type { Signer } from "../src/config.js";
import { createLlm, type Llm } from "../src/llm/client.js";
import type { Logger } from "../src/log.js";
import { draftAssessment } from "../src/reports/assessment.js";
import { compileSummary, type Summary } from "../src/reports/compile.js";
import { summaryJson } from "../src/reports/render-json.js";
import { summaryMarkdown } from "../src/reports/render-text.js";
import { listReports } from "../src/reports/store.js";
import { resolveRequest, type SummaryRequest } from "../src/reports/request.js";
import { args, instantOption, UsageError, type CommandSpec } from "./cli.js";
import { openCliApp } from "./context.js";

export const FORMATS = ["md", "json", "docx", "xlsx"] as const;
export type Format = (typeof FORMATS)[number];

/** The summary as at `now` (ISO; without an offset, in the configured zone; default the clock). */
export function buildSummary(app: Pick<App, "db" | "active" | "clock" | "config">, request: SummaryRequest, now?: string): Summary {
  const { id, plan, directory } = app.active();
  const filter = resolveRequest(plan, directory, request);
  if ("error" in filter) throw new UsageError(filter.error);
  const at = instantOption("now", now, app.config.timezone) ?? app.clock.now();
  const reports = listReports(app.db, id, { history: true });
  return compileSummary({ plan, directory, reports, now: at, zone: app.config.timezone, filter });
}

/**
 * The document libraries load only for the format asked: a JSON summary starts faster. With a
 * model, the DOCX's section II is its draft (verbatim when the model fails).
 */
export async function renderSummary(s: Summary, format: Format, options: { llm?: Llm; log?: Logger; signer?: Signer } = {}): Promise<Buffer> {
  switch (format) {
    case "md":
      return Buffer.from(summaryMarkdown(s));
    case "json":
      return Buffer.from(`${JSON.stringify(summaryJson(s), null, 2)}\n`);
    case "docx": {
      const assessment = await draftAssessment(s, options.llm, options.log);
      return (await import("../src/reports/render-docx.js")).renderDocx(s, { ...(assessment && { assessment }), ...(options.signer && { signer: options.signer }) });
    }
    case "xlsx":
      return (await import("../src/reports/render-xlsx.js")).renderXlsx(s);
  }
}

const spec: CommandSpec = {
  name: "summary",
  usage: "summary [--period P] [--task N] [--agency X] [--now ISO] [--format md|json|docx|xlsx] [--out FILE] [--json]",
  async run(argv) {
    const { values } = args(argv, {
      period: { type: "string" },
      task: { type: "string" },
      agency: { type: "string" },
      now: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      json: { type: "boolean" },
    });
    const format = (values.format ?? (values.json ? "json" : "md")) as Format;
    if (!FORMATS.includes(format)) throw new UsageError(`--format: một trong ${FORMATS.join(", ")} / one of ${FORMATS.join(", ")}`);
    const app = openCliApp();
    try {
      const s = buildSummary(
        app,
        {
          ...(values.period !== undefined && { period: values.period }),
          ...(values.task !== undefined && { task: values.task }),
          ...(values.agency !== undefined && { agency: values.agency }),
        },
        values.now,
      );
      const llm = createLlm(app.config.openai);
      const data = await renderSummary(s, format, { log: app.log, signer: app.config.signer, ...(llm ? { llm } : {}) });
      // A binary document never goes to a terminal: without --out it gets a file of its own.
      const out = values.out ?? (format === "docx" || format === "xlsx" ? `tong-hop-${s.period?.id ?? s.year}-${s.asOf}.${format}` : undefined);
      if (out === undefined) {
        process.stdout.write(data);
        return;
      }
      writeFileSync(out, data, { mode: 0o600 });
      chmodSync(out, 0o600);
      // stdout stays one JSON document in JSON mode: the path, not the summary, is the answer.
      process.stdout.write(format === "json" ? `${JSON.stringify({ file: resolve(out) })}\n` : `${resolve(out)}\n`);
    } finally {
      app.close();
    }
  },
};
export default spec;
