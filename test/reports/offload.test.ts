/** An admin's full /tonghop runs on the documents thread: real worker, real database file. */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createDocumentsThread } from "../../src/reports/offload.js";
import { createSummaryView, makesDocuments } from "../../src/reports/view.js";
import { openTestApp, tempDir, type TestApp } from "../support/app.js";
import { seedYear } from "./fixture.js";
import { addReport } from "../../commands/reports.js";

let t: TestApp | undefined;
afterEach(() => {
  t?.dispose();
  t = undefined;
});

const admin = { agency: "STTTT", role: "admin" as const };
const now = new Date("2024-11-10T09:00:00+07:00");

describe("the documents thread", () => {
  it("gives the admin the overview, the DOCX and the XLSX as the view does, files as Buffers", async () => {
    t = openTestApp({ now: "2024-11-10T09:00:00+07:00" });
    seedYear({ add: (o) => addReport(t!.app, o) });
    const inThread = await createDocumentsThread(t.config)({ asker: admin, now });
    expect(inThread).toHaveLength(3);
    const [overview, docx, xlsx] = inThread;
    expect(overview!.text).toMatch(/TỔNG HỢP/);
    expect(Buffer.isBuffer(docx!.file!.data) && Buffer.isBuffer(xlsx!.file!.data)).toBe(true);
    expect(docx!.file!.data.subarray(0, 2).toString()).toBe("PK");
    // The same overview the view gives on the main thread.
    const here = await createSummaryView({ db: t.app.db, active: t.app.active, zone: t.config.timezone }).overview({ asker: admin, now });
    expect(inThread[0]!.text).toBe(here[0]!.text);
  });

  it("is used only for requests that make documents", () => {
    expect(makesDocuments({ asker: admin, now })).toBe(true);
    expect(makesDocuments({ asker: { agency: "CAT", role: "focal" }, now })).toBe(false);
    expect(makesDocuments({ asker: admin, now, task: "3" })).toBe(false);
    expect(makesDocuments({ asker: admin, now, agency: "" })).toBe(false);
  });

  it("fails the request, not the process, when the thread cannot start", async () => {
    const config = loadConfig({ DATABASE_PATH: join(tempDir(), "not-a-folder", "\u0000", "k.sqlite") });
    await expect(createDocumentsThread(config)({ asker: admin, now })).rejects.toThrow();
  });
});
