import { createInvite } from "../src/core/contacts.js";
import { formatDateTime } from "../src/time.js";
import { args, printJson, UsageError, type CommandSpec } from "./cli.js";
import { openCliApp } from "./context.js";

/** Telegram opens `/start <code>` from this link; the username comes from TELEGRAM_BOT_USERNAME when set. */
export function deepLink(code: string, username = process.env.TELEGRAM_BOT_USERNAME): string | null {
  return username ? `https://t.me/${username}?start=${code.replace(/-/g, "")}` : null;
}

const spec: CommandSpec = {
  name: "invite",
  usage: "invite <cơ quan> [--admin] [--json]       cấp mã đăng ký dùng một lần",
  run(argv) {
    const { values, positionals } = args(argv, { admin: { type: "boolean" }, json: { type: "boolean" } });
    const name = positionals.join(" ").trim();
    if (!name) throw new UsageError("invite <cơ quan> [--admin]");
    const app = openCliApp();
    try {
      const agency = app.directory.find(name);
      if (!agency) throw new UsageError(`không tìm thấy cơ quan «${name}» / unknown agency`);
      const role = values.admin ? "admin" : "focal";
      const { code, expiresAt } = createInvite(app.db, agency.code, role, "cli", app.clock.now());
      const link = deepLink(code);
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
