import { describe, expect, it } from "vitest";
import { ThreadType } from "zca-js";
import { createSupervisor, type StopReason } from "../../../src/channels/zalo/supervisor.js";
import { FakeListener, memoryLog, userMessage, VirtualTimer } from "./fake.js";

const policy = { baseMs: 1_000, maxMs: 8_000, stableMs: 60_000, alertAfter: 3, reloginAfter: 2 };

function setup() {
  const timer = new VirtualTimer();
  const listener = new FakeListener();
  const logs = memoryLog();
  const events: string[] = [];
  const stopped: StopReason[] = [];
  const supervisor = createSupervisor({
    listener,
    log: logs.log,
    timer,
    policy,
    on: {
      message: (m) => events.push(`message ${m.data.content as string}`),
      stopped: (r) => stopped.push(r),
      unstable: (n) => events.push(`unstable ${n}`),
      recovered: () => events.push("recovered"),
      stale: (n) => events.push(`stale ${n}`),
    },
  });
  return { timer, listener, supervisor, events, stopped, logs };
}

describe("zalo listener supervisor", () => {
  it("asks, on every reconnect, for the messages sent while it was down and passes them on (issue 15, item 5)", async () => {
    const { timer, listener, supervisor, events } = setup();
    supervisor.start();
    await timer.until(() => supervisor.state === "connected");
    expect(listener.oldRequests).toEqual([]);
    listener.drop(1006, "network lost");
    await timer.until(() => supervisor.state === "connected");
    expect(listener.oldRequests.sort()).toEqual([ThreadType.User, ThreadType.Group].sort());
    listener.emit("old_messages", [userMessage("1", "lúc mất mạng")], ThreadType.User);
    expect(events).toEqual(["message lúc mất mạng"]);
  });

  it("reconnects after an abnormal close (1006) and keeps delivering messages", async () => {
    const { timer, listener, supervisor, events } = setup();
    supervisor.start();
    await timer.until(() => supervisor.state === "connected");
    listener.deliver(userMessage("1", "trước"));
    const before = timer.now();
    listener.drop(1006, "network lost");
    expect(supervisor.state).toBe("waiting");
    await timer.until(() => supervisor.state === "connected");
    expect(timer.now() - before).toBe(policy.baseMs);
    expect(listener.starts).toBe(2);
    listener.deliver(userMessage("1", "sau"));
    expect(events).toEqual(["message trước", "message sau"]);
    supervisor.stop();
  });

  it("backs off on repeated failures with its own counter, alerts once, and starts over after a stable connection", async () => {
    const { timer, listener, supervisor, events } = setup();
    supervisor.start();
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      await timer.until(() => supervisor.state === "connected");
      const t = timer.now();
      listener.drop(1006);
      await timer.until(() => supervisor.state === "connected");
      waits.push(timer.now() - t);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000]);
    // Each connection closed as soon as it opened, as a refused cookie does: a fresh login is asked for.
    expect(events).toEqual(["stale 2", "unstable 3", "recovered", "stale 4"]);

    // A connection that held past stableMs resets the count: the next wait is the base again.
    let held = false;
    void timer.sleep(policy.stableMs).then(() => (held = true));
    await timer.until(() => held);
    const t = timer.now();
    listener.drop(1006);
    await timer.until(() => supervisor.state === "connected");
    expect(timer.now() - t).toBe(policy.baseMs);
    expect(supervisor.failures).toBe(1);
    supervisor.stop();
  });

  it("stops for good when kicked (3003) or when another connection takes the session (3000)", async () => {
    for (const [code, reason] of [
      [3003, "kicked"],
      [3000, "duplicate"],
    ] as const) {
      const { timer, listener, supervisor, stopped, logs } = setup();
      supervisor.start();
      await timer.until(() => supervisor.state === "connected");
      listener.drop(code);
      expect(supervisor.state).toBe("stopped");
      expect(stopped).toEqual([reason]);
      // Nothing is waiting to reconnect, and a late socket error is still handled.
      expect(timer.sleeping).toBe(0);
      listener.emit("error", new Error("late"));
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      expect(listener.starts).toBe(1);
      expect(logs.text()).toContain(String(code));
    }
  });

  it("treats a start that throws as a failed connection and tries again", async () => {
    const { timer, listener, supervisor } = setup();
    let refusals = 1;
    const start = listener.start.bind(listener);
    listener.start = (o) => {
      if (refusals-- > 0) throw new Error("Cookie is not available");
      start(o);
    };
    supervisor.start();
    expect(supervisor.state).toBe("waiting");
    await timer.until(() => supervisor.state === "connected");
    expect(listener.starts).toBe(1);
    supervisor.stop();
  });

  it("asks for a fresh login after every reloginAfter connections in a row that never came up (issue 15, item 4)", async () => {
    const { timer, listener, supervisor, events } = setup();
    let refusals = 4;
    const start = listener.start.bind(listener);
    listener.start = (o) => {
      if (refusals-- > 0) {
        setImmediate(() => listener.emit("closed", 1006, ""));
        return;
      }
      start(o);
    };
    supervisor.start();
    await timer.until(() => supervisor.state === "connected");
    expect(events).toEqual(["stale 2", "unstable 3", "stale 4", "recovered"]);
    supervisor.stop();
  });

  it("stop() closes the socket and cancels a pending reconnect", async () => {
    const { timer, listener, supervisor } = setup();
    supervisor.start();
    await timer.until(() => supervisor.state === "connected");
    listener.drop(1006);
    supervisor.stop();
    expect(timer.sleeping).toBe(0);
    expect(supervisor.state).toBe("stopped");
    expect(listener.starts).toBe(1);
  });
});
