import { describe, expect, it } from "vitest";
import { createReader } from "../../src/llm/extract.js";
import { isQuestion, periodFor, readFigures, readParts, readPeriodMention, readStatus } from "../../src/llm/rules.js";
import { directory, samples, seed, silent } from "./context.js";

const reader = createReader({ active: () => ({ id: 1, plan: seed, directory }), log: silent });
const task = (id: string) => seed.tasks.find((t) => t.id === id)!;
const as = (name: string) => ({ agency: directory.find(name)!.code, role: "focal" as const });

describe("offline reading", () => {
  it("reads every sample reply right", async () => {
    for (const r of samples.replies) {
      const x = await reader.read(r.text, as(r.as), new Date(r.now));
      expect(x.question, r.text).toBe(r.question ?? false);
      if (r.question) continue;
      expect({ task: x.task, status: x.status }, r.text).toEqual({ task: r.task, status: r.status });
      if (r.period) expect(x.period, r.text).toBe(r.period);
    }
  });

  it("gives the draft the chat confirms: results, figures, difficulties, proposals", async () => {
    const x = await reader.read(
      "Khó khăn: kinh phí in cẩm nang đầu tư 6 thứ tiếng chưa được bố trí. Đề xuất Sở Tài chính xem xét bổ sung.",
      as("Sở Kế hoạch và Đầu tư"),
      new Date("2024-09-25T09:00:00+07:00"),
    );
    expect(x).toEqual({
      question: false,
      task: "10",
      alternatives: [],
      period: "2024-09",
      status: "gap_kho_khan",
      results: "Khó khăn: kinh phí in cẩm nang đầu tư 6 thứ tiếng chưa được bố trí. Đề xuất Sở Tài chính xem xét bổ sung.",
      figures: ["6 thứ tiếng"],
      difficulties: ["kinh phí in cẩm nang đầu tư 6 thứ tiếng chưa được bố trí"],
      proposals: ["Đề xuất Sở Tài chính xem xét bổ sung"],
      confidence: expect.any(Number),
    });
  });

  it("takes the task only among the agency's own", async () => {
    // Họp báo is task 1, which Công an tỉnh neither leads nor joins.
    const x = await reader.read("Đã tổ chức họp báo quý I.", as("Công an tỉnh"), new Date("2024-03-29T09:00:00+07:00"));
    expect(x.task).toBe("4");
    const named = await reader.read("Nhiệm vụ 10: đã in 500 tờ gấp.", as("Sở Tư pháp"), new Date("2024-05-29T09:00:00+07:00"));
    expect(named).toMatchObject({ task: "10", period: "2024-05", confidence: expect.any(Number) });
    expect(named.confidence).toBeGreaterThan(0.9);
  });
});

describe("rules", () => {
  it("tells a question from a report", () => {
    expect(isQuestion("Xin hỏi nhiệm vụ 2 có phải tổ chức cả quý II và quý III không?")).toBe(true);
    expect(isQuestion("cho hoi nhiem vu 9 ai chu tri")).toBe(true);
    expect(isQuestion("Hạn báo cáo là ngày nào vậy")).toBe(true);
    expect(isQuestion("Hỏi: ai chủ trì nhiệm vụ 4")).toBe(true);
    expect(isQuestion("Hội nghị tập huấn chưa tổ chức được.")).toBe(false);
    expect(isQuestion("Đã tổ chức họp báo, không có khó khăn gì")).toBe(false);
  });

  it("takes a phone's shorthand for a question: one's own duties, what one must do, a contact asked for", () => {
    expect(isQuestion("nhiem vu cua so em trong kh")).toBe(true);
    expect(isQuestion("trách nhiệm của đơn vị mình")).toBe(true);
    expect(isQuestion("đơn vị tôi cần đăng gì lên cổng ttđt")).toBe(true);
    expect(isQuestion("sdt so tttt")).toBe(true);
    expect(isQuestion("Nhiệm vụ của sở đã hoàn thành, đăng 12 tin bài")).toBe(false);
    expect(isQuestion("Đã đăng 5 tin, không cần bổ sung gì")).toBe(false);
  });

  it("reads the status the words state, by the kind of task", () => {
    expect(readStatus("Đã tổ chức họp báo quý I", task("1"))).toBe("hoan_thanh");
    expect(readStatus("Trong tháng đã phát hiện 17 bài viết", task("4"))).toBe("dang_thuc_hien");
    expect(readStatus("Đã hoàn thành tham gia 3 chương trình", task("5c"))).toBe("hoan_thanh");
    expect(readStatus("Đang chuẩn bị, dự kiến hoàn thành tháng 8", task("2"))).toBe("dang_thuc_hien");
    expect(readStatus("Chưa ban hành được văn bản vì đang chờ ý kiến của Bộ", task("3"))).toBe("chua_thuc_hien");
    expect(readStatus("Không có khó khăn, vướng mắc. Đã tổ chức xong.", task("1"))).toBe("hoan_thanh");
    expect(readStatus("Gặp khó khăn do thiếu kinh phí", task("1"))).toBe("gap_kho_khan");
    expect(readStatus("da to chuc hop bao", task("1"))).toBe("hoan_thanh");
    expect(readStatus("Nội dung chưa rõ", undefined)).toBe("chua_thuc_hien");
    expect(readStatus("Xin gửi kết quả", task("3"))).toBeNull();
  });

  it("reads the period from quarters, months, dates and the time of the message", () => {
    const today = "2024-06-25";
    expect(periodFor(task("1"), 2024, readPeriodMention("họp báo quý II", today), today)).toBe("2024-Q2");
    expect(periodFor(task("1"), 2024, readPeriodMention("họp báo ngày 28/3/2024", today), today)).toBe("2024-Q1");
    expect(periodFor(task("1"), 2024, undefined, today)).toBe("2024-Q2");
    expect(periodFor(task("8"), 2024, readPeriodMention("Tháng 5 đã đăng 45 tin", today), today)).toBe("2024-05");
    expect(periodFor(task("8"), 2024, readPeriodMention("trong tháng này đã đăng", today), today)).toBe("2024-06");
    expect(periodFor(task("8"), 2024, readPeriodMention("tháng trước đã đăng", today), today)).toBe("2024-05");
    expect(periodFor(task("8"), 2024, readPeriodMention("quý I đã đăng", today), today)).toBe("2024-03");
    expect(periodFor(task("5c"), 2024, readPeriodMention("tháng 10", today), today)).toBe("2024");
    // A date planned for later is not the period reported on.
    expect(readPeriodMention("Đang chuẩn bị, dự kiến tổ chức trong tháng 8", today)).toBeUndefined();
  });

  it("keeps each figure with its unit, not dates, periods or task numbers", () => {
    expect(readFigures("Tháng 5 đã đăng 45 tin, bài, trong đó 12 bài tiếng Anh.")).toEqual(["45 tin", "12 bài tiếng Anh"]);
    expect(readFigures("Họp báo ngày 28/3/2024 quý I có 30 phóng viên tham dự, đạt 95%.")).toEqual(["30 phóng viên", "95%"]);
    expect(readFigures("Nhiệm vụ 4: thu hút 200.000 lượt xem trong 9 tháng đầu năm 2024")).toEqual(["200.000 lượt xem"]);
  });

  it("splits difficulties and proposals from results", () => {
    expect(readParts("Đã đón 2 đoàn. Vướng mắc: thiếu phiên dịch tiếng Hàn. Kiến nghị: bố trí biên chế.")).toEqual({
      results: ["Đã đón 2 đoàn."],
      difficulties: ["thiếu phiên dịch tiếng Hàn"],
      proposals: ["bố trí biên chế"],
    });
    expect(readParts("Đã phát hiện và đề nghị gỡ bỏ 17 bài viết, đề xuất tăng cường nhân lực.")).toEqual({
      results: ["Đã phát hiện và đề nghị gỡ bỏ 17 bài viết"],
      difficulties: [],
      proposals: ["đề xuất tăng cường nhân lực"],
    });
    expect(readParts("Không có khó khăn, vướng mắc. Đã tổ chức xong.").difficulties).toEqual([]);
  });
});
