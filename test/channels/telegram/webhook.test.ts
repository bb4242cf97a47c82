/** Webhook mode: the double POSTs updates to the bot's own node:http server. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTelegramChannel, type TelegramChannel } from "../../../src/channels/telegram/bot.js";
import { texts } from "../../../src/channels/telegram/texts.js";
import { BotApiDouble } from "../../support/bot-api-double.js";
import { echo, FakeBrain, freePort, memoryLog } from "./harness.js";

const SECRET = "kehoach-webhook-secret_01";

let api: BotApiDouble;
let tg: TelegramChannel | undefined;

beforeEach(async () => {
  api = await BotApiDouble.start();
});

afterEach(async () => {
  await tg?.stop();
  tg = undefined;
  await api.close();
});

async function startWebhookBot(brain: FakeBrain): Promise<string> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/telegram`;
  tg = createTelegramChannel({
    token: api.token,
    apiRoot: api.apiRoot,
    webhook: { url, secret: SECRET, port },
    brain,
    log: memoryLog().log,
  });
  await tg.start();
  return url;
}

const update = (updateId: number) => ({
  update_id: updateId,
  message: { message_id: 1, date: 0, chat: { id: 42, type: "private", first_name: "A" }, from: { id: 42, is_bot: false, first_name: "A" }, text: "giả mạo" },
});

describe("telegram channel, webhook mode", () => {
  it("registers the webhook with its secret and answers an update posted to it", async () => {
    const brain = new FakeBrain();
    const url = await startWebhookBot(brain);
    expect(api.webhook).toEqual({ url, secret: SECRET });
    expect(api.callsOf("setWebhook")[0]!.params.allowed_updates).toEqual(["message", "edited_message", "callback_query"]);

    const updateId = api.pushText(42, "Hạn nhiệm vụ 4 & 5?");
    const [reply] = await api.waitForDeliveries(42);
    expect(reply!.text).toBe("Quý đơn vị viết: Hạn nhiệm vụ 4 & 5?");
    expect(brain.seen[0]).toMatchObject({ eventId: String(updateId), text: "Hạn nhiệm vụ 4 & 5?" });
    await api.waitFor(() => api.webhookPosts.find((p) => p.updateId === updateId && p.status === 200));
    expect(api.callsOf("getUpdates")).toEqual([]);
  });

  it("rejects an update with a wrong or missing secret token", async () => {
    const brain = new FakeBrain();
    const url = await startWebhookBot(brain);
    const post = (headers: Record<string, string>) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(update(5)) });

    expect((await post({ "x-telegram-bot-api-secret-token": "wrong" })).status).toBe(401);
    expect((await post({})).status).toBe(401);
    expect((await post({ "x-telegram-bot-api-secret-token": SECRET })).status).toBe(200);
    expect(brain.seen.map((m) => m.eventId)).toEqual(["5"]);
  });

  it("answers a body that is not JSON with 400 and a GET with 405", async () => {
    await startWebhookBot(new FakeBrain());
    const url = api.webhook!.url;
    const bad = await fetch(url, { method: "POST", headers: { "x-telegram-bot-api-secret-token": SECRET }, body: "{not json" });
    expect(bad.status).toBe(400);
    expect((await fetch(url)).status).toBe(405);
  });

  it("apologizes through the same error boundary as long polling", async () => {
    await startWebhookBot(
      new FakeBrain((msg) => {
        if (msg.text === "hỏng") throw new Error("boom");
        return echo(msg);
      }),
    );
    const updateId = api.pushText(42, "hỏng");
    const [apology] = await api.waitForDeliveries(42);
    expect(apology!.text).toBe(texts.apology);
    await api.waitFor(() => api.webhookPosts.find((p) => p.updateId === updateId));
    expect(api.webhookPosts.filter((p) => p.updateId === updateId).map((p) => p.status)).toEqual([200]);
  });
});

describe("webhook hardening (issue 12, item 3)", () => {
  it("listens on 127.0.0.1 unless told otherwise", async () => {
    await startWebhookBot(new FakeBrain());
    expect(tg!.webhookAddress?.()).toBe("127.0.0.1");
  });

  it("refuses a body larger than an update can be, and keeps serving", async () => {
    const brain = new FakeBrain();
    const url = await startWebhookBot(brain);
    const big = await fetch(url, {
      method: "POST",
      headers: { "x-telegram-bot-api-secret-token": SECRET, "content-type": "application/json" },
      body: JSON.stringify({ ...update(6), padding: "x".repeat(3 * 1024 * 1024) }),
    });
    expect(big.status).toBe(413);
    const ok = await fetch(url, { method: "POST", headers: { "x-telegram-bot-api-secret-token": SECRET, "content-type": "application/json" }, body: JSON.stringify(update(7)) });
    expect(ok.status).toBe(200);
    expect(brain.seen.map((m) => m.eventId)).toEqual(["7"]);
  });
});
