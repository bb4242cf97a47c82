/** The admins' scheduled summaries go through the reminder log: due once, sent once, to admins only. */
import { afterEach, describe, expect, it } from "vitest";
import { digestsDue } from "../../src/reports/digest.js";
import { createSummaryView } from "../../src/reports/view.js";
import type { PassContext } from "../../src/reminders/delivery.js";
import { harness, type Harness } from "./setup.js";
import { ZONE } from "../support/plans.js";

let h: Harness;
afterEach(() => h.dispose());

function digests(h: Harness): NonNullable<PassContext["digests"]> {
  const view = createSummaryView({ db: h.app.db, active: h.app.active, zone: ZONE });
  return (from, to) =>
    digestsDue(h.app.active().plan, h.app.calendar, ZONE, from, to).flatMap((due) =>
      view.digest(due, to).map((message) => ({ key: due.key, at: due.at, message })),
    );
}

describe("scheduled summaries", () => {
  it("sends the Monday digest to each admin once, and not to focal points", async () => {
    h = harness();
    const admin = h.register("STTTT", "900", "admin");
    h.register("CAT", "901");
    // Monday 15/01/2024, 08:00 and again at 09:00: the second pass finds it in the log.
    await h.pass("2024-01-15T08:00:00+07:00", { digests: digests(h) });
    await h.pass("2024-01-15T09:00:00+07:00", { digests: digests(h) });
    const toAdmin = h.channel.to(admin.chatId).filter((s) => /TỔNG HỢP|tổng hợp/i.test(s.message.text));
    expect(toAdmin).toHaveLength(1);
    expect(h.channel.to("901").some((s) => /TỔNG HỢP/i.test(s.message.text))).toBe(false);
    expect(h.channel.duplicates()).toBe(0);
  });

  it("names the agencies that still owe the section IV report a few days before its deadline", async () => {
    h = harness();
    const admin = h.register("STTTT", "900", "admin");
    const result = await h.pass("2024-11-12T08:00:00+07:00", { digests: digests(h) });
    expect(result.sent.some((e) => e.kind === "digest" && e.agency === "STTTT")).toBe(true);
    expect(h.channel.to(admin.chatId).map((s) => s.message.text).join("\n")).toMatch(/15\/11\/2024[\s\S]*Sở Tư pháp/);
  });
});
