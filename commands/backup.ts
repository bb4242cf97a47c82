import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { loadConfig, loadEnvFile } from "../src/config.js";
import { backupDatabase } from "../src/db/backup.js";
import { args, printJson, UsageError, type CommandSpec } from "./cli.js";

const spec: CommandSpec = {
  name: "backup",
  usage: "backup <file> [--json]                  sao lưu cơ sở dữ liệu (chạy được khi bot đang hoạt động)",
  async run(argv) {
    const { values, positionals } = args(argv, { json: { type: "boolean" } });
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError("backup <file> [--json]");
    loadEnvFile();
    const { databasePath } = loadConfig();
    if (!existsSync(databasePath)) throw new Error(`không tìm thấy cơ sở dữ liệu ${databasePath} / database not found`);
    // Opened bare rather than through openCliApp: a backup taken just before an upgrade must
    // not run the new code's migrations on the database the old bot is still using.
    const source = new Database(databasePath, { fileMustExist: true });
    try {
      source.pragma("busy_timeout = 5000");
      const result = await backupDatabase(source, file);
      if (values.json) return printJson(result);
      process.stdout.write(
        `Đã sao lưu ${databasePath} vào ${result.file} (${new Intl.NumberFormat("vi-VN").format(result.bytes)} byte, ${result.pages} trang).\n` +
          `Khôi phục: dừng dịch vụ, chép tệp này đè lên ${databasePath}, xóa ${databasePath}-wal và ${databasePath}-shm, rồi khởi động lại.\n`,
      );
    } finally {
      source.close();
    }
  },
};
export default spec;
