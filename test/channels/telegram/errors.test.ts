import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { describeError, isRecipientGone } from "../../../src/channels/telegram/errors.js";

const grammyError = (code: number, description: string) =>
  new GrammyError(`Call to 'sendMessage' failed! (${code}: ${description})`, { ok: false, error_code: code, description }, "sendMessage", {});

describe("isRecipientGone", () => {
  it("is true for blocked, deactivated, kicked and vanished chats only", () => {
    expect(isRecipientGone(grammyError(403, "Forbidden: bot was blocked by the user"))).toBe(true);
    expect(isRecipientGone(grammyError(403, "Forbidden: bot was kicked from the group chat"))).toBe(true);
    expect(isRecipientGone(grammyError(400, "Bad Request: chat not found"))).toBe(true);
    expect(isRecipientGone(grammyError(400, "Bad Request: message is too long"))).toBe(false);
    expect(isRecipientGone(grammyError(429, "Too Many Requests: retry after 5"))).toBe(false);
    expect(isRecipientGone(new Error("Forbidden"))).toBe(false);
  });
});

describe("describeError", () => {
  it("keeps the bot token of a failed request's URL out of the log", () => {
    const token = "123456789:AAsecret-token-value-xyz";
    const cause = Object.assign(new Error(`request to https://api.telegram.org/bot${token}/sendMessage failed, reason: connect ECONNREFUSED`), {
      code: "ECONNREFUSED",
    });
    const described = describeError(new HttpError("Network request for 'sendMessage' failed!", cause));
    expect(JSON.stringify(described)).not.toContain("AAsecret");
    expect(described).toEqual({ type: "HttpError", message: "Network request for 'sendMessage' failed!", reason: "ECONNREFUSED" });
  });
});
