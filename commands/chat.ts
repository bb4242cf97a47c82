import { loadConfig, loadEnvFile } from "../src/config.js";
import { createLogger, secretsOf } from "../src/log.js";
import { startService } from "../src/service.js";
import { args, type CommandSpec } from "./cli.js";

const spec: CommandSpec = {
  name: "chat",
  usage: "chat [--as <cơ quan>] [--admin]            trò chuyện với trợ lý ngay trong terminal",
  async run(argv) {
    const { values } = args(argv, { as: { type: "string" }, admin: { type: "boolean" } });
    loadEnvFile();
    // The console alone: a configured Telegram bot keeps running in its own service.
    const config = { ...loadConfig(), telegram: undefined };
    const service = await startService(config, createLogger(process.env.LOG_LEVEL ?? "warn", undefined, { secrets: secretsOf(config) }), {
      scheduler: false,
      console: { input: process.stdin, output: process.stdout, ...(values.as ? { as: values.as } : {}), role: values.admin ? "admin" : "focal" },
    });
    await service.done;
    await service.stop();
  },
};
export default spec;
