/** The double itself: what the bench and the fault tests rely on. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotApiDouble, visibleText } from "../../support/bot-api-double.js";

let api: BotApiDouble;

beforeEach(async () => {
  api = await BotApiDouble.start({ rateLimit: { overall: 3, perChat: 1 } });
});

afterEach(async () => {
  await api.close();
});

async function call(method: string, params: Record<string, unknown>) {
  const res = await fetch(`${api.apiRoot}/bot${api.token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; error_code?: number; parameters?: { retry_after: number }; result?: unknown } };
}

describe("bot-api-double", () => {
  it("limits messages per chat and overall with 429 + retry_after, counting only deliveries", async () => {
    expect((await call("sendMessage", { chat_id: 1, text: "a" })).status).toBe(200);
    const again = await call("sendMessage", { chat_id: 1, text: "b" });
    expect(again.status).toBe(429);
    expect(again.body.parameters).toEqual({ retry_after: 1 });
    expect((await call("sendMessage", { chat_id: 2, text: "c" })).status).toBe(200);
    expect((await call("sendMessage", { chat_id: 3, text: "d" })).status).toBe(200);
    expect((await call("sendMessage", { chat_id: 4, text: "e" })).status).toBe(429);
    expect(api.deliveries.map((d) => d.text)).toEqual(["a", "c", "d"]);
    expect(api.duplicates()).toBe(0);
  });

  it("serves long polling with Telegram's offset semantics", async () => {
    const waiting = call("getUpdates", { timeout: 5 });
    const id = api.pushText(5, "/start");
    const first = await waiting;
    expect((first.body.result as { update_id: number }[]).map((u) => u.update_id)).toEqual([id]);
    expect(api.pendingCount).toBe(1);
    const confirmed = await call("getUpdates", { offset: id + 1, timeout: 0 });
    expect(confirmed.body.result).toEqual([]);
    expect(api.pendingCount).toBe(0);
  });

  it("injects queued, dropped and random faults", async () => {
    api.fail("sendChatAction", { error: 502 }, { dropAfterMs: 10 });
    expect((await call("sendChatAction", { chat_id: 1, action: "typing" })).status).toBe(502);
    await expect(call("sendChatAction", { chat_id: 1, action: "typing" })).rejects.toThrow();
    expect((await call("sendChatAction", { chat_id: 1, action: "typing" })).status).toBe(200);
    expect(api.callsOf("sendChatAction").map((c) => c.dropped ?? c.errorCode ?? 200)).toEqual([502, true, 200]);

    api.failRandomly({ rate: 1, methods: ["getMe"], faults: [{ error: 500 }] });
    expect((await call("getMe", {})).status).toBe(500);
    api.failRandomly(undefined);
    expect((await call("getMe", {})).status).toBe(200);
  });

  it("refuses HTML Telegram would not parse, and reports what the user sees", () => {
    expect(visibleText("<b>Đậm</b> &lt;x&gt; &amp; &#272;")).toBe("Đậm <x> & Đ");
    expect(() => visibleText("a < b")).toThrow(/can't parse entities/);
    expect(() => visibleText("Tom & Jerry")).toThrow(/unescaped "&"/);
    expect(() => visibleText("<b>open")).toThrow(/end tag/);
    expect(() => visibleText("<script>x</script>")).toThrow(/unsupported tag/);
  });
});
