import { describe, expect, it } from "vitest";
import { Pacer } from "../../src/reminders/pace.js";

/** A clock that moves only when the pacer sleeps: the waits are computed, never waited. */
function fakeTime() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

describe("the pacer", () => {
  it("lets at most perSecond sends be under way or answered within a second", async () => {
    const time = fakeTime();
    const pacer = new Pacer({ perSecond: 2 }, time.sleep, time.now);
    const a = await pacer.wait("1");
    const b = await pacer.wait("2");
    const third = pacer.wait("3");
    let got = false;
    void third.then(() => (got = true));
    await Promise.resolve();
    expect(got).toBe(false);
    a.done();
    const c = await third;
    // The first answer came at 0: a second later there is room again.
    expect(time.now()).toBe(1000);
    b.cancel();
    c.done();
    await pacer.wait("4");
    expect(time.now()).toBe(1000);
  });

  it("spaces the messages to one chat by the per-chat rate", async () => {
    const time = fakeTime();
    const pacer = new Pacer({ perChatPerSecond: 1 }, time.sleep, time.now);
    (await pacer.wait("1")).done();
    (await pacer.wait("2")).done();
    expect(time.now()).toBe(0);
    await pacer.wait("1");
    expect(time.now()).toBe(1000);
  });

  it("waits for nothing without limits", async () => {
    const time = fakeTime();
    const pacer = new Pacer({}, time.sleep, time.now);
    for (let i = 0; i < 100; i++) (await pacer.wait("1")).done();
    expect(time.now()).toBe(0);
  });

  it("counts a chat's second from when its message goes out, not from when it asked (issue 13, item 3)", async () => {
    const time = fakeTime();
    const pacer = new Pacer({ perSecond: 2, perChatPerSecond: 1 }, time.sleep, time.now);
    // Other chats fill the overall window: chat 1's first message waits for it to pass.
    (await pacer.wait("2")).done();
    (await pacer.wait("3")).done();
    const first = await pacer.wait("1");
    const sentAt = time.now();
    expect(sentAt).toBe(1000);
    first.done();
    await pacer.wait("1");
    // A full second after the first went out, not after it was asked for at 0.
    expect(time.now() - sentAt).toBeGreaterThanOrEqual(1000);
  });

  it("counts a chat's second from the answer to its last message, and holds the chat while one is under way", async () => {
    const time = fakeTime();
    const pacer = new Pacer({ perChatPerSecond: 1 }, time.sleep, time.now);
    const first = await pacer.wait("1");
    let second = false;
    const next = pacer.wait("1").then((slot) => ((second = true), slot));
    await Promise.resolve();
    expect(second).toBe(false);
    // Answered 300 ms after it started: the chat's next message waits until 1300.
    await time.sleep(300);
    first.done();
    await next;
    expect(time.now()).toBe(1300);
  });
});
