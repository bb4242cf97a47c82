import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBrain } from "../../src/core/brain.js";
import { contactById, setAgencyPause, setContactPause, setSnooze } from "../../src/core/contacts.js";
import { loadConversation, saveConversation } from "../../src/core/conversations.js";
import { ChannelUnavailableError, RecipientGoneError } from "../../src/core/messages.js";
import * as t from "../../src/db/schema.js";
import { saveReport } from "../../src/reports/store.js";
import { createServices } from "../../src/services.js";
import { INTERRUPTED, MISSED } from "../../src/reminders/store.js";
import { fastSettings } from "../support/plans.js";
import { harness, type Harness } from "./setup.js";

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.dispose());

const rows = () => h.app.db.select().from(t.reminderLog).all();
const row = (key: string) => h.app.db.select().from(t.reminderLog).where(eq(t.reminderLog.key, key)).get();
const brief = (list: { agency: string; task: string | null; period: string | null; kind: string }[]) =>
  list.map((e) => `${e.agency} ${e.task ?? "-"} ${e.period ?? "-"} ${e.kind}`).sort();

describe("a reminder pass", () => {
  it("sends what is due to every registered chat of the agency, once", async () => {
    h.register("STTTT", "501");
    h.register("STTTT", "502");
    h.register("VPUBND", "601");
    const first = await h.pass("2024-03-28T08:00:00+07:00");
    // Due at 08:00 on 28/03: tasks 1 and 3 (D−3). The check-ins of Monday 25/03 08:00 are
    // exactly three days old: caught up. Friday 22/03 (D−7) is older: recorded as skipped.
    expect(brief(first.sent.filter((e) => e.agency === "STTTT"))).toEqual(
      brief([
        ...["1 2024-Q1 before", "3 2024 before", "6 2024-03 checkin", "9 2024-03 checkin", "10 2024-03 checkin", "12 2024-03 checkin"].flatMap((x) => {
          const [task, period, kind] = x.split(" ");
          return [0, 1].map(() => ({ agency: "STTTT", task: task!, period: period!, kind: kind! }));
        }),
      ]),
    );
    // Văn phòng UBND tỉnh leads task 8, and task 9 as one of "các sở, ban, ngành".
    expect(brief(first.sent.filter((e) => e.agency === "VPUBND"))).toEqual(["VPUBND 1 2024-Q1 before", "VPUBND 8 2024-03 checkin", "VPUBND 9 2024-03 checkin"]);
    expect(first.sent.every((e) => e.channel === "telegram")).toBe(true);
    expect(brief(first.skipped.filter((e) => e.reason === "missed" && e.agency === "STTTT" && e.kind === "before"))).toEqual(
      brief([0, 1].flatMap(() => [{ agency: "STTTT", task: "1", period: "2024-Q1", kind: "before" }, { agency: "STTTT", task: "3", period: "2024", kind: "before" }])),
    );
    expect(h.channel.to("501")).toHaveLength(6);
    expect(h.channel.to("502")).toHaveLength(6);
    expect(h.channel.to("601")).toHaveLength(3);

    const again = await h.pass("2024-03-28T08:00:00+07:00");
    const later = await h.pass("2024-03-28T15:00:00+07:00");
    expect([again.sent, again.failed, later.sent, later.failed]).toEqual([[], [], [], []]);
    expect(h.channel.sent).toHaveLength(15);
    expect(h.channel.duplicates()).toBe(0);
    const states = rows().reduce<Record<string, number>>((m, r) => ({ ...m, [r.state]: (m[r.state] ?? 0) + 1 }), {});
    expect(states).toEqual({ sent: 15, skipped: first.skipped.length });
    expect(rows().filter((r) => r.state === "skipped").every((r) => r.error === MISSED)).toBe(true);
  });

  it("writes the message of DESIGN §8 with a report button and the snooze choices", async () => {
    h.register("STTTT", "501");
    await h.pass("2024-03-28T08:00:00+07:00");
    const task3 = h.channel.to("501").find((s) => s.message.text.includes("Nhiệm vụ 3."))!;
    expect(task3.message.text).toBe(
      [
        "Kính gửi: Sở Thông tin và Truyền thông",
        "Nhiệm vụ 3. Chỉ đạo, hướng dẫn công tác TTĐN và truyền thông chính sách (Mục II, nhiệm vụ 3)",
        "Kỳ: Quý I/2024. Thời hạn: 31/03/2024 (còn 3 ngày).",
        "Đề nghị Quý đơn vị hoàn thành và báo cáo kết quả trước thời hạn. Bấm «Báo cáo nhiệm vụ 3» hoặc gõ /baocao 3.",
      ].join("\n"),
    );
    expect(task3.message.choices).toEqual([
      { key: "3", label: "Báo cáo nhiệm vụ 3", value: "/baocao 3" },
      { label: "Nhắc lại sau 1 ngày", value: "/nhacnho hoan 1" },
      { label: "Nhắc lại sau 3 ngày", value: "/nhacnho hoan 3" },
    ]);
    expect(task3.to).toEqual({ channel: "telegram", chatId: "501", chatKind: "private" });
    // On Zalo and the console the choices are lines: each reminder's task answers by its number,
    // the newest reminder's other choices by letters.
    const menu = loadConversation(h.app.db, { channel: "telegram", chatId: "501", userId: "501" });
    expect(menu?.kind).toBe("menu");
    const last = h.channel.to("501").at(-1)!.message.choices!;
    expect(menu?.offered.slice(0, last.length)).toEqual(last);
    expect(menu?.offered.flatMap((c) => c.key ?? []).sort()).toEqual(["1", "10", "12", "3", "6", "9"]);
  });

  it("lets a Zalo or console user answer any of several reminders by its task's number (issue 14, item 1)", async () => {
    h.register("STTTT", "501");
    await h.pass("2024-03-28T08:00:00+07:00");
    const sent = h.channel.to("501").map((s) => s.message.text);
    // Six reminders arrive together; the first one's task is answered after five more came.
    expect(sent).toHaveLength(6);
    const first = /Nhiệm vụ (\d+[a-z]?)\./.exec(sent[0]!)![1]!;
    expect(sent.at(-1)).not.toContain(`Nhiệm vụ ${first}.`);
    const brain = createBrain(createServices(h.app));
    const say = async (text: string, eventId: string) =>
      brain.handle({ channel: "telegram", chatId: "501", chatKind: "private", userId: "501", userName: "Cán bộ 501", eventId, text, addressed: true });
    expect((await say(first, "e1"))[0]!.text).toMatch(new RegExp(`^Nhiệm vụ ${first}, .*Quý đơn vị gõ kết quả`));
  });

  it("does not touch a conversation the user is in the middle of", async () => {
    const c = h.register("STTTT", "501");
    const key = { channel: c.channel, chatId: c.chatId, userId: c.chatId };
    saveConversation(h.app.db, key, { kind: "report", step: "write", draft: { task: "1", period: "2024-Q1", results: [], difficulties: [], proposals: [], figures: [], evidence: [] }, offered: [] }, h.clock.now());
    await h.pass("2024-03-28T08:00:00+07:00");
    expect(loadConversation(h.app.db, key)?.kind).toBe("report");
  });

  it("sends nothing at night, on weekends and on holidays", async () => {
    h.register("STTTT", "501");
    for (const at of ["2024-03-28T21:00:00+07:00", "2024-03-28T06:59:00+07:00", "2024-03-30T08:00:00+07:00", "2024-04-18T08:00:00+07:00"]) {
      expect(await h.pass(at)).toEqual({ sent: [], skipped: [], failed: [] });
    }
    expect(h.channel.sent).toEqual([]);
    expect(rows()).toEqual([]);
  });

  it("in a dry run sends nothing and writes nothing", async () => {
    h.register("STTTT", "501");
    const dry = await h.pass("2024-03-28T08:00:00+07:00", { dryRun: true });
    expect(dry.sent).toHaveLength(6);
    expect(dry.skipped.length).toBeGreaterThan(0);
    expect(h.channel.sent).toEqual([]);
    expect(rows()).toEqual([]);
    expect(loadConversation(h.app.db, { channel: "telegram", chatId: "501", userId: "501" })).toBeUndefined();
    const real = await h.pass("2024-03-28T08:00:00+07:00");
    expect(real.sent).toEqual(dry.sent);
  });

  it("stops an item once it is reported done", async () => {
    h.register("STTTT", "501");
    await h.pass("2024-03-28T08:00:00+07:00");
    const { id } = h.app.active();
    saveReport(h.app.db, id, {
      agency: "STTTT", task: "3", period: "2024", status: "hoan_thanh", results: "Đã ban hành văn bản hướng dẫn.",
      figures: [], difficulties: [], proposals: [], evidence: [], contactId: null, channel: "cli", messageRef: null,
      reportedAt: "2024-03-28T03:00:00.000Z",
    });
    const next = await h.pass("2024-03-29T08:00:00+07:00");
    expect(brief(next.sent)).toEqual(["STTTT 1 2024-Q1 before"]);
    const monday = await h.pass("2024-04-01T08:00:00+07:00");
    expect(brief(monday.sent)).toEqual(["STTTT 1 2024-Q1 overdue"]);
  });

  it("goes to a chat on a channel this process has not got only when a process that has it runs", async () => {
    h.register("STTTT", "zalo-1", "focal", "zalo");
    const pass = await h.pass("2024-03-28T08:00:00+07:00");
    expect(pass.sent).toEqual([]);
    expect(pass.skipped.filter((e) => e.reason === "channel_unavailable")).toHaveLength(6);
    expect(rows()).toEqual([]);
  });
});

describe("catch-up after downtime", () => {
  it("sends what fell due in the last three days and records older ones as skipped", async () => {
    h.register("STTTT", "501");
    // Down from Monday 25/03 to Monday 01/04 07:30: Friday 29/03 08:00 is within 72 hours,
    // Thursday 28/03 is not; 01/04 08:00 is not due yet.
    const pass = await h.pass("2024-04-01T07:30:00+07:00");
    expect(brief(pass.sent)).toEqual(["STTTT 1 2024-Q1 before", "STTTT 3 2024 before"]);
    expect(pass.sent.every((e) => e.at === "2024-03-29T08:00:00+07:00")).toBe(true);
    const missed = pass.skipped.filter((e) => e.reason === "missed");
    expect(missed.map((e) => e.at.slice(0, 10)).sort()).toEqual([
      "2024-03-22", "2024-03-22", "2024-03-25", "2024-03-25", "2024-03-25", "2024-03-25", "2024-03-28", "2024-03-28",
    ]);
    // The log holds both: the skipped ones are never sent later.
    const later = await h.pass("2024-04-01T08:00:00+07:00");
    expect(brief(later.sent)).toEqual(["STTTT 1 2024-Q1 overdue", "STTTT 3 2024 overdue"]);
    expect(later.skipped).toEqual([]);
  });
});

describe("a crash in the middle of a fan-out", () => {
  // The section IV report deadline reaches 33 agencies on 01/11/2024; six have a chat.
  const AGENCIES = ["SNV", "STP", "SKHDT", "STC", "SCT", "SYT"];
  const register = () => AGENCIES.forEach((a, i) => h.register(a, String(700 + i)));
  const crash = (at: number) => {
    let n = 0;
    return () => {
      if (++n === at) throw new Error("process killed");
    };
  };

  it("after the log write and before the send: the restart sends it, and nothing twice", async () => {
    register();
    await expect(h.pass("2024-11-01T08:00:00+07:00", { hooks: { logged: crash(3) } })).rejects.toThrow("process killed");
    expect(h.channel.sent).toHaveLength(2);
    // Every row of the fan-out was written before the first send; the third was never tried.
    expect(rows().filter((r) => r.kind === "report_deadline").map((r) => `${r.state}/${r.attempts}`).sort()).toEqual(
      ["pending/0", "pending/0", "pending/0", "pending/0", "sent/1", "sent/1"],
    );
    const restart = await h.pass("2024-11-01T08:05:00+07:00");
    expect(restart.sent).toHaveLength(4);
    expect(h.channel.sent.map((s) => s.to.chatId).sort()).toEqual(AGENCIES.map((_, i) => String(700 + i)));
    expect(h.channel.duplicates()).toBe(0);
    expect((await h.pass("2024-11-01T09:00:00+07:00")).sent).toEqual([]);
  });

  it("after the send and before the mark: the restart does not send it again, and sends the rest", async () => {
    register();
    await expect(h.pass("2024-11-01T08:00:00+07:00", { hooks: { sent: crash(3) } })).rejects.toThrow("process killed");
    expect(h.channel.sent).toHaveLength(3);
    const restart = await h.pass("2024-11-01T08:05:00+07:00");
    expect(restart.sent).toHaveLength(3);
    expect(h.channel.sent.map((s) => s.to.chatId).sort()).toEqual(AGENCIES.map((_, i) => String(700 + i)));
    expect(h.channel.duplicates()).toBe(0);
    // The interrupted row stays as it was until it leaves the catch-up window, then says so.
    const interrupted = rows().find((r) => r.state === "pending")!;
    expect(interrupted.attempts).toBe(1);
    await h.pass("2024-11-05T08:00:00+07:00");
    expect(row(interrupted.key)).toMatchObject({ state: "failed", error: INTERRUPTED });
    expect(h.channel.duplicates()).toBe(0);
  });
});

describe("channel errors", () => {
  it("are retried with backoff within the pass", async () => {
    h.register("SYT", "801");
    h.channel.fail = (_to, n) => (n <= 2 ? new Error("ECONNRESET") : undefined);
    const pass = await h.pass("2024-11-01T08:00:00+07:00");
    expect(brief(pass.sent)).toEqual(["SYT - - report_deadline"]);
    expect(rows().find((r) => r.kind === "report_deadline")).toMatchObject({ state: "sent", attempts: 3, error: null });
  });

  it("left after the pass's tries are retried by the next pass, until the limit", async () => {
    h.register("SYT", "801");
    h.channel.fail = () => new Error("Bad Gateway");
    const first = await h.pass("2024-11-01T08:00:00+07:00");
    expect(first.failed).toMatchObject([{ agency: "SYT", kind: "report_deadline", error: "Bad Gateway" }]);
    const key = rows().find((r) => r.kind === "report_deadline")!.key;
    expect(row(key)).toMatchObject({ state: "pending", attempts: 3, error: "Bad Gateway" });
    await h.pass("2024-11-01T09:00:00+07:00");
    expect(row(key)).toMatchObject({ state: "pending", attempts: 6 });
    const third = await h.pass("2024-11-01T10:00:00+07:00");
    // 8 tries in all by default: the third pass gives up after two more.
    expect(row(key)).toMatchObject({ state: "failed", attempts: 8, error: "Bad Gateway" });
    expect(third.failed).toHaveLength(1);
    h.channel.fail = undefined;
    expect((await h.pass("2024-11-01T11:00:00+07:00")).sent).toEqual([]);
    expect(h.channel.sent).toEqual([]);
  });

  it("that say the channel is unreachable end its part of the pass at once, and the next pass sends everything once", async () => {
    const chats = ["801", "802", "803", "804", "805", "806"];
    for (const chat of chats) h.register("SYT", chat);
    let tries = 0;
    h.channel.fail = () => {
      tries++;
      return new ChannelUnavailableError("telegram");
    };
    const down = await h.pass("2024-11-01T08:00:00+07:00");
    // The tries already under way when the first failed (one per concurrent sender at most);
    // the rest of the pass's reminders were not tried at all, nor retried within the pass.
    expect(tries).toBeLessThanOrEqual(fastSettings.channels.telegram.concurrency);
    expect(down.sent).toEqual([]);
    expect(down.failed.length).toBe(tries);
    expect(down.failed.every((e) => e.error === "channel_unavailable")).toBe(true);
    expect(down.skipped.filter((e) => e.reason === "channel_unavailable")).toHaveLength(chats.length - tries);
    expect(rows().filter((r) => r.state === "pending")).toHaveLength(chats.length);

    h.channel.fail = undefined;
    const back = await h.pass("2024-11-01T09:00:00+07:00");
    expect(back.sent).toHaveLength(chats.length);
    expect(h.channel.sent.map((s) => s.to.chatId).sort()).toEqual(chats);
    expect(rows().filter((r) => r.state === "sent")).toHaveLength(chats.length);
    expect((await h.pass("2024-11-01T10:00:00+07:00")).sent).toEqual([]);
  });

  it("that say the recipient is gone mark the chat blocked and tell the admins", async () => {
    const focal = h.register("SYT", "801");
    h.register("STTTT", "900", "admin");
    h.channel.fail = (to) => (to.chatId === "801" ? new RecipientGoneError(to) : undefined);
    const pass = await h.pass("2024-11-01T08:00:00+07:00");
    expect(pass.failed).toMatchObject([{ agency: "SYT", kind: "report_deadline", error: "recipient_gone" }]);
    expect(contactById(h.app.db, focal.id)?.blockedAt).toBe("2024-11-01T01:00:00.000Z");
    const alert = h.channel.to("900").find((s) => s.message.text.includes("Cán bộ 801"))!;
    expect(alert.message.text).toContain("Sở Y tế");
    expect(alert.message.text).toContain("/moi");
    const next = await h.pass("2024-11-08T08:00:00+07:00");
    expect(next.skipped.filter((e) => e.agency === "SYT").map((e) => e.reason)).toEqual(["blocked"]);
    expect(h.channel.to("900").filter((s) => s.message.text.includes("Cán bộ 801"))).toHaveLength(1);
  });
});

describe("snooze and pause", () => {
  it("a snooze holds reminders until it ends, then sends them", async () => {
    const c = h.register("STTTT", "501");
    await h.pass("2024-03-28T08:00:00+07:00");
    setSnooze(h.app.db, c.id, "2024-03-29T01:30:00.000Z"); // 08:30 on 29/03
    const held = await h.pass("2024-03-29T08:00:00+07:00");
    expect(held.sent).toEqual([]);
    expect(held.skipped.filter((e) => e.reason === "snoozed")).toHaveLength(2);
    const after = await h.pass("2024-03-29T09:00:00+07:00");
    // The held reminders are the same items as the day before's: sent once, not repeated on top.
    expect(brief(after.sent)).toEqual(["STTTT 1 2024-Q1 before", "STTTT 3 2024 before"]);
    expect(h.channel.duplicates()).toBe(0);
  });

  it("'Nhắc lại sau 1 ngày' brings the snoozed reminders again when nothing else falls due", async () => {
    const c = h.register("STTTT", "501");
    await h.pass("2024-03-22T08:00:00+07:00");
    expect(h.channel.sent).toHaveLength(2);
    // Pressed at 09:00 on Friday: until Saturday 09:00; the next pass is Monday's.
    setSnooze(h.app.db, c.id, "2024-03-23T02:00:00.000Z");
    const monday = await h.pass("2024-03-25T08:00:00+07:00");
    expect(brief(monday.sent)).toEqual([
      "STTTT 1 2024-Q1 before",
      "STTTT 10 2024-03 checkin",
      "STTTT 12 2024-03 checkin",
      "STTTT 3 2024 before",
      "STTTT 6 2024-03 checkin",
      "STTTT 9 2024-03 checkin",
    ]);
    expect(monday.sent.filter((e) => e.kind === "before").every((e) => e.at === "2024-03-23T09:00:00+07:00")).toBe(true);
    expect((await h.pass("2024-03-25T09:00:00+07:00")).sent).toEqual([]);
    expect((await h.pass("2024-03-26T08:00:00+07:00")).sent).toEqual([]);
  });

  it("a pause drops the reminders through its last day", async () => {
    const c = h.register("STTTT", "501");
    setContactPause(h.app.db, c.id, "2024-03-29");
    const during = await h.pass("2024-03-28T08:00:00+07:00");
    expect(during.sent).toEqual([]);
    expect(during.skipped.filter((e) => e.reason === "paused").length).toBeGreaterThan(0);
    expect((await h.pass("2024-03-29T08:00:00+07:00")).sent).toEqual([]);
    const back = await h.pass("2024-04-01T08:00:00+07:00");
    expect(brief(back.sent)).toEqual(["STTTT 1 2024-Q1 overdue", "STTTT 3 2024 overdue"]);
  });

  it("an admin's pause of the agency stops it for every chat of the agency", async () => {
    h.register("STTTT", "501");
    h.register("STTTT", "502");
    setAgencyPause(h.app.db, "STTTT", "2024-03-28");
    expect((await h.pass("2024-03-28T08:00:00+07:00")).sent.filter((e) => e.agency === "STTTT")).toEqual([]);
    // The next day's pass sends that day's reminders, not those of the paused day.
    const next = await h.pass("2024-03-29T08:00:00+07:00");
    expect(next.sent.filter((e) => e.agency === "STTTT").map((e) => e.at)).toEqual(Array(4).fill("2024-03-29T08:00:00+07:00"));
  });
});

describe("the admins' digest", () => {
  it("goes to every admin daily from the third working day after a deadline", async () => {
    h.register("STTTT", "900", "admin");
    h.register("SNV", "901", "admin");
    const pass = await h.pass("2024-04-03T08:00:00+07:00");
    const digests = pass.sent.filter((e) => e.kind === "digest");
    expect(digests.map((e) => e.agency).sort()).toEqual(["SNV", "STTTT"]);
    const text = h.channel.to("901").find((s) => s.message.text.startsWith("Tổng hợp"))!.message.text;
    expect(text).toBe(
      [
        "Tổng hợp nội dung quá hạn đến ngày 03/04/2024: 3 mục.",
        "⚠️ Văn phòng UBND tỉnh: nhiệm vụ 1, Quý I/2024, hạn 31/03/2024 (quá hạn 3 ngày)",
        "⚠️ Sở Thông tin và Truyền thông: nhiệm vụ 1, Quý I/2024, hạn 31/03/2024 (quá hạn 3 ngày)",
        "⚠️ Sở Thông tin và Truyền thông: nhiệm vụ 3, Quý I/2024, hạn 31/03/2024 (quá hạn 3 ngày)",
        "Gõ /tiendo để xem tiến độ, /tonghop để nhận báo cáo tổng hợp.",
      ].join("\n"),
    );
    expect((await h.pass("2024-04-04T08:00:00+07:00")).sent.filter((e) => e.kind === "digest")).toHaveLength(2);
  });
});

describe("a catch-up pass after downtime", () => {
  it("sends one message per chat and item, the latest state, not every reminder that fell due (issue 13, item 3)", async () => {
    h.register("STTTT", "501");
    // The bot was down from before task 3's "3 days left" (28/03) until after its deadline (31/03).
    const pass = await h.pass("2024-04-01T08:00:00+07:00");
    const items = pass.sent.map((e) => `${e.task}|${e.period}`);
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items).size).toBe(items.length);
    const task3 = pass.sent.filter((e) => e.task === "3");
    expect(task3.map((e) => e.kind)).toEqual(["overdue"]);
    // What was passed over is recorded, so no later pass sends it either.
    expect((await h.pass("2024-04-01T09:00:00+07:00")).sent).toEqual([]);
    expect(h.channel.duplicates()).toBe(0);
  });
});
