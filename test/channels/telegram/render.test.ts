import { describe, expect, it } from "vitest";
import { escapeHtml, keyboard, render, TEXT_LIMIT } from "../../../src/channels/telegram/render.js";
import { splitText } from "../../../src/text/split.js";

const rows = (kb: ReturnType<typeof keyboard>) => kb.inline_keyboard.map((r) => r.map((b) => b.text));

describe("escapeHtml", () => {
  it("escapes the three characters Telegram's HTML reserves", () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry</a>`)).toBe(`&lt;a href="x"&gt;Tom &amp; Jerry&lt;/a&gt;`);
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
  });
});

describe("splitText", () => {
  it("keeps a short text whole", () => {
    expect(splitText("Nhiệm vụ 4\nHạn 31/03/2024", TEXT_LIMIT)).toEqual(["Nhiệm vụ 4\nHạn 31/03/2024"]);
  });

  it("cuts between lines, never inside one, and loses nothing", () => {
    const lines = Array.from({ length: 500 }, (_, i) => `Dòng ${i}: ${"x".repeat(i % 50)}`);
    const chunks = splitText(lines.join("\n"), 1000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(1000);
    expect(chunks.flatMap((c) => c.split("\n"))).toEqual(lines);
  });

  it("cuts an over-long line at a space, or hard when it has none, keeping emoji whole", () => {
    const words = Array.from({ length: 100 }, (_, i) => `từ${i}`).join(" ");
    const chunks = splitText(words, 50);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(50);
    expect(chunks.join(" ")).toBe(words);

    const emoji = "😀".repeat(30); // 60 UTF-16 units
    const hard = splitText(emoji, 25);
    for (const c of hard) expect(c.length).toBeLessThanOrEqual(25);
    expect(hard.join("")).toBe(emoji);
    expect(hard.every((c) => !/[\ud800-\udbff]$/.test(c))).toBe(true);
  });

  it("drops blank chunks Telegram would refuse", () => {
    expect(splitText("\n\n  \n", TEXT_LIMIT)).toEqual([]);
    expect(splitText(`a\n\n\n${"b".repeat(10)}`, 5)).toEqual(["a", "bbbbb", "bbbbb"]);
  });
});

describe("keyboard", () => {
  it("puts short labels three to a row, medium two, long ones one", () => {
    expect(rows(keyboard([{ label: "Xác nhận", value: "ok" }, { label: "Sửa", value: "sua" }, { label: "Hủy", value: "/huy" }, { label: "Xong", value: "xong" }]))).toEqual([
      ["Xác nhận", "Sửa", "Hủy"],
      ["Xong"],
    ]);
    expect(rows(keyboard(["Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Gặp khó khăn"].map((label, i) => ({ label, value: String(i) }))))).toEqual([
      ["Hoàn thành", "Đang thực hiện"],
      ["Chưa thực hiện", "Gặp khó khăn"],
    ]);
    const tasks = ["1. Tổ chức Họp báo quý định kỳ", "4. Tuyên truyền về an ninh trật tự"].map((label, i) => ({ label, value: `/baocao ${i}` }));
    expect(rows(keyboard(tasks))).toEqual([[tasks[0]!.label], [tasks[1]!.label]]);
  });

  it("refuses callback data over 64 bytes instead of letting Telegram refuse the message", () => {
    expect(() => keyboard([{ label: "Dài", value: "đ".repeat(33) }])).toThrow(/1-64 bytes/);
    expect(() => keyboard([{ label: "Rỗng", value: "" }])).toThrow(/1-64 bytes/);
    expect(keyboard([{ label: "Vừa", value: "x".repeat(64) }]).inline_keyboard).toHaveLength(1);
  });
});

describe("render", () => {
  it("escapes every chunk and hangs the keyboard on the last one", () => {
    const parts = render({ text: `${"<a>\n".repeat(2000)}end`, choices: [{ label: "Xong", value: "xong" }] });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.kind === "text" && !p.html.includes("<"))).toBe(true);
    expect(parts.slice(0, -1).every((p) => p.keyboard === undefined)).toBe(true);
    expect(parts[parts.length - 1]!.keyboard).toBeDefined();
  });

  it("captions a file with a short text, sends a long text before it", () => {
    const file = { name: "bao-cao.docx", mime: "application/octet-stream", data: Buffer.from("x") };
    expect(render({ text: "Báo cáo <Q1>", file })).toEqual([{ kind: "document", file, caption: "Báo cáo &lt;Q1&gt;" }]);
    const long = render({ text: "y".repeat(2000), file });
    expect(long.map((p) => p.kind)).toEqual(["text", "document"]);
    expect(render({ text: "", file })).toEqual([{ kind: "document", file }]);
  });

  it("refuses a message with nothing to show", () => {
    expect(() => render({ text: "  " })).toThrow(/text or a file/);
  });
});
