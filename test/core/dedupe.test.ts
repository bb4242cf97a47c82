import { afterEach, describe, expect, it } from "vitest";
import { firstSight, forgetSeen, seen, SEEN_KEPT_DAYS } from "../../src/core/dedupe.js";
import { openTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
afterEach(() => t.dispose());

describe("inbound dedupe keys", () => {
  it("are recorded once and forgotten only after the kept period", () => {
    t = openTestApp();
    const db = t.app.db;
    const day = 86_400_000;
    const start = new Date("2024-03-01T09:00:00+07:00");
    expect(firstSight(db, "telegram", "42:1", start)).toBe(true);
    expect(firstSight(db, "telegram", "42:1", start)).toBe(false);
    expect(firstSight(db, "zalo", "42:1", new Date(start.getTime() + 20 * day))).toBe(true);

    expect(forgetSeen(db, new Date(start.getTime() + (SEEN_KEPT_DAYS - 1) * day))).toBe(0);
    expect(seen(db, "telegram", "42:1")).toBe(true);
    expect(forgetSeen(db, new Date(start.getTime() + (SEEN_KEPT_DAYS + 1) * day))).toBe(1);
    expect(seen(db, "telegram", "42:1")).toBe(false);
    expect(seen(db, "zalo", "42:1")).toBe(true);
  });
});
