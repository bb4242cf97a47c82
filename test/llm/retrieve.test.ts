import { describe, expect, it } from "vitest";
import { chunksOf, workOf } from "../../src/llm/chunks.js";
import { knowledgeOf } from "../../src/llm/ground.js";
import { Mentions } from "../../src/llm/mentions.js";
import { Tokenizer, tokenCount, typedWithDiacritics } from "../../src/llm/tokenize.js";
import { Abbreviations } from "../../src/text/abbreviations.js";
import { directory, samples, seed } from "./context.js";

const abbreviations = new Abbreviations();
const tokenizer = new Tokenizer(abbreviations);
const k = knowledgeOf(seed, directory, abbreviations);

describe("tokenizer", () => {
  it("writes abbreviations out, typed with or without diacritics", () => {
    expect(tokenizer.terms("Sở TT&TT").folded).toEqual(["so", "thong", "tin", "va", "truyen", "thong"]);
    expect(tokenizer.terms("công tác TTĐN").folded).toEqual(tokenizer.terms("cong tac ttdn").folded);
    expect(tokenizer.terms("Cổng TTĐT tỉnh").words).toEqual(["cổng", "thông", "tin", "điện", "tử", "tỉnh"]);
  });

  it("pairs neighbouring syllables within a clause only", () => {
    const t = tokenizer.terms("Văn phòng UBND tỉnh, Sở Ngoại vụ");
    expect(t.bigrams).toContain("van phong");
    expect(t.bigrams).toContain("ngoai vu");
    expect(t.bigrams).not.toContain("tinh so");
  });

  it("reads old and new tone placement and NFD input alike", () => {
    expect(tokenizer.terms("Văn hoá").words).toEqual(tokenizer.terms("Văn hóa".normalize("NFD")).words);
    expect(typedWithDiacritics("so ngoai vu")).toBe(false);
    expect(typedWithDiacritics("Sở Ngoại vụ")).toBe(true);
    expect(tokenCount("Sở TT&TT, năm 2024.")).toBe(8);
  });
});

describe("mentions", () => {
  const mentions = new Mentions(directory, tokenizer);
  const codes = (text: string) => mentions.find(tokenizer.terms(text).folded).map((m) => m.code);

  it("finds agencies under any spelling the directory knows", () => {
    expect(codes("so ngoai vu phu trach quang ba")).toEqual(["SNGV"]);
    expect(codes("STTTT có nhiệm vụ gì")).toEqual(["STTTT"]);
    expect(codes("Sở VH-TT&DL và Sở KH&ĐT")).toEqual(["SVHTTDL", "SKHDT"]);
    expect(codes("Sở Văn hóa Thể thao Du lịch")).toEqual(["SVHTTDL"]);
    expect(codes("UBND các huyện, thị xã, thành phố")).toEqual(["UBND_CAP_HUYEN"]);
    expect(codes("Giá vé máy bay đi Hà Nội")).toEqual([]);
  });
});

describe("chunks", () => {
  const chunks = chunksOf(seed);
  const ids = chunks.map((c) => c.id);

  it("cuts the plan into its citable units", () => {
    expect(ids).toEqual(expect.arrayContaining(["preamble", "I.1", "I.2", "II.1", "II.4", "II.5.a", "II.5.c", "II.12", "III", "IV.1", "IV.12", "recipients"]));
    // An item that only heads its sub-items says nothing of its own.
    expect(ids).not.toContain("II.5");
    expect(chunks.find((c) => c.id === "II.5.b")?.text).toContain("Quảng bá hình ảnh qua các hoạt động đối ngoại");
    expect(chunks.find((c) => c.id === "II.4")?.task?.id).toBe("4");
    expect(chunks.find((c) => c.id === "IV.11")?.agencies).toEqual(["Báo Quảng Ngãi", "Đài Phát thanh và Truyền hình tỉnh"]);
  });

  it("keeps a task's work and its working unit, not its agency and time labels", () => {
    const work = workOf(seed.tasks.find((t) => t.id === "11")!);
    expect(work).toContain("Truyền thông qua hệ thống truyền thanh");
    expect(work).toContain("(Trung tâm Truyền thông-Văn hóa-Thể thao)");
    expect(work).not.toContain("Thời gian thực hiện");
    expect(work).not.toContain("Cơ quan phối hợp");
  });
});

describe("ranking", () => {
  it("puts a section that answers each sample question in the top three", () => {
    for (const q of samples.questions.filter((q) => !q.refuse)) {
      const top = k.index.search(q.q).slice(0, 3).map((h) => h.chunk.id);
      expect(top.some((id) => q.sections!.includes(id)), q.q).toBe(true);
    }
  });

  it("ranks alike with and without diacritics and with abbreviations", () => {
    const first = (q: string) => k.index.search(q)[0]?.chunk.id;
    expect(first("Sở Ngoại vụ phụ trách quảng bá hình ảnh qua đoàn ra đoàn vào")).toBe("II.5.a");
    expect(first("so ngoai vu phu trach quang ba hinh anh qua doan ra doan vao")).toBe("II.5.a");
    expect(first("Chuyên mục TTĐN trên Cổng TTĐT")).toBe(first("chuyên mục thông tin đối ngoại trên cổng thông tin điện tử"));
  });

  it("covers an answerable question well and an out-of-plan one poorly", () => {
    const coverage = (q: string) => k.index.search(q)[0]?.coverage ?? 0;
    expect(coverage("Hội nghị tập huấn về quyền con người tổ chức vào thời gian nào?")).toBeGreaterThan(0.9);
    expect(coverage("Giá vé máy bay từ Quảng Ngãi đi Hà Nội là bao nhiêu?")).toBeLessThan(0.3);
    // "dụng" is in the plan ("ứng dụng") but never next to "tuyển".
    expect(coverage("Quy trình tuyển dụng công chức như thế nào?")).toBeLessThan(0.45);
  });

  it("prefers the syllables typed with the plan's diacritics", () => {
    const [hit] = k.index.search("báo chí");
    const folded = k.index.search("bao chi");
    expect(hit!.score).toBeGreaterThan(folded.find((h) => h.chunk.id === hit!.chunk.id)!.score);
  });

  it("restricts a search to the chunks asked for", () => {
    const hits = k.index.search("họp báo", { only: (c) => c.id.startsWith("IV.") });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.chunk.id.startsWith("IV."))).toBe(true);
  });
});
