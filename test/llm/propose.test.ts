/** Tasks the model proposes for what the rules did not read, kept only where the text holds them up. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proposeTasks, unreadSections, withProposals } from "../../src/llm/propose.js";
import { Directory } from "../../src/plan/directory.js";
import { parsePlan } from "../../src/plan/parse.js";
import { startOpenAiDouble, type OpenAiDouble } from "../support/openai-double.js";
import { llmAt, silent } from "./context.js";

const doc = [
  "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM",
  "Thử Nghiệm, ngày 02 tháng 01 năm 2026",
  "",
  "KẾ HOẠCH",
  "TRUYỀN THÔNG NĂM 2026",
  "",
  "I. NHIỆM VỤ",
  "",
  "1. Họp báo định kỳ",
  "- Cơ quan chủ trì: Sở Khoa học và Công nghệ.",
  "- Thời gian thực hiện: Hằng quý.",
  "",
  "2. Về phát thanh, cần có chuyên mục riêng cho người dân vùng biển; việc này được trao cho Đài Phát thanh tỉnh, có sự tham gia của Hội Nghề cá tỉnh, làm xong trong Quý III/2026.",
].join("\n");
const plan = parsePlan(doc, new Directory({ province: "", agencies: [] }));

let double: OpenAiDouble;
beforeAll(async () => {
  double = await startOpenAiDouble();
});
afterAll(() => double.close());

describe("proposals", () => {
  it("sends only the sections without a task, with their text", () => {
    expect(plan.tasks.map((t) => t.id)).toEqual(["1"]);
    expect(unreadSections(plan).map((s) => s.section)).toEqual(["I.2"]);
  });

  it("keeps a proposal whose agencies and time are written in its section, dated by the plan's rules, and drops the rest", async () => {
    double.respond({
      content: JSON.stringify({
        tasks: [
          { section: "I.2", title: "Về phát thanh, cần có chuyên mục riêng", lead: ["Đài Phát thanh tỉnh"], partners: ["Hội Nghề cá tỉnh"], timeframe: "Quý III/2026" },
          { section: "I.2", title: "Về phát thanh, cần có chuyên mục riêng", lead: ["Bộ Công an"], partners: [], timeframe: "" },
          { section: "I.2", title: "Về phát thanh, cần có chuyên mục riêng", lead: ["Đài Phát thanh tỉnh"], partners: [], timeframe: "31/12/2027" },
          { section: "IX.9", title: "Nhiệm vụ bịa", lead: ["Đài Phát thanh tỉnh"], partners: [], timeframe: "" },
        ],
      }),
    });
    const proposals = await proposeTasks(plan, llmAt(double.baseURL), silent);
    expect(proposals.tasks).toEqual([
      expect.objectContaining({
        id: "DX1",
        section: "I.2",
        lead: ["Đài Phát thanh tỉnh"],
        partners: ["Hội Nghề cá tỉnh"],
        recurrence: "once",
        deadlines: ["2026-09-30"],
        proposed: true,
      }),
    ]);
    expect(proposals.rejected).toEqual([
      'I.2: cơ quan không có trong văn bản: "Bộ Công an"',
      'I.2: thời gian không có trong văn bản: "31/12/2027"',
      'IX.9: mục "IX.9" không được gửi cho mô hình',
    ]);
    const request = double.requests.at(-1)!.body;
    expect(request.response_format?.type).toBe("json_schema");
    expect(request.messages?.[1]?.content).toContain("việc này được trao cho Đài Phát thanh tỉnh");

    const merged = withProposals(plan, proposals);
    expect(merged.tasks.map((t) => t.id)).toEqual(["1", "DX1"]);
    expect(merged.warnings).toContain("I.2: nhiệm vụ DX1 do mô hình đề xuất từ văn bản, cần quản trị xem lại");
    expect(merged.agencies).toContain("Hội Nghề cá tỉnh");
  });

  it("fails loudly on an answer that is not the proposals document", async () => {
    double.respond({ content: JSON.stringify({ tasks: "none" }) });
    await expect(proposeTasks(plan, llmAt(double.baseURL), silent)).rejects.toThrow(/invalid proposals/);
  });
});
