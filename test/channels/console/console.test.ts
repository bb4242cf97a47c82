/** The console channel as a newcomer uses it: lines in, numbered choices out, over the real service. */
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/clock.js";
import { loadConfig } from "../../../src/config.js";
import { listReports } from "../../../src/reports/store.js";
import { startService, type RunningService } from "../../../src/service.js";
import { silent, tempDir } from "../../support/app.js";

let service: RunningService | undefined;
afterEach(async () => {
  await service?.stop();
  service = undefined;
});

/** Runs a whole scripted session (like `printf ... | npm start`) and returns what it printed. */
async function session(lines: string[], options: { dir?: string; as?: string; role?: "admin" | "focal"; now?: string } = {}) {
  const dir = options.dir ?? tempDir();
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
  const config = loadConfig({ DATABASE_PATH: join(dir, "kehoach.sqlite"), ZALO_CREDENTIALS_FILE: join(dir, "none.json") });
  service = await startService(config, silent, {
    clock: new ManualClock(options.now ?? "2024-03-20T09:00:00+07:00"),
    console: { input, output, ...(options.as ? { as: options.as } : {}), role: options.role ?? "focal" },
  });
  input.end(lines.map((l) => `${l}\n`).join(""));
  await service.done;
  const app = service.app;
  return { printed, dir, reports: () => listReports(app.db, app.active().id) };
}

describe("console channel", () => {
  it("greets as the focal point of the agency with the most tasks and lists its tasks", async () => {
    const { printed } = await session(["/nhiemvu"]);
    expect(printed).toMatch(/đầu mối của Sở Thông tin và Truyền thông/);
    expect(printed).toMatch(/3\. Chỉ đạo, hướng dẫn/);
    expect(printed).toMatch(/ {2}1\. Báo cáo nhiệm vụ 1\n/);
    expect(printed).toMatch(/ {2}12\. Báo cáo nhiệm vụ 12\n/);
    expect(printed).toMatch(/Trả lời 1, 2, 3, 6, 9, 10 hoặc 12\./);
    expect(printed).toMatch(/Tạm biệt\.\n*$/);
  });

  it("runs a whole /baocao choosing the task by its own number and the rest by letters", async () => {
    const { printed, reports } = await session(["/baocao", "3", "Văn bản số 123/STTTT hướng dẫn tuyên truyền.", "a", "a"], { as: "Sở TT&TT" });
    expect(printed).toMatch(/ {2}6\. Hợp tác truyền thông/);
    expect(printed).not.toMatch(/ {2}\d+\. \d+\. /);
    expect(printed).toMatch(/ {2}a\. Hoàn thành\n {2}b\. Đang thực hiện/);
    expect(printed).toMatch(/Trả lời a, b, c hoặc d\./);
    expect(printed).toMatch(/Đã lưu báo cáo nhiệm vụ 3/);
    expect(reports()).toMatchObject([{ agency: "STTTT", task: "3", status: "hoan_thanh", results: "Văn bản số 123/STTTT hướng dẫn tuyên truyền.", difficulties: [], proposals: [] }]);
  });

  it("answers options by their words too, with or without accents", async () => {
    const { reports } = await session(["/baocao 3", "Đang soạn thảo văn bản.", "dang thuc hien", "xac nhan"]);
    expect(reports()).toMatchObject([{ task: "3", status: "dang_thuc_hien" }]);
  });

  it("confirms a free-text report with its number and answers a question", async () => {
    const { printed, reports } = await session(
      ["Đã tổ chức họp báo quý I vào ngày 28/3/2024, có 30 phóng viên tham dự.", "a", "/hoi Ai chủ trì nhiệm vụ 4?"],
      { as: "Văn phòng UBND tỉnh", now: "2024-03-29T09:00:00+07:00" },
    );
    expect(reports()).toMatchObject([{ agency: "VPUBND", task: "1", period: "2024-Q1", status: "hoan_thanh" }]);
    expect(printed).toMatch(/Công an tỉnh/);
  });

  it("switches role with /vai and gives an admin the summary files", async () => {
    const { printed } = await session(["/tiendo", "/vai quantri", "/tonghop"]);
    expect(printed).toMatch(/chỉ dành cho cán bộ quản trị/);
    const files = [...printed.matchAll(/Tệp đã lưu tại: (.+\.(docx|xlsx))/g)].map((m) => m[1]!);
    expect(files).toHaveLength(2);
    for (const f of files) expect(existsSync(f)).toBe(true);
  });

  it("resumes an open conversation in the next session", async () => {
    const first = await session(["/baocao 3", "2"]);
    expect(first.printed).toMatch(/gõ kết quả thực hiện[\s\S]*gõ kết quả thực hiện/);
    await service!.stop();
    service = undefined;
    const second = await session(["Đang lấy ý kiến góp ý dự thảo.", "ok"], { dir: first.dir });
    expect(second.reports()).toMatchObject([{ task: "3", status: "dang_thuc_hien" }]);
  });

  it("takes replies as people type them: commands without the slash, «dang lam», «tháng 3», «ok» (issue 14, item 3)", async () => {
    const { printed, reports } = await session(
      ["help", "/nhiem vu", "bao cao", "nhiệm vụ 6", "chon ky khac", "thang 03", "Phối hợp với báo Trung ương về Quảng Ngãi", "dang lam", "ok"],
      { as: "Sở TT&TT", now: "2024-05-10T09:00:00+07:00" },
    );
    expect(printed).toContain("Trợ lý thực hiện Kế hoạch. Các lệnh");
    expect(printed).toContain("Nhiệm vụ của Sở Thông tin và Truyền thông");
    expect(printed).toMatch(/Nhiệm vụ 6, Tháng 03\/2024\. Quý đơn vị gõ kết quả/);
    expect(reports()).toMatchObject([{ task: "6", period: "2024-03", status: "dang_thuc_hien", results: "Phối hợp với báo Trung ương về Quảng Ngãi" }]);
  });

  it("answers plain questions, and «tôi» is the asker's agency (issue 14, item 12)", async () => {
    const { printed } = await session(
      [
        "Ai chủ trì họp báo?",
        "Họp báo tổ chức mấy lần một năm?",
        "nhiệm vụ của tôi là gì",
        "Ai phụ trách họp báo quý?",
        "Bản tin đối ngoại in bằng mấy thứ tiếng?",
        "sở ngoại vụ làm chuyên mục gì trên cổng thông tin",
        "bao cao ket qua gui qua dau",
      ],
      { as: "Sở Ngoại vụ" },
    );
    // Typed without /hoi and without a question mark, they are still questions, not report drafts.
    expect(printed).not.toMatch(/Tình trạng thực hiện\?|Xem lại báo cáo|báo cáo cho nhiệm vụ nào/);
    expect(printed.split("Gõ /hoi <câu hỏi>")).toHaveLength(8);
    expect(printed).not.toMatch(/Kế hoạch không đề cập/);
    // Each answer ends with the same footer: what comes before each footer is one answer.
    const [who, often, mine, lead, languages] = printed.split("Gõ /hoi <câu hỏi>");
    expect(lead).toMatch(/Văn phòng UBND tỉnh/);
    expect(languages).toMatch(/song ngữ Việt-Anh/);
    expect(who).toMatch(/Văn phòng UBND tỉnh/);
    expect(often).toMatch(/quý/i);
    expect(mine).toMatch(/Sở Ngoại vụ/);
    expect(mine).not.toMatch(/Sở Thông tin và Truyền thông chủ trì/);
  });

  it("/nhacnho shows the snooze and the leave it just set and lists nothing they hold; a snooze ends at the send hour (issue 14, item 9)", async () => {
    const { printed } = await session(["/nhacnho hoan 1", "/nhacnho", "/nhacnho tamdung 05/04/2024", "/nhacnho"], { now: "2024-03-20T20:00:00+07:00" });
    // Asked at 20:00, one day later is the next morning's send hour, not 20:00 tomorrow.
    expect(printed).toContain("Đã tạm hoãn nhắc đến 08:00 21/03/2024");
    // Each /nhacnho ends with the same footer: before the first is the snoozed list, before the second the paused one.
    const [snoozed, paused] = printed.split("Chọn tạm hoãn bên dưới");
    expect(snoozed).toContain("⏰ Quý đơn vị đã tạm hoãn nhắc đến 08:00 21/03/2024");
    expect(snoozed).not.toMatch(/• 08:00 2[01]\/03\/2024/);
    expect(snoozed).toMatch(/• 08:00 22\/03\/2024/);
    expect(paused).toContain("đang tạm dừng nhận nhắc đến hết ngày 05/04/2024");
    const dates = [...paused!.matchAll(/• 08:00 (\d\d)\/(\d\d)\/2024/g)].map((m) => `2024-${m[2]}-${m[1]}`);
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.every((d) => d > "2024-04-05")).toBe(true);
  });

  it("«Báo cáo đã gửi» lists the agency's own reports and amends one by «Bổ sung» (issue 14, item 5)", async () => {
    const { printed, reports } = await session(
      ["Đã tổ chức họp báo quý I ngày 28/3 với 30 phóng viên", "a", "bao cao da gui", "a", "Đã đăng 12 tin bài sau họp báo.", "a", "Bổ sung", "/dagui"],
      { as: "Văn phòng UBND tỉnh", now: "2024-03-29T09:00:00+07:00" },
    );
    expect(printed).toMatch(/Báo cáo Quý đơn vị đã gửi \(1\):\n• NV 1, Quý I\/2024: Hoàn thành \(gửi 09:00 29\/03\/2024\)/);
    expect(printed).toMatch(/a\. Sửa NV 1, Quý I\/2024/);
    expect(reports()).toHaveLength(1);
    expect(reports()[0]!.results).toBe("Đã tổ chức họp báo quý I ngày 28/3 với 30 phóng viên\nĐã đăng 12 tin bài sau họp báo.");
    expect(printed.slice(printed.lastIndexOf("Báo cáo Quý đơn vị đã gửi"))).toContain("Đã đăng 12 tin bài");
  });

  it("one message on two tasks gives two drafts, each confirmed in turn (issue 14, item 4)", async () => {
    const { printed, reports } = await session(
      ["Nhiệm vụ 1: đã tổ chức họp báo quý I ngày 28/3. Nhiệm vụ 3: đã ban hành văn bản hướng dẫn số 12/STTTT.", "a", "a"],
      { as: "Sở TT&TT", now: "2024-03-29T09:00:00+07:00" },
    );
    expect(printed).toContain("Tin nhắn báo cáo 2 nhiệm vụ");
    expect(printed).toMatch(/Đã lưu báo cáo nhiệm vụ 1[\s\S]*Báo cáo tiếp theo trong tin nhắn:[\s\S]*Đã lưu báo cáo nhiệm vụ 3/);
    expect(reports().map((r) => [r.task, r.results])).toEqual([
      ["1", "Nhiệm vụ 1: đã tổ chức họp báo quý I ngày 28/3."],
      ["3", "Nhiệm vụ 3: đã ban hành văn bản hướng dẫn số 12/STTTT."],
    ]);
  });

  it("cancelling one of those drafts keeps the next (issue 14, item 4)", async () => {
    const { reports } = await session(["NV 1: đã tổ chức họp báo quý I ngày 28/3. NV 3: đã ban hành văn bản hướng dẫn số 12/STTTT.", "c", "a"], {
      as: "Sở TT&TT",
      now: "2024-03-29T09:00:00+07:00",
    });
    expect(reports().map((r) => r.task)).toEqual(["3"]);
  });
});

