/**
 * The answering and reading services as the application wires them: the model when the
 * configuration names one, offline mode otherwise.
 */
import type { App } from "../app.js";
import { createAnswerer } from "./answer.js";
import { createLlm, type Llm, type LlmOptions } from "./client.js";
import { createReader } from "./extract.js";
import type { Answerer, Reader } from "./types.js";

export function createLlmServices(
  app: Pick<App, "config" | "db" | "log" | "active">,
  options: LlmOptions = {},
): { answerer: Answerer; reader: Reader; llm: Llm | undefined } {
  const llm = createLlm(app.config.openai, options);
  if (llm) app.log.info({ model: llm.model }, "LLM enabled");
  else app.log.info("no LLM configured: offline mode");
  const common = { active: app.active, log: app.log, zone: app.config.timezone, ...(llm ? { llm } : {}) };
  return { answerer: createAnswerer({ ...common, db: app.db }), reader: createReader(common), llm };
}
