import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createReader } from "../../src/llm/extract.js";
import { startOpenAiDouble, type OpenAiDouble } from "../support/openai-double.js";
import { directory, llmAt, seed, silent } from "./context.js";

let double: OpenAiDouble;
beforeAll(async () => {
  double = await startOpenAiDouble();
});
afterAll(() => double.close());
beforeEach(() => {
  double.requests.length = 0;
});

const active = () => ({ id: 1, plan: seed, directory });
const reader = () => createReader({ active, log: silent, llm: llmAt(double.baseURL, 300) });
const offline = createReader({ active, log: silent });
const CAT = { agency: "CAT", role: "focal" as const };
const TEXT = "Trong tháng đã phát hiện và đề nghị gỡ bỏ 17 bài viết xuyên tạc trên mạng xã hội.";
const NOW = new Date("2024-06-25T09:00:00+07:00");

const reading = {
  question: false,
  task: "4",
  period: "2024-06",
  status: "dang_thuc_hien",
  results: "Phát hiện và đề nghị gỡ bỏ 17 bài viết xuyên tạc trên mạng xã hội.",
  figures: ["17 bài viết"],
  difficulties: [],
  proposals: [],
  confidence: 0.9,
};

describe("reading with a model", () => {
  it("asks for structured output with the agency's tasks, the reply passed as data", async () => {
    double.respond({ content: JSON.stringify(reading) });
    const x = await reader().read(TEXT, CAT, NOW);
    expect(x).toEqual({ ...reading, alternatives: [] });
    expect(double.requests).toHaveLength(1);
    const { body } = double.requests[0]!;
    expect(body.response_format?.type).toBe("json_schema");
    expect(body.response_format?.json_schema).toMatchObject({ name: "reading", strict: true });
    expect(body.max_tokens).toBe(600);
    const [system, user] = body.messages!;
    expect(system!.content).toContain("Cơ quan gửi: Công an tỉnh");
    expect(system!.content).toContain("- 4 (chủ trì): Đầu tranh, phản bác thông tin sai trái");
    expect(system!.content).toContain("kỳ: 2024-01, 2024-02");
    expect(system!.content).not.toContain(TEXT);
    expect(JSON.parse(user!.content)).toEqual({ text: TEXT });
  });

  it("asks once more when the output fails the schema, then reads by rules", async () => {
    double.respond({ content: JSON.stringify({ ...reading, status: "xong" }) });
    const x = await reader().read(TEXT, CAT, NOW);
    expect(double.requests).toHaveLength(2);
    expect(x).toEqual(await offline.read(TEXT, CAT, NOW));
  });

  it("uses the second answer when the first is not JSON", async () => {
    double.respond((_, i) => ({ content: i === 0 ? "Nhiệm vụ 4, đang thực hiện" : JSON.stringify(reading) }));
    const x = await reader().read(TEXT, CAT, NOW);
    expect(double.requests).toHaveLength(2);
    expect(x.results).toBe(reading.results);
  });

  it("does not accept a task that is not the agency's own", async () => {
    double.respond({ content: JSON.stringify({ ...reading, task: "1", period: "2024-Q2" }) });
    const x = await reader().read(TEXT, CAT, NOW);
    expect(double.requests).toHaveLength(2);
    expect(x.task).toBe("4");
  });

  it("reads the period again when the model's is not one of the task's", async () => {
    double.respond({ content: JSON.stringify({ ...reading, period: "2024-Q2" }) });
    const x = await reader().read(TEXT, CAT, NOW);
    expect(double.requests).toHaveLength(1);
    expect(x.period).toBe("2024-06");
  });

  it("reads by rules when the server fails", async () => {
    double.respond({ status: 503 });
    const x = await reader().read(TEXT, CAT, NOW);
    expect(double.requests).toHaveLength(2);
    expect(x).toMatchObject({ task: "4", period: "2024-06", status: "dang_thuc_hien", question: false });
  });
});

describe("a model's reading is bounded and clean (issue 12, item 10)", () => {
  it("keeps a bounded number of short, clean fields", async () => {
    double.respond({
      content: JSON.stringify({
        ...reading,
        results: `${"Kết quả\u0001 ".repeat(2_000)}`,
        figures: Array.from({ length: 3_000 }, (_, i) => `${i} bài\uFFFF`),
        difficulties: Array.from({ length: 100 }, () => "Khó khăn ".repeat(300)),
      }),
    });
    const x = await reader().read(TEXT, CAT, NOW);
    expect(x.figures.length).toBeLessThanOrEqual(20);
    expect(x.figures.every((f) => !f.includes("\uFFFF"))).toBe(true);
    expect(x.results.length).toBeLessThanOrEqual(2_000);
    expect(x.results).not.toContain("\u0001");
    expect(x.difficulties.length).toBeLessThanOrEqual(10);
    expect(x.difficulties.every((d) => d.length <= 500)).toBe(true);
  });
});
