import { describe, expect, it } from "vitest";
import { remindersDue } from "../../src/reminders/policy.js";
import { DEFAULT_SETTINGS } from "../../src/reminders/settings.js";
import { citation, recipientGone, reminderMessage, type TextContext } from "../../src/reminders/texts.js";
import type { Reminder } from "../../src/reminders/types.js";
import { binhDinhDirectory, calendar, secondPlan, seedDirectory, seedPlan, ZONE } from "../support/plans.js";

const year = remindersDue({
  plan: seedPlan,
  directory: seedDirectory,
  calendar,
  settings: DEFAULT_SETTINGS,
  zone: ZONE,
  reports: [],
  from: new Date("2024-01-01T00:00:00+07:00"),
  to: new Date("2025-01-31T23:59:59+07:00"),
});
const ctx = (today: string): TextContext => ({ plan: seedPlan, directory: seedDirectory, today, digestMaxItems: DEFAULT_SETTINGS.digestMaxItems });
const find = (p: (r: Reminder) => boolean) => year.find(p)!;
const text = (r: Reminder) => reminderMessage(r, ctx(r.date));

describe("reminder messages", () => {
  it("cite the section as users read it", () => {
    const task = (id: string) => seedPlan.tasks.find((t) => t.id === id)!;
    expect(citation("II.3", task("3"))).toBe("Mục II, nhiệm vụ 3");
    expect(citation("II.5.b", task("5b"))).toBe("Mục II, nhiệm vụ 5b");
    expect(citation("IV.12")).toBe("Mục IV, điểm 12");
    expect(citation("III")).toBe("Mục III");
  });

  it("on the deadline, after it, and for a monthly check-in", () => {
    const due = find((r) => r.kind === "due" && r.task === "2");
    expect(text(due).text).toBe(
      [
        "Kính gửi: Sở Thông tin và Truyền thông",
        "Nhiệm vụ 2. Tổ chức Hội nghị về công tác TTĐN, quyền con người và truyền thông chính sách (Mục II, nhiệm vụ 2)",
        "Kỳ: Quý II–III/2024. Hôm nay (30/09/2024) là thời hạn hoàn thành.",
        "Đề nghị Quý đơn vị báo cáo kết quả thực hiện trong ngày. Bấm «Báo cáo nhiệm vụ 2» hoặc gõ /baocao 2.",
      ].join("\n"),
    );
    const overdue = find((r) => r.kind === "overdue" && r.task === "1" && r.agency === "VPUBND" && r.date === "2024-07-08");
    expect(text(overdue).text).toMatch(/^Kính gửi: Văn phòng UBND tỉnh\n/);
    expect(text(overdue).text).toContain("\n⚠️ Kỳ: Quý II/2024. Thời hạn 30/06/2024 đã qua (quá hạn 8 ngày), Quý đơn vị chưa báo cáo hoàn thành.\n");
    expect(text(overdue).choices![0]).toEqual({ key: "1", label: "Báo cáo nhiệm vụ 1", value: "/baocao 1 2024-Q2" });
    const checkin = find((r) => r.kind === "checkin" && r.task === "5b" && r.agency === "SCT" && r.period === "2024-07");
    expect(text(checkin).text).toBe(
      [
        "Kính gửi: Sở Công Thương",
        `Nhiệm vụ 5b. ${seedPlan.tasks.find((t) => t.id === "5b")!.title.replace(/\.$/, "")} (Mục II, nhiệm vụ 5b)`,
        "Nhiệm vụ thực hiện thường xuyên. Đề nghị Quý đơn vị cập nhật kết quả thực hiện tháng 07/2024. Bấm «Báo cáo nhiệm vụ 5b» hoặc gõ /baocao 5b 2024-07.",
      ].join("\n"),
    );
  });

  it("to a partner and for the section IV report deadline", () => {
    const partner = find((r) => r.kind === "partner_notice" && r.task === "5c");
    expect(text(partner).text).toContain("Cơ quan chủ trì: Sở Văn hóa, Thể thao và Du lịch. Kỳ: Năm 2024. Thời hạn: 31/12/2024 (còn 7 ngày).");
    expect(text(partner).text).toMatch(/Gõ \/nhiemvu để xem nhiệm vụ của Quý đơn vị\.$/);
    expect(text(partner).choices![0]).toEqual({ label: "Xem nhiệm vụ", value: "/nhiemvu" });
    const report = find((r) => r.kind === "report_deadline" && r.agency === "UBND_LYSON" && r.date === "2024-11-14");
    expect(text(report).text).toBe(
      [
        "Kính gửi: UBND huyện Lý Sơn",
        "Theo Kế hoạch (Mục IV, điểm 12), Quý đơn vị báo cáo kết quả thực hiện Kế hoạch gửi Sở Thông tin và Truyền thông, thời hạn 15/11/2024 (còn 1 ngày).",
        "Gõ /nhiemvu để xem nhiệm vụ và /baocao để cập nhật kết quả từng nhiệm vụ.",
      ].join("\n"),
    );
  });

  it("fit Telegram: short button data, and the longest digest within one message", () => {
    for (const r of year) {
      const m = text(r);
      for (const c of m.choices ?? []) expect(Buffer.byteLength(c.value)).toBeLessThanOrEqual(64);
      expect(m.text.length).toBeLessThan(4096);
      // Every message ends with what to do next: a command on its last line.
      expect(m.text.split("\n").at(-1), r.key).toMatch(/\/[a-z]+/);
    }
    const longest = year.filter((r) => r.kind === "digest").sort((a, b) => b.items!.length - a.items!.length)[0]!;
    expect(longest.items!.length).toBeGreaterThan(DEFAULT_SETTINGS.digestMaxItems);
    expect(text(longest).text).toContain(`… và ${longest.items!.length - DEFAULT_SETTINGS.digestMaxItems} mục khác.`);
  });

  it("for the second plan's monthly task, in its own words", () => {
    const list = remindersDue({
      plan: secondPlan,
      directory: binhDinhDirectory,
      calendar,
      settings: DEFAULT_SETTINGS,
      zone: ZONE,
      reports: [],
      from: new Date("2025-03-01T00:00:00+07:00"),
      to: new Date("2025-03-31T23:59:59+07:00"),
    });
    const r = list.find((x) => x.task === "3a" && x.kind === "before")!;
    const m = reminderMessage(r, { plan: secondPlan, directory: binhDinhDirectory, today: r.date, digestMaxItems: 40 });
    expect(m.text).toContain("Nhiệm vụ 3a. Vận hành Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh (Mục II, nhiệm vụ 3a)");
    expect(m.text).toContain("Kỳ: Tháng 03/2025.");
    expect(m.choices![0]!.value).toBe("/baocao 3a 2025-03");
  });

  it("tell the admins who is gone and what to do", () => {
    expect(recipientGone({ displayName: "Nguyễn Văn A", channel: "telegram" }, "Sở Y tế").text).toBe(
      "Đầu mối Nguyễn Văn A (telegram) của Sở Y tế đã chặn hoặc rời trợ lý, nên không nhận được nhắc hạn.\nĐề nghị liên hệ đơn vị; gõ /moi Sở Y tế để cấp mã đăng ký cho đầu mối mới.",
    );
  });
});
