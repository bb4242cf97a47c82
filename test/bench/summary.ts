/**
 * DESIGN §7 "summary": 10,000 reports compiled and rendered to DOCX (target ≤ 2 s). The
 * reports are made up over the bundled plan: every lead agency reports every period begun,
 * several times over (superseded versions), with results, figures, difficulties and proposals
 * of the lengths agencies write; the summary is taken at the end of the plan year.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { BUNDLED_PLAN } from "../../src/config.js";
import { Directory } from "../../src/plan/directory.js";
import { leadsOf } from "../../src/plan/obligations.js";
import { parsePlan } from "../../src/plan/parse.js";
import { periodsOf } from "../../src/plan/periods.js";
import type { Plan } from "../../src/plan/types.js";
import { compileSummary } from "../../src/reports/compile.js";
import { renderDocx } from "../../src/reports/render-docx.js";
import { REPORT_STATUSES, type Report } from "../../src/reports/types.js";

const ZONE = "Asia/Ho_Chi_Minh";
const DIFFICULTIES = [
  "Kinh phí in ấn tài liệu còn thiếu",
  "Thiếu kinh phí in ấn tài liệu tuyên truyền",
  "Nhân lực làm công tác truyền thông còn mỏng, chủ yếu kiêm nhiệm",
  "Hạ tầng truyền thanh cơ sở xuống cấp, nhiều cụm loa hư hỏng",
];

/** `count` reports spread over every lead agency × task × period of the plan year. */
export function makeReports(plan: Plan, directory: Directory, count: number): Report[] {
  const keys = plan.tasks.flatMap((task) =>
    leadsOf(task, directory).flatMap((a) => periodsOf(task, plan.year).map((p) => ({ agency: a.code, task: task.id, period: p.id, start: p.start }))),
  );
  return Array.from({ length: count }, (_, i): Report => {
    const k = keys[i % keys.length]!;
    const day = Date.parse(`${k.start}T02:00:00Z`) + ((i * 7919) % (80 * 86_400_000));
    return {
      id: i + 1,
      agency: k.agency,
      task: k.task,
      period: k.period,
      status: REPORT_STATUSES[i % REPORT_STATUSES.length]!,
      results: `Trong kỳ đã thực hiện ${i % 50} tin, bài, phóng sự tuyên truyền về chủ trương, chính sách của tỉnh; tổ chức ${i % 7} hội nghị, tọa đàm với sự tham gia của các cơ quan báo chí và cán bộ đầu mối các địa phương.`,
      figures: i % 3 === 0 ? [`${i % 50} tin, bài`, `${i % 7} hội nghị`] : [],
      difficulties: i % 4 === 0 ? [DIFFICULTIES[i % DIFFICULTIES.length]!] : [],
      proposals: i % 6 === 0 ? ["Đề nghị UBND tỉnh bố trí bổ sung kinh phí thực hiện"] : [],
      evidence: [],
      contactId: null,
      channel: "telegram",
      messageRef: String(i),
      reportedAt: new Date(day).toISOString(),
    };
  });
}

/** Seconds to compile `count` reports and render the DOCX, once warmed up. */
export async function summaryBench(count = 10_000): Promise<number> {
  const directory = Directory.load();
  const plan = parsePlan(readFileSync(BUNDLED_PLAN, "utf8"), directory);
  const reports = makeReports(plan, directory, count);
  const now = new Date(`${plan.year}-12-31T17:00:00+07:00`);
  // The first run loads and compiles the docx library's code paths; the figure is the second.
  await renderDocx(compileSummary({ plan, directory, reports: reports.slice(0, 100), now, zone: ZONE }));
  const start = performance.now();
  const summary = compileSummary({ plan, directory, reports, now, zone: ZONE });
  await renderDocx(summary);
  return (performance.now() - start) / 1000;
}
