/** Secrets never reach the log, whatever carries them (issue 12, item 11). */
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { createLogger, secretsOf } from "../src/log.js";

function capture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  return { stream, lines };
}

describe("createLogger", () => {
  it("hides a secret's value wherever it appears: a gateway error echoing the key, a message, a field", async () => {
    const key = "sk-proj-Abc123DEF456ghi789";
    const token = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789";
    const { stream, lines } = capture();
    const log = createLogger("info", false, { secrets: [key, token, undefined, ""], destination: stream });
    log.error({ err: { message: `401 Incorrect API key provided: ${key}` } }, "model failed");
    log.warn(`sending to https://api.telegram.org/bot${token}/sendMessage failed`);
    log.info({ url: `https://api.telegram.org/bot${token}/getMe`, note: "token in a field not named token" }, "checked");
    log.info({ token }, "named");
    await new Promise((r) => setTimeout(r, 20));
    const all = lines.join("");
    expect(lines.length).toBe(4);
    expect(all).not.toContain(key);
    expect(all).not.toContain("ABCdefGHIjklMNOpqrSTUvwxYZ0123456789");
    expect(all).toContain("[ẩn]");
  });
});

describe("secretsOf", () => {
  it("names the configuration's secret values: the bot token (and its secret half), the webhook secret, the model key", () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789",
      TELEGRAM_WEBHOOK_URL: "https://bot.example.vn/tg",
      TELEGRAM_WEBHOOK_SECRET: "webhook_secret_01",
      OPENAI_API_KEY: "sk-proj-Abc123DEF456ghi789",
    });
    expect(secretsOf(config)).toEqual([
      "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789",
      "ABCdefGHIjklMNOpqrSTUvwxYZ0123456789",
      "webhook_secret_01",
      "sk-proj-Abc123DEF456ghi789",
    ]);
  });
});
