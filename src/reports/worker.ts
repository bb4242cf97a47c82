/**
 * The summary documents' thread: an admin's /tonghop compiles a province's reports and renders
 * the DOCX and XLSX, seconds of work that would hold every chat if done on the main thread.
 * This thread opens the database itself (WAL lets it read beside the bot) and answers one
 * request at a time with the view's own messages.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openApp } from "../app.js";
import { ManualClock } from "../clock.js";
import type { Config } from "../config.js";
import { createLogger, secretsOf } from "../log.js";
import { createServices } from "../services.js";
import type { OverviewArgs, OverviewReply, OverviewRequest } from "./offload.js";

const config = workerData as Config;
const clock = new ManualClock(new Date());
const app = openApp(config, createLogger(config.logLevel, undefined, { secrets: secretsOf(config) }).child({ part: "documents" }), clock);
const services = createServices(app, { inThread: true });

parentPort!.on("message", (request: OverviewRequest) => {
  const args: OverviewArgs = { ...request.args, now: new Date(request.args.now) };
  clock.set(args.now);
  services.summaries.overview(args).then(
    (messages) => parentPort!.postMessage({ id: request.id, messages } satisfies OverviewReply),
    (err: unknown) => parentPort!.postMessage({ id: request.id, error: err instanceof Error ? err.message : String(err) } satisfies OverviewReply),
  );
});
