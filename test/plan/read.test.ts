import { copyFileSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import { describe, expect, it } from "vitest";
import { PlanFileError, readPlanFile } from "../../src/plan/read.js";

// The .docx and .pdf files are made from the markdown plans by test/fixtures/plans/files/make.sh.
const file = (name: string): string => fileURLToPath(new URL(`../fixtures/plans/files/${name}`, import.meta.url));
const real = (name: string): string => fileURLToPath(new URL(`../fixtures/plans/real/${name}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "plan-read-"));

const flat = (text: string): string => text.normalize("NFC").replace(/\*/g, "").replace(/\s+/g, " ").trim();

/**
 * The markdown plan's numbered headings, sub-items and labelled lines: its blank-line blocks
 * outside the "|" tables, hard wraps and emphasis dropped.
 */
function keyParagraphs(markdown: string): string[] {
  return markdown
    .split(/\n\s*\n/)
    .filter((block) => !/^\|$/m.test(block))
    .map(flat)
    .filter((p) => /^(?:[IVX]+\.|\d+\.|[a-zđ]\)|- (?:Cơ quan|Thời gian|Đơn vị|Nội dung))\s/u.test(p));
}

/** The cells of a pipe row; a "|" inside a cell is written "\|". */
const cells = (row: string): string[] => row.slice(2, -2).split(" | ");

async function failure(path: string): Promise<PlanFileError> {
  const err: unknown = await readPlanFile(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PlanFileError);
  return err as PlanFileError;
}

describe("readPlanFile", () => {
  it("reads .md and .txt as UTF-8 text, without a byte-order mark", async () => {
    const md = real("hcm-172-2025.md");
    expect(await readPlanFile(md)).toBe(readFileSync(md, "utf8"));
    const txt = join(scratch, "ke-hoach.TXT");
    writeFileSync(txt, "\uFEFFKẾ HOẠCH\nII. NHIỆM VỤ\n");
    expect(await readPlanFile(txt)).toBe("KẾ HOẠCH\nII. NHIỆM VỤ\n");
  });

  it("refuses text in a legacy code page", async () => {
    const txt = join(scratch, "tcvn3.txt");
    writeFileSync(txt, Buffer.from([0x4b, 0xd5, 0x20, 0x48, 0xe4, 0x41, 0xc3, 0x48]));
    expect((await failure(txt)).message).toMatch(/không phải văn bản UTF-8; .* \/ The file is not UTF-8 text$/);
  });

  describe.each(["hcm-172-2025", "quangngai-1627-2025-kiem-ke-tai-san", "hcm-2820-2025-qd06"])("%s", (plan) => {
    const key = keyParagraphs(readFileSync(real(`${plan}.md`), "utf8"));

    it("has numbered and labelled paragraphs to compare", () => {
      expect(key.length).toBeGreaterThan(10);
    });

    it.each(["docx", "pdf"])("the .%s holds every one of them", async (ext) => {
      const text = flat(await readPlanFile(file(`${plan}.${ext}`)));
      expect(key.filter((p) => !text.includes(p))).toEqual([]);
    });
  });

  it("gives each DOCX paragraph one line, with a blank line between", async () => {
    const text = await readPlanFile(file("hcm-172-2025.docx"));
    expect(text).toContain("\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\na) Xác định cụ thể nội dung công việc, tiến độ,");
    expect(text).toContain("\n\n- Thời gian thực hiện: Năm 2025 và các năm tiếp theo.\n\n");
  });

  it("turns a DOCX table into pipe rows, merged cells filled in", async () => {
    const rows = (await readPlanFile(file("hcm-2820-2025-qd06.docx"))).split("\n").filter((l) => l.startsWith("| "));
    // The letterhead is a layout table: its cells' paragraphs are joined with "; ".
    expect(rows.slice(0, 2)).toEqual([
      "| ỦY BAN NHÂN DÂN; THÀNH PHỐ HỒ CHÍ MINH; -------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM; Độc lập - Tự do - Hạnh phúc; --------------- |",
      "| Số: 2820/QĐ-UBND | Thành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025 |",
    ]);
    const header = rows.findIndex((r) => r.startsWith("| TT |"));
    expect(rows[header]).toBe(
      "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian dự kiến hoàn thành | Kết quả dự kiến | Nguồn kinh phí |",
    );
    const appendix = rows.slice(header);
    expect(appendix).toHaveLength(1 + 3 + 4 + 6 + 5);
    for (const row of appendix) expect(cells(row)).toHaveLength(7);

    const byNumber = (group: string, n: string): string[] => {
      const at = appendix.findIndex((r) => cells(r)[0] === group);
      return cells(appendix.slice(at + 1).find((r) => cells(r)[0] === n) ?? "");
    };
    // A group row spans the table: its title, then empty cells.
    expect(cells(appendix[1] ?? "")).toEqual([
      "I",
      "Hoàn thiện thể chế, ban hành quy định, hướng dẫn yêu cầu kỹ thuật để xây dựng và triển khai Hệ thống thông tin và cơ sở dữ liệu quốc gia về quy hoạch",
      "", "", "", "", "",
    ]);
    // "Nguồn kinh phí" is one cell merged over tasks I.1-I.4: each row repeats it.
    expect(byNumber("I", "4")).toEqual([
      "4",
      "Tham gia rà soát, đơn giản hóa các thủ tục hành chính liên quan đến quy hoạch dựa trên việc khai thác, tái sử dụng dữ liệu của Hệ thống thông tin và cơ sở dữ liệu quốc gia về quy hoạch.",
      "Các sở, ngành, UBND xã, phường, đặc khu",
      "Sở Tài chính",
      "Quý II/2027",
      "Báo cáo",
      "Chi thường xuyên hoặc nguồn vốn hợp pháp khác (nếu có)",
    ]);
    expect(byNumber("VI", "2").slice(2)).toEqual(["Sở Tài chính", "Các sở, ngành, UBND xã, phường, đặc khu", "Hằng năm.", "", ""]);
  });

  it("joins a cell's paragraphs with '; ', escapes pipes and keeps bullets as dashes", async () => {
    const cell = (paragraphs: string[], opts: { rowSpan?: number; columnSpan?: number } = {}): TableCell =>
      new TableCell({ ...opts, children: paragraphs.map((p) => new Paragraph(p)) });
    const doc = new Document({
      numbering: {
        config: [{ reference: "dash", levels: [{ level: 0, format: LevelFormat.BULLET, text: "-" }] }],
      },
      sections: [
        {
          children: [
            new Paragraph({ children: [new TextRun({ text: "II. NHIỆM VỤ", bold: true })] }),
            new Paragraph({ text: "Cơ quan chủ trì: Sở Tài chính", numbering: { reference: "dash", level: 0 } }),
            new Table({
              rows: [
                new TableRow({ children: [cell(["TT"]), cell(["Nhiệm vụ"]), cell(["Chủ trì"])] }),
                new TableRow({ children: [cell(["1"]), cell(["Rà soát A|B"]), cell(["Sở Nội vụ", "Sở Tư pháp"], { rowSpan: 2 })] }),
                new TableRow({ children: [cell(["2"]), cell(["Báo cáo quý."])] }),
                new TableRow({ children: [cell(["Ghi chú: làm theo quy định."], { columnSpan: 3 })] }),
              ],
            }),
          ],
        },
      ],
    });
    const path = join(scratch, "synthetic.docx");
    writeFileSync(path, await Packer.toBuffer(doc));
    expect(await readPlanFile(path)).toBe(
      [
        "II. NHIỆM VỤ",
        "",
        "- Cơ quan chủ trì: Sở Tài chính",
        "",
        "| TT | Nhiệm vụ | Chủ trì |",
        "| 1 | Rà soát A\\|B | Sở Nội vụ; Sở Tư pháp |",
        "| 2 | Báo cáo quý. | Sở Nội vụ; Sở Tư pháp |",
        "| Ghi chú: làm theo quy định. |  |  |",
        "",
      ].join("\n"),
    );
  });

  it("rebuilds PDF lines by baseline, without page numbers or the repeated footer", async () => {
    const lines = (await readPlanFile(file("hcm-2820-2025-qd06.pdf"))).split("\n");
    expect(lines.filter((l) => /^\d+$/.test(l))).toEqual([]);
    expect(lines.filter((l) => l.includes("Kế hoạch kèm Quyết định 2820"))).toEqual([]);
    const text = await readPlanFile(file("hcm-172-2025.pdf"));
    // A justified paragraph keeps the PDF's line breaks; paragraphs are set apart by a blank line.
    expect(text).toContain(
      "\n\nThực hiện Quyết định số 1850/QĐ-TTg ngày 27 tháng 8 năm 2025 của Thủ tướng Chính\nphủ về ban hành Kế hoạch triển khai thi hành Luật Việc làm;\n\n",
    );
    // Cells of one table row share a baseline.
    expect(text).toContain("\nSố: 172/KH-UBND Thành phố Hồ Chí Minh, ngày 18 tháng 11 năm 2025\n");
  });

  it("refuses a scanned PDF with the no-text-layer message", async () => {
    expect((await failure(file("scan.pdf"))).message).toBe(
      "Tệp PDF không có lớp chữ (bản quét); hãy dùng bản PDF xuất từ hệ thống văn bản hoặc tệp .docx / The PDF has no text layer (a scan)",
    );
  });

  it("refuses damaged .docx and .pdf files", async () => {
    const docx = join(scratch, "hong.docx");
    writeFileSync(docx, "PK\u0003\u0004 không phải tệp Word");
    expect((await failure(docx)).message).toMatch(/^Không đọc được tệp "hong.docx": tệp .docx bị hỏng .* \/ Cannot read the file/);
    const pdf = join(scratch, "hong.pdf");
    writeFileSync(pdf, "%PDF-1.7\nkhông phải PDF\n");
    expect((await failure(pdf)).message).toMatch(/^Không đọc được tệp "hong.pdf": tệp PDF bị hỏng \/ Cannot read the file/);
  });

  it("matches the extension case-insensitively", async () => {
    const upper = join(scratch, "KE-HOACH.DOCX");
    copyFileSync(file("hcm-172-2025.docx"), upper);
    expect(await readPlanFile(upper)).toContain("KẾ HOẠCH");
  });

  it("refuses other extensions, naming the accepted ones", async () => {
    const err = await failure(join(scratch, "ke-hoach.doc"));
    expect(err.message).toMatch(/chỉ nhận tệp \.txt, \.md, \.docx, \.pdf.* \/ Unsupported file type "\.doc"/);
  });

  it("refuses a missing file and one over 20 MB", async () => {
    expect((await failure(join(scratch, "khong-co.pdf"))).message).toMatch(/^Không tìm thấy tệp/);
    const big = join(scratch, "lon.pdf");
    writeFileSync(big, "");
    truncateSync(big, 21 * 1024 * 1024);
    expect((await failure(big)).message).toMatch(/^Tệp "lon.pdf" quá lớn \(21.0 MB, tối đa 20 MB\)/);
  });
});
