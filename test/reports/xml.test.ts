/**
 * A character XML 1.0 forbids (U+FFFE, U+FFFF, C0 controls, a lone surrogate) in one report
 * must neither be stored nor break a document, also when history already holds it (issue 12,
 * item 4).
 */
import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import * as t from "../../src/db/schema.js";
import { renderDocx } from "../../src/reports/render-docx.js";
import { renderXlsx } from "../../src/reports/render-xlsx.js";
import { listReports } from "../../src/reports/store.js";
import { openFixture, summaryOf, type Fixture } from "./fixture.js";
import { unzip } from "./unzip.js";

const BAD = "Đã xong\uFFFF họp báo\u0001 quý I\uFFFE\uD800.";
let f: Fixture;
afterEach(() => f?.dispose());

/** Every XML part of a DOCX or XLSX, as text, must be well-formed: no forbidden character in it. */
function forbidden(zip: Buffer): string[] {
  const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
  return [...unzip(zip)].filter(([name, data]) => name.endsWith(".xml") && bad.test(data.toString("utf8"))).map(([name]) => name);
}

describe("characters XML forbids", () => {
  it("are cleaned from a report before it is stored", () => {
    f = openFixture();
    f.add({ agency: "VPUB", task: "1", period: "2024-Q1", status: "hoan_thanh", at: "2024-03-29T09:00:00+07:00", text: BAD, difficulties: [`Thiếu\uFFFF kinh phí`] });
    const [stored] = listReports(f.app.db, f.app.active().id);
    expect(stored!.results).toBe("Đã xong họp báo quý I.");
    expect(stored!.difficulties).toEqual(["Thiếu kinh phí"]);
  });

  it("already stored, break neither the DOCX nor the XLSX", async () => {
    f = openFixture();
    const { id } = f.app.active();
    f.app.db
      .insert(t.reports)
      .values({
        planId: id, agencyCode: "VPUBND", taskId: "1", period: "2024-Q1", status: "hoan_thanh", results: BAD, figures: [BAD], difficulties: [BAD],
        proposals: [BAD], evidence: [], contactId: null, channel: "cli", messageRef: null, reportedAt: "2024-03-29T02:00:00.000Z",
      })
      .run();
    const s = summaryOf(f, "2024-04-01T09:00:00+07:00");
    const docx = await renderDocx(s);
    expect(forbidden(docx)).toEqual([]);
    expect(unzip(docx).get("word/document.xml")!.toString("utf8")).toContain("Đã xong họp báo quý I.");
    const xlsx = await renderXlsx(s);
    expect(forbidden(xlsx)).toEqual([]);
    await new ExcelJS.Workbook().xlsx.load(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength) as ArrayBuffer);
  });
});
