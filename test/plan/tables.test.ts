import { describe, expect, it } from "vitest";
import { isOrdinal, readDump, readHtml, readPipes } from "../../src/plan/tables.js";

describe("readDump: one cell per line, '|' between cells", () => {
  it("reads rows by the header's width, empty cells inside a row included (a row may end short)", () => {
    const dump = ["|", "TT", "|", "Nhiệm vụ", "|", "Chủ trì", "|", "Thời gian", "|", "|", "1", "|", "Họp báo", "|", "Sở A", "|", "|", "2", "|", "Hội nghị", "|", "|", "Quý I/2026", "|"];
    expect(readDump(dump)).toEqual([
      ["TT", "Nhiệm vụ", "Chủ trì", "Thời gian"],
      ["1", "Họp báo", "Sở A"],
      ["2", "Hội nghị", "", "Quý I/2026"],
    ]);
  });

  it("joins a cell's wrapped lines and keeps a group row (I, II …) short", () => {
    const dump = ["|", "STT", "|", "Nội dung", "|", "Chủ trì", "|", "|", "I", "|", "Thể", "chế", "|", "|", "1.1", "|", "Rà soát", "văn bản", "|", "Sở Tư pháp", "|"];
    expect(readDump(dump)).toEqual([["STT", "Nội dung", "Chủ trì"], ["I", "Thể chế"], ["1.1", "Rà soát văn bản", "Sở Tư pháp"]]);
  });
});

describe("other table forms", () => {
  it("reads markdown pipe rows without the separator row, and escaped pipes", () => {
    expect(readPipes(["| STT | Nội dung |", "|---|:---:|", "| 1 | A \\| B |"])).toEqual([["STT", "Nội dung"], ["1", "A | B"]]);
  });

  it("reads HTML tables with entities, line breaks and spans", () => {
    const html = "<table><tr><th>STT</th><th colspan=2>Nội dung &amp; chủ trì</th></tr><tr><td>1</td><td>Họp<br>báo</td><td>Sở&nbsp;A</td></tr></table>";
    expect(readHtml(html)).toEqual([["STT", "Nội dung & chủ trì", ""], ["1", "Họp báo", "Sở A"]]);
  });

  it.each([["3", true], ["2.1", true], ["IV", true], ["B", true], ["Sở A", false], ["2026", false]])("%s is an ordinal: %s", (cell, yes) => {
    expect(isOrdinal(cell)).toBe(yes);
  });
});
