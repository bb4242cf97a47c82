/** An admin reviews and corrects what the parser read of a real plan, from chat. */
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { OutgoingMessage } from "../../src/core/messages.js";
import { openTestApp, textFrom, type TestApp } from "../support/app.js";

const HCM = fileURLToPath(new URL("../fixtures/plans/real/hcm-172-2025.md", import.meta.url));
let t: TestApp;
afterEach(() => t?.dispose());

const say = async (user: string, text: string) => t.brain.handle(textFrom(user, text));
const all = (out: OutgoingMessage[]) => out.map((m) => m.text).join("\n");

describe("/suanv", () => {
  it("lists the tasks without a date, and sets a deadline and a lead, kept for the next import", async () => {
    t = openTestApp({ now: "2025-12-01T09:00:00+07:00", env: { PLAN_FILE: HCM } });
    await say("1", `/start ${t.invite("Sở Nội vụ", "admin")}`);
    const list = all(await say("1", "/suanv"));
    expect(list).toMatch(/Nhiệm vụ cần quản trị xem lại \(1\)/);
    expect(list).toMatch(/NV 3: Xây dựng các văn bản quy phạm pháp luật/);

    expect(all(await say("1", "/suanv 3 han 30/06/2026"))).toMatch(/Đã sửa nhiệm vụ 3\. .*Hạn: 30\/06\/2026/s);
    expect(all(await say("1", "/suanv 3 chủ trì Sở Tư pháp"))).toMatch(/Chủ trì: Sở Tư pháp/);
    const fixed = t.app.active().plan.tasks.find((x) => x.id === "3")!;
    expect(fixed).toMatchObject({ recurrence: "once", deadlines: ["2026-06-30"], lead: ["Sở Tư pháp"] });
    expect(all(await say("1", "/suanv"))).toMatch(/đều đã có hạn/);

    const again = t.app.importPlanFile(HCM).plan.tasks.find((x) => x.id === "3")!;
    expect(again).toMatchObject({ deadlines: ["2026-06-30"], lead: ["Sở Tư pháp"] });
  });

  it("is refused to focal points, and says what is wrong with a bad date or task", async () => {
    t = openTestApp({ now: "2025-12-01T09:00:00+07:00", env: { PLAN_FILE: HCM } });
    await say("1", `/start ${t.invite("Sở Nội vụ", "admin")}`);
    await say("2", `/start ${t.invite("Sở Tư pháp")}`);
    expect(all(await say("2", "/suanv 3 han 30/06/2026"))).toMatch(/chỉ dành cho cán bộ quản trị/);
    expect(all(await say("1", "/suanv 3 han 31/02/2026"))).toMatch(/không phải ngày/);
    expect(all(await say("1", "/suanv 99 han 30/06/2026"))).toMatch(/không có nhiệm vụ 99/);
    expect(all(await say("1", "/suanv 3 gì đó"))).toMatch(/Sửa một nhiệm vụ/);
    expect(t.app.active().plan.tasks.find((x) => x.id === "3")?.recurrence).toBe("unscheduled");
  });
});
