import { describe, expect, it } from "vitest";
import { ThreadType, ZaloApiError } from "zca-js";
import { EmptyResultError } from "../../../src/channels/zalo/errors.js";
import { backoff, createSendQueue, QueueClosedError, type SendJob } from "../../../src/channels/zalo/queue.js";
import { FakeZaloApi, memoryLog, VirtualTimer, type Outcome } from "./fake.js";

const throttle = { perThreadMs: 2_000, overallMs: 500 };
const retry = { attempts: 4, baseMs: 5_000, maxMs: 20_000 };

function setup(respond?: (call: number) => Outcome) {
  const timer = new VirtualTimer();
  const api = new FakeZaloApi(timer, respond);
  const logs = memoryLog();
  const queue = createSendQueue({ send: (j) => api.sendMessage(j.content, j.threadId, j.type), throttle, retry, timer, log: logs.log });
  return { timer, api, queue, logs };
}

const job = (threadId: string, msg: string, type = ThreadType.User): SendJob => ({ threadId, type, content: { msg } });

describe("zalo send queue", () => {
  it("backs off exponentially up to a cap", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoff(n, retry))).toEqual([5_000, 10_000, 20_000, 20_000, 20_000]);
  });

  it("spaces sends per thread and overall, and lets other threads go while one waits", async () => {
    const { timer, api, queue } = setup();
    const done = Promise.all([queue.push([job("a", "a1")]), queue.push([job("a", "a2")]), queue.push([job("b", "b1")])]);
    await timer.until(() => api.sent.length === 3);
    await done;
    const t0 = api.sent[0]!.at;
    expect(api.sent.map((s) => [s.content.msg, s.at - t0])).toEqual([
      ["a1", 0],
      ["b1", 500],
      ["a2", 2_000],
    ]);
  });

  it("retries a rate-limited send after a pause, keeping the thread's order", async () => {
    // 221 on the first call, an empty result on the second: both mean "slow down".
    const { timer, api, queue, logs } = setup((call) => (call === 1 ? new ZaloApiError("Vượt quá số request cho phép", 221) : call === 2 ? "empty" : "ok"));
    const done = queue.push([job("a", "first"), job("a", "second")]);
    await timer.until(() => api.sent.length === 2);
    await done;
    expect(api.sent.map((s) => s.content.msg)).toEqual(["first", "second"]);
    expect(api.calls).toBe(4);
    const t = api.sent.map((s) => s.at);
    expect(t[1]! - t[0]!).toBe(throttle.perThreadMs);
    expect(logs.text()).toContain("Zalo rate limit");
  });

  it("gives a message up after the allowed retries, and drops the rest of its unit", async () => {
    const { timer, api, queue } = setup((_call) => new ZaloApiError("Không thể nhận tin nhắn từ bạn.", 123));
    const result = queue.push([job("a", "part 1"), job("a", "part 2")]).then(
      () => "delivered",
      (e: unknown) => e,
    );
    const err = await timer.until(() => api.calls === retry.attempts + 1 && queue.size === 0 && result);
    expect(await err).toBeInstanceOf(ZaloApiError);
    expect(api.calls).toBe(retry.attempts + 1);
    expect(api.sent).toEqual([]);
  });

  it("does not retry an error that is not about the rate", async () => {
    const { timer, api, queue } = setup((call) => (call === 1 ? new ZaloApiError("Bạn chưa thể gửi tin nhắn đến người này", 122) : "ok"));
    const first = queue.push([job("a", "x")]).catch((e: unknown) => e);
    const second = queue.push([job("b", "y")]);
    await timer.until(() => api.sent.length === 1);
    expect(((await first) as ZaloApiError).code).toBe(122);
    await second;
    expect(api.calls).toBe(2);
  });

  it("treats a send that returns no message id as not delivered", async () => {
    const { timer, api, queue } = setup((call) => (call <= retry.attempts + 1 ? "empty" : "ok"));
    const err = queue.push([job("a", "x")]).catch((e: unknown) => e);
    await timer.until(() => api.calls === retry.attempts + 1);
    expect(await err).toBeInstanceOf(EmptyResultError);
  });

  it("on close, fails what is still queued and refuses new jobs", async () => {
    const { queue } = setup();
    const waiting = queue.push([job("a", "1"), job("a", "2")]).catch((e: unknown) => e);
    await queue.close();
    expect(await waiting).toBeInstanceOf(QueueClosedError);
    await expect(queue.push([job("a", "3")])).rejects.toBeInstanceOf(QueueClosedError);
  });
});
