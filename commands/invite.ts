import { Api } from "grammy";
import type { Config } from "../src/config.js";
import { createInvite } from "../src/core/contacts.js";
import { formatDateTime } from "../src/time.js";
import { args, printJson, UsageError, type CommandSpec } from "./cli.js";
import { openCliApp } from "./context.js";

/**
 * The t.me link that opens the bot with `/start <code>`, when a Telegram bot is configured and
 * answers getMe; an invite is still valid without it (the code is typed instead).
 */
async function deepLink(telegram: Config["telegram"], code: string): Promise<string | null> {
  if (!telegram) return null;
  try {
    const me = await new Api(telegram.token, { apiRoot: telegram.apiRoot }).getMe(AbortSignal.timeout(5_000) as Parameters<Api["getMe"]>[0]);
    return `https://t.me/${me.username}?start=${code.replace(/-/g, "")}`;
  } catch {
    return null;
  }
}

const spec: CommandSpec = {
  name: "invite",
  usage: "invite <cơ quan> [--admin] [--json]       cấp mã đăng ký dùng một lần",
  async run(argv) {
    const { values, positionals } = args(argv, { admin: { type: "boolean" }, json: { type: "boolean" } });
    const name = positionals.join(" ").trim();
    if (!name) throw new UsageError("invite <cơ quan> [--admin]");
    const app = openCliApp();
    try {
      const agency = app.active().directory.find(name);
      if (!agency) throw new UsageError(`không tìm thấy cơ quan «${name}» / unknown agency`);
      const role = values.admin ? "admin" : "focal";
      const { code, expiresAt } = createInvite(app.db, agency.code, role, "cli", app.clock.now());
      const link = await deepLink(app.config.telegram, code);
      if (values.json) return printJson({ code, agency: agency.name, role, expiresAt, link });
      process.stdout.write(
        `Mã đăng ký ${role === "admin" ? "quản trị " : ""}cho ${agency.name}: ${code}\n` +
          `Hiệu lực đến ${formatDateTime(expiresAt, app.config.timezone)}, dùng một lần.\n` +
          `Đầu mối gửi cho trợ lý: /start ${code}\n${link ? `Hoặc mở: ${link}\n` : ""}`,
      );
    } finally {
      app.close();
    }
  },
};
export default spec;
