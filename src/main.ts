/**
 * `npm start`: the bot service. Every configured channel (Telegram, Zalo) and the reminder
 * scheduler run in this one process over one database; with no channel configured it opens
 * the console channel so the product can be tried with no account anywhere.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { ConfigError, loadConfig, loadEnvFile } from "./config.js";
import { createLogger, secretsOf } from "./log.js";
import { startService } from "./service.js";

/** The console's log file, in the database's folder. */
const CONSOLE_LOG = "kehoach-console.log";

async function main(): Promise<void> {
  loadEnvFile();
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const consoleOnly = !config.telegram && !existsSync(config.zaloCredentialsFile);
  // On the console the log goes beside the database, and only warnings to the terminal.
  const logFile = consoleOnly ? join(dirname(config.databasePath), CONSOLE_LOG) : undefined;
  const log = createLogger(config.logLevel, undefined, { secrets: secretsOf(config), ...(logFile ? { file: logFile } : {}) });
  if (consoleOnly && !process.stdin.isTTY) {
    // Under a service manager stdin is empty and the console ends at once: say why.
    log.warn("no TELEGRAM_BOT_TOKEN and no Zalo credentials: opening the console channel on stdin");
  }
  const service = await startService(config, log, {
    console: consoleOnly ? { input: process.stdin, output: process.stdout, logFile } : undefined,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    await service.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  // The console channel ends with its input (a pipe or Ctrl-D); the other channels run until a signal.
  await service.done;
  await stop("end of input");
}

main().catch((e: unknown) => {
  process.stderr.write(`Lỗi khởi động / start-up error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
