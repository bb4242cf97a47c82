import { describe, expect, it } from "vitest";
import { agencyFacts, taskFact } from "../../src/llm/facts.js";
import { ground, knowledgeOf } from "../../src/llm/ground.js";
import { Abbreviations } from "../../src/text/abbreviations.js";
import { directory, seed } from "./context.js";

const k = knowledgeOf(seed, directory, new Abbreviations());
const intent = (q: string, self: string | null = null) => ground(k, q, self).intent;
const task = (id: string) => seed.tasks.find((t) => t.id === id)!;

describe("questions the plan model answers exactly", () => {
  it("reads a task named by number or section, and what is asked of it", () => {
    expect(intent("Nhiệm vụ 4 do ai chủ trì?")).toMatchObject({ kind: "task", task: { id: "4" }, want: "lead", explicit: true });
    expect(intent("NV 5b giao cho đơn vị nào?")).toMatchObject({ kind: "task", task: { id: "5b" }, want: "lead" });
    expect(intent("nhiem vu 3 phai xong khi nao")).toMatchObject({ kind: "task", task: { id: "3" }, want: "when" });
    expect(intent("Cơ quan nào phối hợp thực hiện nhiệm vụ 7?")).toMatchObject({ kind: "task", task: { id: "7" }, want: "partners" });
    expect(intent("Mục II.8 giao cho ai?")).toMatchObject({ kind: "task", task: { id: "8" } });
  });

  it("finds the task a question describes, when it asks who or when", () => {
    expect(intent("Ai chủ trì tổ chức họp báo định kỳ hàng quý?")).toMatchObject({ kind: "task", task: { id: "1" }, explicit: false });
    expect(intent("Hội nghị tập huấn về quyền con người tổ chức vào thời gian nào?")).toMatchObject({ kind: "task", task: { id: "2" }, want: "when" });
  });

  it("knows a task the plan does not have", () => {
    expect(intent("Nhiệm vụ 15 do ai chủ trì?")).toEqual({ kind: "noSuchTask", ref: "15" });
    expect(ground(k, "Nhiệm vụ 15 do ai chủ trì?", null).refused).toBe(true);
  });

  it("tells the report deadline from stored reports", () => {
    expect(intent("Hạn chót gửi báo cáo kết quả thực hiện kế hoạch là ngày nào?").kind).toBe("reportDeadline");
    expect(intent("han nop bao cao ket qua").kind).toBe("reportDeadline");
    expect(intent("Đơn vị tôi đã báo cáo nhiệm vụ 4 chưa?", "CAT")).toMatchObject({ kind: "reports", task: { id: "4" } });
    expect(intent("Liệt kê báo cáo của các đơn vị khác")).toMatchObject({ kind: "reports", others: true });
  });

  it("reads an agency's duties asked by name, alias or as 'đơn vị tôi'", () => {
    expect(intent("Sở Tài chính có trách nhiệm gì trong kế hoạch?")).toMatchObject({ kind: "agency", who: [{ code: "STC" }] });
    expect(intent("STTTT chủ trì những nhiệm vụ nào?")).toMatchObject({ kind: "agency", who: [{ code: "STTTT" }] });
    expect(intent("Đơn vị tôi phải làm gì?", "CAT")).toMatchObject({ kind: "agency", who: [{ code: "CAT" }] });
    // A question about one thing an agency does is a passage question, not a list of duties.
    expect(intent("Sở Công Thương tham gia hội chợ thương mại để làm gì?").kind).toBe("open");
  });
});

describe("facts", () => {
  it("states lead, partners and timeframe with the dates", () => {
    expect(taskFact(task("3"), "when").text).toBe(
      "Nhiệm vụ 3 «Chỉ đạo, hướng dẫn công tác TTĐN và truyền thông chính sách»: thời gian thực hiện: Quý I/2024, hạn hoàn thành 31/03/2024",
    );
    expect(taskFact(task("2"), "when").text).toContain("từ 01/04/2024 đến 30/09/2024");
    expect(taskFact(task("1"), "when").text).toContain("hạn từng quý: 31/03/2024, 30/06/2024, 30/09/2024, 31/12/2024");
    expect(taskFact(task("4"), "when").text).toContain("thực hiện thường xuyên");
    expect(taskFact(task("4"), "lead")).toEqual({
      section: "II.4",
      text: expect.stringContaining("cơ quan chủ trì: Công an tỉnh; cơ quan phối hợp: Ban Tuyên giáo Tỉnh ủy, Sở Thông tin và Truyền thông, Sở Ngoại vụ"),
    });
  });

  it("lists an agency's own section IV item first, then the tasks that name it, then what it has through groups", () => {
    const sections = agencyFacts(seed, directory, [{ code: "STC", name: "Sở Tài chính", group: false }]).map((f) => f.section);
    expect(sections).toEqual(["IV.8", "IV.12", "II.9", "II.1", "II.5.a", "II.6"]);
    const ngv = agencyFacts(seed, directory, [{ code: "SNGV", name: "Sở Ngoại vụ", group: false }]).map((f) => f.section);
    expect(ngv.slice(0, 3)).toEqual(["IV.3", "II.5.a", "II.10"]);
  });

  it("gives several agencies the tasks they share", () => {
    const facts = agencyFacts(seed, directory, [
      { code: "BCHBDBP", name: "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", group: false },
      { code: "STTTT", name: "Sở Thông tin và Truyền thông", group: false },
    ]);
    expect(facts.map((f) => f.section)).toEqual(["IV.10", "IV.1", "II.12"]);
  });

  it("ranks the facts' sections before the retrieved ones", () => {
    const g = ground(k, "Sở Tài chính có trách nhiệm gì trong kế hoạch?", null);
    expect(g.ranked[0]).toBe("IV.8");
    expect(g.refused).toBe(false);
  });
});
