import { openApp, type App } from "../src/app.js";
import { loadConfig, loadEnvFile } from "../src/config.js";
import { createLogger, secretsOf } from "../src/log.js";

/** The application as the operator commands open it: logs on stderr only. */
export function openCliApp(): App {
  loadEnvFile();
  const config = loadConfig();
  return openApp(config, createLogger(process.env.LOG_LEVEL ?? "warn", undefined, { secrets: secretsOf(config) }));
}
