/**
 * `/tonghop` and `/tiendo` through the real brain: on the console (files written, paths
 * printed) and on Telegram against the Bot API double (documents sent), for an admin and for
 * a focal point, on the services the application runs on.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createConsoleChannel } from "../../src/channels/console/console.js";
import { T as CONSOLE } from "../../src/channels/console/texts.js";
import { createTelegramChannel, type TelegramChannel } from "../../src/channels/telegram/bot.js";
import { createBrain, type Brain } from "../../src/core/brain.js";
import { createInvite } from "../../src/core/contacts.js";
import { R } from "../../src/reports/texts.js";
import { createServices } from "../../src/services.js";
import { BotApiDouble } from "../support/bot-api-double.js";
import { openFixture, seedYear, type Fixture } from "./fixture.js";
import { paragraphs, unzip } from "./unzip.js";

let f: Fixture;
let brain: Brain;

beforeEach(() => {
  f = openFixture("2024-11-10T09:00:00+07:00");
  seedYear(f);
  brain = createBrain(createServices(f.app));
});

afterEach(() => f.dispose());

describe("on the console", () => {
  it("gives the admin the overview and writes the DOCX and XLSX, printing their paths; a focal point only its own", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
    const filesDir = join(f.dir, "exports");
    const { run } = createConsoleChannel({
      brain, db: f.app.db, directory: f.app.active().directory, agency: "STTTT", adminAgency: "STTTT", role: "admin", input, output, filesDir,
    });
    const done = run();
    input.end(["/tonghop", "/tiendo", "/vai Công an tỉnh", "/tonghop", ""].join("\n"));
    await done;

    const prefix = CONSOLE.fileSaved("");
    const saved = printed.split("\n").filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length).trim());
    expect(saved.map((p) => p.split("/").at(-1))).toEqual(["bao-cao-ket-qua-2024-2024-11-10.docx", "tong-hop-tien-do-2024-2024-11-10.xlsx"]);
    for (const p of saved) expect(existsSync(p)).toBe(true);
    expect(paragraphs(unzip(readFileSync(saved[0]!)).get("word/document.xml")!.toString())).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(printed).toContain("TỔNG HỢP TÌNH HÌNH THỰC HIỆN KẾ HOẠCH");
    expect(printed).toMatch(/ {2}1\. NV 1\n/);
    expect(printed).toContain("TIẾN ĐỘ BÁO CÁO KỲ HIỆN TẠI (đến ngày 10/11/2024)");
    const focalPart = printed.slice(printed.lastIndexOf("Đã chuyển sang vai"));
    expect(focalPart).toContain(R.focalRefused);
    expect(focalPart).toContain("TÌNH HÌNH THỰC HIỆN CỦA CÔNG AN TỈNH");
    expect(focalPart).not.toContain(prefix);
  });
});

describe("on Telegram", () => {
  let api: BotApiDouble;
  let tg: TelegramChannel;

  beforeEach(async () => {
    api = await BotApiDouble.start();
    tg = createTelegramChannel({ token: api.token, apiRoot: api.apiRoot, brain, log: pino({ level: "silent" }) });
    await tg.start();
  });

  afterEach(async () => {
    await tg.stop();
    await api.close();
  });

  async function register(chatId: number, agency: string, role: "admin" | "focal"): Promise<void> {
    const { code } = createInvite(f.app.db, agency, role, "test", f.clock.now());
    api.pushText(chatId, `/start ${code}`);
    await api.waitForDeliveries(chatId, 1);
  }

  it("sends an admin the overview with buttons, then the DOCX and XLSX as documents", async () => {
    await register(42, "STTTT", "admin");
    api.pushText(42, "/tonghop");
    const [, overview, docx, xlsx] = await api.waitForDeliveries(42, 4, 15_000);
    expect(overview!.method).toBe("sendMessage");
    expect(overview!.text).toMatch(/^TỔNG HỢP TÌNH HÌNH THỰC HIỆN KẾ HOẠCH/);
    expect(overview!.text.length).toBeLessThanOrEqual(4096);
    expect(JSON.stringify(overview!.replyMarkup)).toContain("/tonghop nv 3");
    expect(docx!.method).toBe("sendDocument");
    expect(docx!.document!.name).toBe("bao-cao-ket-qua-2024-2024-11-10.docx");
    expect(docx!.text).toBe(R.docxCaption);
    const doc = paragraphs(unzip(docx!.document!.bytes).get("word/document.xml")!.toString());
    expect(doc).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(doc).toContain(`Kết quả thực hiện ${f.app.active().plan.title}`);
    expect(xlsx!.document!.name).toBe("tong-hop-tien-do-2024-2024-11-10.xlsx");

    // A detail button is a command line, authorised like the same command typed.
    api.pushCallback(overview!, "/tonghop nv 3");
    const detail = (await api.waitForDeliveries(42, 5, 15_000))[4]!;
    expect(detail.text).toMatch(/^NHIỆM VỤ 3 \(Mục II\.3\)/);
  });

  it("refuses the general summary to a focal point and sends no document", async () => {
    await register(43, "CAT", "focal");
    api.pushText(43, "/tonghop");
    const [, reply] = await api.waitForDeliveries(43, 2, 15_000);
    expect(reply!.text.startsWith(R.focalRefused)).toBe(true);
    expect(reply!.text).not.toContain("Sở Kế hoạch và Đầu tư");
    api.pushText(43, "/tiendo");
    const [, , refused] = await api.waitForDeliveries(43, 3, 15_000);
    expect(refused!.text).toMatch(/chỉ dành cho cán bộ quản trị/);
    expect(api.sentTo(43).some((d) => d.method === "sendDocument")).toBe(false);
  });
});
