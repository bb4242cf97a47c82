/**
 * The environment, validated once into one typed object (DESIGN §3). A bad value stops
 * start-up with one line per problem, naming the variable, instead of failing later mid-run.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { config as dotenv } from "dotenv";
import { DateTime, IANAZone } from "luxon";
import { z } from "zod";

export const BUNDLED_PLAN = fileURLToPath(new URL("./data/plans/quang-ngai-2024-ttdn.txt", import.meta.url));

const optional = z
  .string()
  .transform((s) => s.trim())
  .transform((s) => (s === "" ? undefined : s))
  .optional();

const url = (what: string) =>
  optional.refine((s) => s === undefined || /^https?:\/\/[^\s]+$/.test(s), `không phải địa chỉ URL hợp lệ (${what})`);

const Env = z.object({
  DATABASE_PATH: optional.default("data/kehoach.sqlite"),
  PLAN_FILE: optional.refine((f) => f === undefined || existsSync(f), "không tìm thấy tệp kế hoạch"),
  DIRECTORY_FILE: optional.refine((f) => f === undefined || existsSync(f), "không tìm thấy tệp danh bạ cơ quan"),
  TIMEZONE: optional
    .default("Asia/Ho_Chi_Minh")
    .refine((z) => z !== undefined && IANAZone.isValidZone(z), "múi giờ không hợp lệ (ví dụ: Asia/Ho_Chi_Minh)"),
  NOW: optional.refine(
    (s) => s === undefined || DateTime.fromISO(s, { setZone: true }).isValid,
    "không phải thời điểm ISO 8601 (ví dụ: 2024-03-28T08:00:00+07:00)",
  ),
  TELEGRAM_BOT_TOKEN: optional.refine(
    (s) => s === undefined || /^\d+:[A-Za-z0-9_-]{20,}$/.test(s),
    "token Telegram không đúng dạng <số>:<chuỗi>",
  ),
  TELEGRAM_API_ROOT: url("TELEGRAM_API_ROOT").default("https://api.telegram.org"),
  TELEGRAM_WEBHOOK_URL: url("TELEGRAM_WEBHOOK_URL"),
  TELEGRAM_WEBHOOK_SECRET: optional.refine(
    (s) => s === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(s),
    "chỉ gồm A-Z, a-z, 0-9, _ và -, tối đa 256 ký tự",
  ),
  TELEGRAM_TIMEOUT_MS: optional.default("30000").refine((s) => /^\d+$/.test(s ?? "") && Number(s) >= 100, "số mili giây, ít nhất 100 (ví dụ 30000)"),
  HOST: optional.default("127.0.0.1"),
  PORT: optional
    .default("8080")
    .refine((s) => /^\d+$/.test(s ?? "") && Number(s) > 0 && Number(s) < 65536, "cổng phải là số 1–65535"),
  ZALO_CREDENTIALS_FILE: optional.default("data/zalo-credentials.json"),
  ZALO_SEND_INTERVAL_MS: optional.default("1500").refine((s) => /^\d+$/.test(s ?? ""), "số mili giây (ví dụ 1500)"),
  ZALO_CHAT_INTERVAL_MS: optional.default("2000").refine((s) => /^\d+$/.test(s ?? ""), "số mili giây (ví dụ 2000)"),
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: url("OPENAI_BASE_URL"),
  OPENAI_MODEL: optional.default("gpt-4o-mini"),
  LOG_LEVEL: optional
    .default("info")
    .refine((s) => ["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(s ?? ""), "một trong fatal, error, warn, info, debug, trace, silent"),
  REMINDER_SETTINGS_FILE: optional.refine((f) => f === undefined || existsSync(f), "không tìm thấy tệp cấu hình nhắc hạn"),
  BACKUP_DIR: optional,
  BACKUP_KEEP: optional
    .default("14")
    .refine((s) => /^\d+$/.test(s ?? "") && Number(s) >= 1 && Number(s) <= 3650, "số bản sao lưu giữ lại phải là số nguyên 1–3650"),
  REPORT_SIGNER_TITLE: optional,
  REPORT_SIGNER_NAME: optional,
});

export interface Config {
  databasePath: string;
  planFile: string;
  directoryFile: string | undefined;
  timezone: string;
  /** The clock starts here and runs forward (demos, tests); undefined = real time. */
  now: string | undefined;
  telegram:
    | {
        token: string;
        apiRoot: string;
        /** How long one call (with its retries) may take before the send counts as failed. */
        timeoutMs: number;
        webhook: { url: string; secret: string; port: number; host: string } | undefined;
      }
    | undefined;
  zaloCredentialsFile: string;
  /** Least time between two Zalo sends overall and to one chat: an unofficial API is throttled conservatively. */
  zaloThrottle: { overallMs: number; perThreadMs: number };
  /** JSON overriding the reminder policy's numbers (DESIGN §4); undefined = the defaults. */
  reminderSettingsFile: string | undefined;
  openai: { apiKey: string | undefined; baseURL: string | undefined; model: string } | undefined;
  logLevel: string;
  /** The daily backup (02:00 local) and how many dated copies it keeps; undefined = off. */
  backup: { dir: string; keep: number } | undefined;
  /** Who signs the draft report; what is unset is derived from the coordinator's name (title) or left to fill in (name). */
  signer: Signer;
}

export interface Signer {
  /** The title block, one line each ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"). */
  title?: string[];
  name?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cấu hình không hợp lệ:\n${problems.map((p) => `- ${p}`).join("\n")}`);
  }
}

/** Loads `.env` from the working directory when present; variables already set win. */
export function loadEnvFile(): void {
  dotenv({ quiet: true });
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_BOT_TOKEN) problems.push("TELEGRAM_WEBHOOK_URL: cần có TELEGRAM_BOT_TOKEN");
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_WEBHOOK_SECRET) {
    problems.push("TELEGRAM_WEBHOOK_SECRET: bắt buộc khi dùng webhook (thiếu nó, ai biết địa chỉ cũng gửi được cập nhật giả)");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    databasePath: e.DATABASE_PATH ?? "data/kehoach.sqlite",
    planFile: e.PLAN_FILE ?? BUNDLED_PLAN,
    directoryFile: e.DIRECTORY_FILE,
    timezone: e.TIMEZONE ?? "Asia/Ho_Chi_Minh",
    now: e.NOW,
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
          token: e.TELEGRAM_BOT_TOKEN,
          apiRoot: (e.TELEGRAM_API_ROOT ?? "https://api.telegram.org").replace(/\/+$/, ""),
          timeoutMs: Number(e.TELEGRAM_TIMEOUT_MS),
          webhook: e.TELEGRAM_WEBHOOK_URL
            ? { url: e.TELEGRAM_WEBHOOK_URL, secret: e.TELEGRAM_WEBHOOK_SECRET!, port: Number(e.PORT), host: e.HOST ?? "127.0.0.1" }
            : undefined,
        }
      : undefined,
    zaloCredentialsFile: e.ZALO_CREDENTIALS_FILE ?? "data/zalo-credentials.json",
    zaloThrottle: { overallMs: Number(e.ZALO_SEND_INTERVAL_MS), perThreadMs: Number(e.ZALO_CHAT_INTERVAL_MS) },
    openai:
      e.OPENAI_API_KEY || e.OPENAI_BASE_URL
        ? { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL ?? "gpt-4o-mini" }
        : undefined,
    logLevel: e.LOG_LEVEL ?? "info",
    reminderSettingsFile: e.REMINDER_SETTINGS_FILE,
    backup: e.BACKUP_DIR ? { dir: e.BACKUP_DIR, keep: Number(e.BACKUP_KEEP) } : undefined,
    signer: {
      ...(e.REPORT_SIGNER_TITLE && { title: e.REPORT_SIGNER_TITLE.split(/\s+\/\s+/) }),
      ...(e.REPORT_SIGNER_NAME && { name: e.REPORT_SIGNER_NAME }),
    },
  };
}
