/**
 * One chat's slow work must not hold another's: the real service over long polling, the real
 * `openai` client against a double that never answers, and a stranger who floods the bot.
 */
import { count, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { STRANGER_QUIET_MS } from "../../src/core/brain.js";
import { inbox } from "../../src/db/schema.js";
import { startOpenAiDouble, type OpenAiDouble } from "../support/openai-double.js";
import { telegramRig, type TelegramRig } from "./telegram.js";

let rig: TelegramRig | undefined;
let llm: OpenAiDouble | undefined;
afterEach(async () => {
  // Closing the double ends the hung request, so the service stops without waiting for it.
  await llm?.close();
  await rig?.stop();
  rig = undefined;
  llm = undefined;
});

const STRANGER = 990;

async function helpTime(r: TelegramRig, chat: number): Promise<number> {
  const before = r.api.sentTo(chat).length;
  const start = Date.now();
  r.api.pushText(chat, "/help");
  await r.api.waitForDeliveries(chat, before + 1, 30_000);
  return Date.now() - start;
}

describe("chats handled side by side", () => {
  it("a hung model call in one chat and 200 messages from a stranger add under 1 s to another user's /help", async () => {
    llm = await startOpenAiDouble();
    llm.respond({ hang: true });
    const r = (rig = await telegramRig({ env: { OPENAI_API_KEY: "sk-test-key", OPENAI_BASE_URL: llm.baseURL } }));
    const [a, b] = r.service.app.active().directory.agencies;
    r.register(a!.code, 701);
    r.register(b!.code, 702);
    const alone = await helpTime(r, 702);

    r.api.pushText(701, "Ai chủ trì tổ chức họp báo định kỳ hằng quý?");
    await r.api.waitFor(() => llm!.requests.length > 0, 10_000, "the model call");
    for (let i = 0; i < 200; i++) r.api.pushText(STRANGER, `tin nhắn thứ ${i + 1}`);
    const loaded = await helpTime(r, 702);

    process.stdout.write(`/help alone ${alone} ms, behind a hung model call and 200 stranger messages ${loaded} ms\n`);
    expect(loaded - alone).toBeLessThan(1_000);
    // The stranger is told how to register once, not 200 times; later, once more.
    const { db } = r.service.app;
    const waiting = () => db.select({ n: count() }).from(inbox).where(eq(inbox.chatId, String(STRANGER))).get()!.n;
    while (r.api.pendingCount > 0 || waiting() > 0) await new Promise((res) => setTimeout(res, 10));
    expect(r.api.sentTo(STRANGER)).toHaveLength(1);
    r.clock.advance(STRANGER_QUIET_MS);
    r.api.pushText(STRANGER, "còn tôi?");
    await r.api.waitForDeliveries(STRANGER, 2);
    // The hung chat is still waiting for its model.
    expect(r.api.sentTo(701).filter((d) => !/Đang/.test(d.text))).toEqual([]);
  }, 60_000);
});
