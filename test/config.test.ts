import { describe, expect, it } from "vitest";
import { BUNDLED_PLAN, ConfigError, loadConfig } from "../src/config.js";

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe("config", () => {
  it("gives the defaults of DESIGN §3 for an empty environment: offline, console only", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      databasePath: "data/kehoach.sqlite",
      planFile: BUNDLED_PLAN,
      timezone: "Asia/Ho_Chi_Minh",
      telegram: undefined,
      openai: undefined,
      zaloCredentialsFile: "data/zalo-credentials.json",
      logLevel: "info",
      backup: undefined,
      signer: {},
    });
  });

  it("takes the signer of the draft report from REPORT_SIGNER_TITLE (lines split by « / ») and REPORT_SIGNER_NAME (issue 14, item 13)", () => {
    expect(loadConfig({ REPORT_SIGNER_TITLE: "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC", REPORT_SIGNER_NAME: "Nguyễn Văn An" }).signer).toEqual({
      title: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
      name: "Nguyễn Văn An",
    });
    expect(loadConfig({ REPORT_SIGNER_TITLE: "GIÁM ĐỐC" }).signer).toEqual({ title: ["GIÁM ĐỐC"] });
  });

  it("builds the Telegram and LLM sections from their variables", () => {
    const c = loadConfig({
      TELEGRAM_BOT_TOKEN: "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789",
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081/",
      TELEGRAM_WEBHOOK_URL: "https://bot.example.vn/tg",
      TELEGRAM_WEBHOOK_SECRET: "s3cret_token",
      PORT: "9000",
      OPENAI_BASE_URL: "http://127.0.0.1:11434/v1",
      OPENAI_MODEL: "qwen2.5",
    });
    expect(c.telegram).toEqual({
      token: "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789",
      apiRoot: "http://127.0.0.1:8081",
      timeoutMs: 30_000,
      webhook: { url: "https://bot.example.vn/tg", secret: "s3cret_token", port: 9000, host: "127.0.0.1" },
    });
    expect(c.openai).toEqual({ apiKey: undefined, baseURL: "http://127.0.0.1:11434/v1", model: "qwen2.5" });
  });

  it("stops with one line per bad value, naming the variable", () => {
    const found = problems({
      TIMEZONE: "Asia/Hanoi_City",
      NOW: "hôm qua",
      TELEGRAM_BOT_TOKEN: "not-a-token",
      PORT: "99999",
      LOG_LEVEL: "loud",
      PLAN_FILE: "/nowhere/plan.txt",
    });
    expect(found).toHaveLength(6);
    for (const name of ["TIMEZONE", "NOW", "TELEGRAM_BOT_TOKEN", "PORT", "LOG_LEVEL", "PLAN_FILE"]) {
      expect(found.filter((p) => p.startsWith(`${name}:`))).toHaveLength(1);
    }
  });

  it("refuses a webhook without a bot token", () => {
    expect(problems({ TELEGRAM_WEBHOOK_URL: "https://bot.example.vn/tg" })).toContain("TELEGRAM_WEBHOOK_URL: cần có TELEGRAM_BOT_TOKEN");
  });
});

describe("webhook mode (issue 12, item 3)", () => {
  const token = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789";
  it("refuses to start without TELEGRAM_WEBHOOK_SECRET: anyone could post forged updates", () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: "https://bot.example.vn/tg" })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
  });

  it("binds 127.0.0.1 by default and HOST when given", () => {
    const base = { TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: "https://bot.example.vn/tg", TELEGRAM_WEBHOOK_SECRET: "s3cret" };
    expect(loadConfig(base).telegram?.webhook?.host).toBe("127.0.0.1");
    expect(loadConfig({ ...base, HOST: "0.0.0.0" }).telegram?.webhook?.host).toBe("0.0.0.0");
  });
});
