import { describe, expect, it } from "vitest";
import { ThreadType, ZaloApiError } from "zca-js";
import {
  ACCOUNT_PAUSE_MS,
  createSendQueue,
  QueueClosedError,
  SendTimeoutError,
  ZaloPausedError,
  type QueueEvents,
  type SendJob,
} from "../../../src/channels/zalo/queue.js";
import { FakeZaloApi, memoryLog, VirtualTimer, type Outcome } from "./fake.js";

const throttle = { perThreadMs: 2_000, overallMs: 500 };
const retry = { attempts: 4, baseMs: 5_000, maxMs: 20_000 };

function setup(respond?: (call: number, thread: string) => Outcome, on: QueueEvents = {}) {
  const timer = new VirtualTimer();
  const api = new FakeZaloApi(timer, respond);
  const logs = memoryLog();
  const queue = createSendQueue({ send: (j) => api.sendMessage(j.content, j.threadId, j.type), throttle, retry, timer, log: logs.log, on });
  return { timer, api, queue, logs };
}

const job = (threadId: string, msg: string, type = ThreadType.User): SendJob => ({ threadId, type, content: { msg } });

describe("zalo send queue", () => {
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

  it("holds back only a recipient Zalo answers 123 for, gives it up after the allowed retries and tells who it was (issue 15, item 3)", async () => {
    const limited: string[] = [];
    const { timer, api, queue } = setup((_call, thread) => (thread === "a" ? new ZaloApiError("Không thể nhận tin nhắn từ bạn.", 123) : "ok"), {
      onRecipientLimited: (thread) => void limited.push(thread),
    });
    const a = queue.push([job("a", "part 1"), job("a", "part 2")]).then(
      () => "delivered",
      (e: unknown) => e,
    );
    const b = [queue.push([job("b", "b1")]), queue.push([job("b", "b2")]), queue.push([job("b", "b3")])];
    await timer.until(() => api.sent.length === 3);
    await Promise.all(b);
    // The others were not paused behind the limited recipient.
    const t0 = api.sent[0]!.at;
    expect(api.sent.map((x) => x.at - t0)).toEqual([0, throttle.perThreadMs, 2 * throttle.perThreadMs]);
    const err = await timer.until(() => queue.size === 0 && a);
    expect(((await err) as ZaloApiError).code).toBe(123);
    expect(api.calls).toBe(3 + retry.attempts + 1);
    expect(limited).toEqual(["a"]);
  });

  it("pauses the whole account on 221 for the account pause, then delivers what was queued, each once; new sends are refused meanwhile (issue 15, item 3)", async () => {
    const pauses: number[] = [];
    const { timer, api, queue } = setup((call) => (call === 1 ? new ZaloApiError("Vượt quá số request cho phép", 221) : "ok"), {
      onPaused: (until) => void pauses.push(until),
    });
    const start = timer.now();
    const queued = [queue.push([job("a", "a1")]), queue.push([job("b", "b1")])];
    await timer.until(() => api.calls === 1);
    await timer.until(() => pauses.length === 1);
    expect(pauses[0]! - start).toBe(ACCOUNT_PAUSE_MS);
    expect(queue.pausedUntil).toBe(pauses[0]);
    await expect(queue.push([job("c", "c1")])).rejects.toBeInstanceOf(ZaloPausedError);
    await timer.until(() => api.sent.length === 2);
    await Promise.all(queued);
    expect(api.sent.map((x) => x.content.msg).sort()).toEqual(["a1", "b1"]);
    expect(api.sent.every((x) => x.at - start >= ACCOUNT_PAUSE_MS)).toBe(true);
  });

  it("does not resend a send answered without a message id: delivery unknown, counted (issue 15, item 2)", async () => {
    const { timer, api, queue } = setup((call) => (call === 1 ? "empty" : "ok"));
    await timer.until(() => queue.push([job("a", "x")]).then(() => true));
    expect(api.calls).toBe(1);
    expect(queue.unknown).toBe(1);
  });

  it("gives up a send that never answers after its timeout, tells the sender to let go, and goes on (issue 15, item 1)", async () => {
    const timer = new VirtualTimer();
    const logs = memoryLog();
    const aborted: string[] = [];
    const sent: string[] = [];
    const queue = createSendQueue({
      send: (j, signal) => {
        if (j.content.msg === "hangs") {
          signal.addEventListener("abort", () => aborted.push(j.threadId));
          return new Promise(() => {});
        }
        sent.push(j.content.msg);
        return Promise.resolve({ message: { msgId: 1 }, attachment: [] });
      },
      throttle,
      retry,
      timer,
      log: logs.log,
      timeouts: { textMs: 30_000, fileMs: 90_000 },
    });
    const stuck = queue.push([job("a", "hangs")]).catch((e: unknown) => e);
    const next = queue.push([job("b", "after")]);
    expect(await timer.until(() => aborted.length === 1 && stuck)).toBeInstanceOf(SendTimeoutError);
    await timer.until(() => sent.length === 1);
    await next;
    expect(aborted).toEqual(["a"]);
  });

  it("on close, stops waiting for a send in flight after the grace period (issue 15, item 1)", async () => {
    const timer = new VirtualTimer();
    const queue = createSendQueue({
      send: () => new Promise(() => {}),
      throttle,
      retry,
      timer,
      log: memoryLog().log,
      timeouts: { textMs: 600_000, fileMs: 600_000 },
    });
    void queue.push([job("a", "x")]).catch(() => undefined);
    await timer.until(() => timer.sleeping > 0 || undefined);
    let closed = false;
    void queue.close(5_000).then(() => (closed = true));
    await timer.until(() => closed);
    expect(timer.now()).toBeLessThan(1_700_000_000_000 + 600_000);
  });

  it("on close, fails what is still queued and refuses new jobs", async () => {
    const { queue } = setup();
    const waiting = queue.push([job("a", "1"), job("a", "2")]).catch((e: unknown) => e);
    await queue.close();
    expect(await waiting).toBeInstanceOf(QueueClosedError);
    await expect(queue.push([job("a", "3")])).rejects.toBeInstanceOf(QueueClosedError);
  });
});
