import { describe, expect, it } from "vitest";
import { attachmentOf, numbered, render, TEXT_LIMIT } from "../../../src/channels/zalo/render.js";
import { splitText } from "../../../src/text/split.js";
import { texts } from "../../../src/channels/zalo/texts.js";

const choices = [
  { label: "Hoàn thành", value: "s:hoan_thanh" },
  { label: "Đang thực hiện", value: "s:dang_thuc_hien" },
  { label: "Gặp khó khăn", value: "s:gap_kho_khan" },
];

describe("zalo render", () => {
  it("letters the choices under the question and says how to answer, so no list number reads as a task number", () => {
    const parts = render({ text: "Nhiệm vụ 4, Quý I/2024. Tình trạng thực hiện?", choices }, "private");
    expect(parts).toEqual([
      {
        kind: "text",
        text: "Nhiệm vụ 4, Quý I/2024. Tình trạng thực hiện?\n\na. Hoàn thành\nb. Đang thực hiện\nc. Gặp khó khăn\nTrả lời a, b hoặc c.",
      },
    ]);
  });

  it("names a task's choice by the task's own number (issue 14, item 1)", () => {
    const tasks = [
      { key: "6", label: "Hợp tác truyền thông", value: "t:6" },
      { key: "10", label: "Xuất bản phẩm", value: "t:10" },
      { label: "Nhiệm vụ khác", value: "more" },
    ];
    expect(numbered(tasks, "private")).toBe("6. Hợp tác truyền thông\n10. Xuất bản phẩm\na. Nhiệm vụ khác\nTrả lời 6, 10 hoặc a.");
  });

  it("tells a group to answer by replying to the message, since plain text there is not for the bot", () => {
    const text = numbered(choices.slice(0, 1), "group");
    expect(text).toBe(`a. Hoàn thành\nTrả lời a.\n${texts.groupAnswer}`);
  });

  it("splits a long text at line ends under 2000 characters and keeps the menu with the last part", () => {
    const lines = Array.from({ length: 120 }, (_, i) => `${i + 1}. Ủy ban nhân dân huyện Lý Sơn báo cáo kết quả thực hiện nhiệm vụ`);
    const parts = render({ text: lines.join("\n"), choices }, "private");
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) {
      expect(p.kind).toBe("text");
      if (p.kind === "text") expect(p.text.length).toBeLessThanOrEqual(TEXT_LIMIT);
    }
    const all = parts.map((p) => (p.kind === "text" ? p.text : "")).join("\n");
    expect(all.startsWith(lines.join("\n"))).toBe(true);
    expect(all.endsWith("Trả lời a, b hoặc c.")).toBe(true);
  });

  it("cuts a line with no spaces hard, never inside an emoji", () => {
    const line = `${"a".repeat(TEXT_LIMIT - 1)}😀${"b".repeat(10)}`;
    const chunks = splitText(line, TEXT_LIMIT);
    expect(chunks.join("")).toBe(line);
    expect(chunks[0]!.length).toBe(TEXT_LIMIT - 1);
    expect(chunks[1]!.startsWith("😀")).toBe(true);
  });

  it("sends a file after its text, from memory, with an extension Zalo can route", () => {
    const data = Buffer.from("PK\u0003\u0004 docx");
    const mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    const parts = render({ text: "Báo cáo tổng hợp Quý I/2024", file: { name: "bao-cao-quy-1", mime, data } }, "group");
    expect(parts.map((p) => p.kind)).toEqual(["text", "file"]);
    const file = parts[1]!.kind === "file" ? parts[1]!.file : undefined;
    expect(attachmentOf(file!)).toEqual({ data, filename: "bao-cao-quy-1.docx", metadata: { totalSize: data.length } });
    expect(attachmentOf({ name: "Tổng hợp.xlsx", mime: "application/octet-stream", data }).filename).toBe("Tổng hợp.xlsx");
  });

  it("refuses an empty message rather than sending nothing", () => {
    expect(() => render({ text: "  " }, "private")).toThrow();
  });
});
