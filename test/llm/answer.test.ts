import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { createAnswerer } from "../../src/llm/answer.js";
import { parsePlan } from "../../src/plan/parse.js";
import { saveReport } from "../../src/reports/store.js";
import { directory, openTestDb, samples, silent } from "./context.js";

const t = openTestDb();
afterAll(() => t.close());
const answerer = createAnswerer({ active: t.active, db: t.db, log: silent });
const focal = (agency: string) => ({ agency, role: "focal" as const });
const operator = { agency: null, role: "operator" as const };

describe("offline answers", () => {
  it("answers every sample question from a section that answers it, and refuses the others", async () => {
    for (const q of samples.questions) {
      const a = await answerer.ask(q.q, operator);
      expect(a.mode).toBe("offline");
      if (q.refuse) {
        expect(a.grounded, q.q).toBe(false);
        expect(a.answer.startsWith("Kế hoạch không đề cập")).toBe(true);
      } else {
        expect(a.grounded, q.q).toBe(true);
        expect(a.citations.some((c) => q.sections!.includes(c)), q.q).toBe(true);
      }
    }
  });

  it("answers who leads a task from the plan model, citing it", async () => {
    const a = await answerer.ask("Ai chủ trì tổ chức họp báo định kỳ hàng quý?", operator);
    expect(a).toEqual({
      answer: expect.stringContaining("cơ quan chủ trì: Văn phòng UBND tỉnh, Sở Thông tin và Truyền thông"),
      citations: ["II.1"],
      grounded: true,
      mode: "offline",
    });
    expect(a.answer).toMatch(/\(Mục II, nhiệm vụ 1\)\.$/);
  });

  it("gives the report deadline as dd/mm/yyyy with its section", async () => {
    const a = await answerer.ask("Hạn chót gửi báo cáo kết quả là ngày nào?", operator);
    expect(a.answer).toContain("15/11/2024");
    expect(a.answer).toContain("(Mục IV.12)");
    expect(a.citations).toEqual(["IV.12"]);
  });

  it("quotes the best passages under a one-line lead", async () => {
    const a = await answerer.ask("Kinh phí thực hiện kế hoạch lấy từ đâu?", operator);
    const [lead, first] = a.answer.split("\n");
    expect(lead).toBe("Nội dung Kế hoạch liên quan đến câu hỏi:");
    expect(first).toMatch(/^- \(Mục III\) KINH PHÍ THỰC HIỆN: «.*ngân sách nhà nước.*»$/);
    expect(a.citations[0]).toBe("III");
  });

  it("quotes the plan's words only: no heading glued in, a gap between sentences marked, the bot's check-in said apart (issue 14, item 12)", async () => {
    const a = await answerer.ask("Cẩm nang đầu tư in bằng các thứ tiếng nào?", operator);
    // The task's heading stands before the quote, not inside it; the sentences between
    // "Hình thức:" and the handbook line are left out and the gap is marked.
    expect(a.answer).toContain("- (Mục II, nhiệm vụ 10) Truyền thông qua các xuất bản phẩm: «- Hình thức: […] + Thiết kế, in ấn cầm nang đầu tư");
    for (const q of [...a.answer.matchAll(/«([^»]*)»/g)].map((m) => m[1]!)) expect(q).not.toMatch(/^\d+\. /);
    const continuous = await answerer.ask("Nhiệm vụ 9 thời gian thực hiện thế nào?", operator);
    expect(continuous.answer).toMatch(/thực hiện thường xuyên/);
    expect(continuous.answer).not.toMatch(/thường xuyên, báo cáo kết quả hằng tháng/);
    expect(continuous.answer).toContain("không phải quy định của Kế hoạch");
  });

  it("refuses with the nearest sections, and says which tasks exist", async () => {
    const out = await answerer.ask("Giá vé máy bay từ Quảng Ngãi đi Hà Nội là bao nhiêu?", operator);
    expect(out.grounded).toBe(false);
    expect(out.answer).toMatch(/^Kế hoạch không đề cập nội dung này\. Các mục gần nhất với câu hỏi: \(/);
    const none = await answerer.ask("Nhiệm vụ 15 do ai chủ trì?", operator);
    expect(none.answer).toBe("Kế hoạch không đề cập nhiệm vụ 15. Kế hoạch có các nhiệm vụ: 1, 2, 3, 4, 5a, 5b, 5c, 6, 7, 8, 9, 10, 11, 12.");
    expect(none.grounded).toBe(false);
  });

  it("answers 'đơn vị tôi' for the asker's agency", async () => {
    const a = await answerer.ask("Đơn vị tôi có nhiệm vụ gì?", focal("CAT"));
    expect(a.answer.split("\n")[0]).toBe("Nhiệm vụ của Công an tỉnh trong Kế hoạch:");
    expect(a.citations.slice(0, 2)).toEqual(["IV.9", "II.4"]);
  });

  it("asks for a question when there is none", async () => {
    expect(await answerer.ask("  \u200b ", operator)).toMatchObject({ grounded: false, citations: [] });
  });

  it("lists the asker's own stored reports", async () => {
    saveReport(t.db, t.planId, {
      agency: "SNGV", task: "5a", period: "2024-04", status: "dang_thuc_hien", results: "Đón 2 đoàn khách nước ngoài.",
      figures: ["2 đoàn"], difficulties: [], proposals: [], evidence: [], contactId: null, channel: "cli", messageRef: null,
      reportedAt: "2024-04-25T02:00:00.000Z",
    });
    const a = await answerer.ask("Đơn vị tôi đã báo cáo những gì?", focal("SNGV"));
    expect(a.answer).toBe(
      "Báo cáo của Sở Ngoại vụ đã lưu:\n- Sở Ngoại vụ, nhiệm vụ 5a, Tháng 04/2024: Đang thực hiện (gửi 25/04/2024). Đón 2 đoàn khách nước ngoài. (Mục II, nhiệm vụ 5a)",
    );
    const other = await answerer.ask("Đơn vị tôi đã báo cáo những gì?", focal("STP"));
    expect(other.answer).toBe("Báo cáo của Sở Tư pháp đã lưu:\nChưa có báo cáo nào được lưu.");
  });
});

describe("another plan", () => {
  const text = readFileSync(new URL("../fixtures/plans/second-plan.md", import.meta.url), "utf8");
  const plan = parsePlan(text, directory);
  const other = createAnswerer({ active: () => ({ id: t.planId, plan, directory }), db: t.db, log: silent });

  it("answers from that plan's tasks, deadlines and text with no code of its own", async () => {
    const lead = await other.ask("Ai chủ trì phát triển kinh tế số?", operator);
    expect(lead.citations).toEqual(["II.4"]);
    expect(lead.answer).toContain("Sở Công Thương");
    const when = await other.ask("nhiem vu 3b phai xong khi nao", operator);
    expect(when.answer).toContain("30/06/2025");
    const money = await other.ask("Kinh phí thực hiện lấy từ đâu?", operator);
    expect(money.citations[0]).toBe("III");
    const off = await other.ask("Giá vàng hôm nay bao nhiêu?", operator);
    expect(off.grounded).toBe(false);
  });
});
