/**
 * The reminder messages (DESIGN §8): formal and short, addressed to "Quý đơn vị", the task as
 * the plan writes it with its section cited, the period, the deadline as dd/mm/yyyy, and what
 * to do next: a button (on Zalo and the console a numbered line) to report now or to be
 * reminded later.
 */
import type { Choice, OutgoingMessage } from "../core/messages.js";
import type { Directory } from "../plan/directory.js";
import { periodLabel, periodLabelOf } from "../plan/periods.js";
import type { Plan, PlanTask } from "../plan/types.js";
import { daysBetween, formatDate } from "../time.js";
import type { OverdueItem, Reminder } from "./types.js";

/** The snooze lengths `/nhacnho hoan` accepts. */
export const SNOOZE_DAYS = [1, 3] as const;

export interface TextContext {
  plan: Plan;
  directory: Directory;
  /** The local date the message is sent on: "còn 3 ngày" counts from it. */
  today: string;
  /** Items beyond this many are counted, not listed, in the digest. */
  digestMaxItems: number;
}

/** "II.3" → "Mục II, nhiệm vụ 3"; "II.5.b" of task 5b → "Mục II, nhiệm vụ 5b"; "IV.12" → "Mục IV, điểm 12". */
export function citation(section: string, task?: PlanTask): string {
  const [part, ...rest] = section.split(".");
  if (task) return `Mục ${part}, nhiệm vụ ${task.id}`;
  return rest.length > 0 ? `Mục ${part}, điểm ${rest.join(".")}` : `Mục ${part}`;
}

function remaining(today: string, deadline: string): string {
  const n = daysBetween(today, deadline);
  if (n > 0) return `còn ${n} ngày`;
  if (n === 0) return "hôm nay";
  return `quá hạn ${-n} ngày`;
}

export const choices = {
  // A one-off task has one period: the command needs none.
  report: (task: PlanTask, period: string): Choice => ({
    key: task.id,
    label: `Báo cáo nhiệm vụ ${task.id}`,
    value: task.recurrence === "once" ? `/baocao ${task.id}` : `/baocao ${task.id} ${period}`,
  }),
  tasks: { label: "Xem nhiệm vụ", value: "/nhiemvu" } as Choice,
  progress: { label: "Xem tiến độ", value: "/tiendo" } as Choice,
  snooze: SNOOZE_DAYS.map((n): Choice => ({ label: `Nhắc lại sau ${n} ngày`, value: `/nhacnho hoan ${n}` })),
};

function agencyName(directory: Directory, code: string): string {
  return directory.byCode(code)?.name ?? code;
}

function taskLine(task: PlanTask): string {
  return `Nhiệm vụ ${task.id}. ${task.title.replace(/[.;:]\s*$/u, "")} (${citation(task.section, task)})`;
}

function forTask(r: Reminder, task: PlanTask, ctx: TextContext): OutgoingMessage {
  const head = `Kính gửi: ${agencyName(ctx.directory, r.agency!)}\n${taskLine(task)}`;
  const period = periodLabel(r.period!, task);
  const due = r.deadline ? `${formatDate(r.deadline)} (${remaining(ctx.today, r.deadline)})` : "";
  const report = choices.report(task, r.period!);
  const howTo = `Bấm «${report.label}» hoặc gõ ${report.value}.`;
  switch (r.kind) {
    case "before":
      return {
        text: `${head}\nKỳ: ${period}. Thời hạn: ${due}.\nĐề nghị Quý đơn vị hoàn thành và báo cáo kết quả trước thời hạn. ${howTo}`,
        choices: [report, ...choices.snooze],
      };
    case "due":
      return {
        text: `${head}\nKỳ: ${period}. Hôm nay (${formatDate(r.deadline!)}) là thời hạn hoàn thành.\nĐề nghị Quý đơn vị báo cáo kết quả thực hiện trong ngày. ${howTo}`,
        choices: [report, ...choices.snooze],
      };
    case "overdue":
      return {
        text: `${head}\n⚠️ Kỳ: ${period}. Thời hạn ${formatDate(r.deadline!)} đã qua (${remaining(ctx.today, r.deadline!)}), Quý đơn vị chưa báo cáo hoàn thành.\nĐề nghị Quý đơn vị báo cáo tình hình thực hiện, nêu rõ khó khăn, vướng mắc (nếu có). ${howTo}`,
        choices: [report, ...choices.snooze],
      };
    case "checkin":
      return {
        text: `${head}\nNhiệm vụ thực hiện thường xuyên. Đề nghị Quý đơn vị cập nhật kết quả thực hiện ${period.toLowerCase()}. ${howTo}`,
        choices: [report, ...choices.snooze],
      };
    case "partner_notice": {
      const leads = task.lead.join(", ");
      return {
        text: `${head}\nCơ quan chủ trì: ${leads}. Kỳ: ${period}. Thời hạn: ${due}.\nQuý đơn vị là cơ quan phối hợp; đề nghị chủ động phối hợp với cơ quan chủ trì. Gõ /nhiemvu để xem nhiệm vụ của Quý đơn vị.`,
        choices: [choices.tasks, ...choices.snooze],
      };
    }
    default:
      throw new Error(`not a task reminder: ${r.kind}`);
  }
}

function reportDeadline(r: Reminder, ctx: TextContext): OutgoingMessage {
  const rd = ctx.plan.reportDeadlines.find((d) => d.section === r.section && d.date === r.deadline);
  const to = rd ? ` gửi ${rd.to}` : "";
  return {
    text: `Kính gửi: ${agencyName(ctx.directory, r.agency!)}\nTheo Kế hoạch (${citation(r.section!)}), Quý đơn vị báo cáo kết quả thực hiện Kế hoạch${to}, thời hạn ${formatDate(r.deadline!)} (${remaining(ctx.today, r.deadline!)}).\nGõ /nhiemvu để xem nhiệm vụ và /baocao để cập nhật kết quả từng nhiệm vụ.`,
    choices: [choices.tasks, ...choices.snooze],
  };
}

function digestLine(item: OverdueItem, ctx: TextContext): string {
  const what = item.task !== null ? `nhiệm vụ ${item.task}${item.period ? `, ${periodLabelOf(ctx.plan.tasks, item.task, item.period)}` : ""}` : `báo cáo kết quả (${citation(item.section)})`;
  return `⚠️ ${agencyName(ctx.directory, item.agency)}: ${what}, hạn ${formatDate(item.deadline)} (${remaining(ctx.today, item.deadline)})`;
}

function digest(r: Reminder, ctx: TextContext): OutgoingMessage {
  const items = r.items ?? [];
  const shown = items.slice(0, ctx.digestMaxItems).map((i) => digestLine(i, ctx));
  const more = items.length > shown.length ? [`… và ${items.length - shown.length} mục khác.`] : [];
  return {
    text: [
      `Tổng hợp nội dung quá hạn đến ngày ${formatDate(ctx.today)}: ${items.length} mục.`,
      ...shown,
      ...more,
      "Gõ /tiendo để xem tiến độ, /tonghop để nhận báo cáo tổng hợp.",
    ].join("\n"),
    choices: [choices.progress, ...choices.snooze],
  };
}

/** The message a reminder is sent as. */
/** The coordinator's request to report, sent when an admin taps «Nhắc các đơn vị chưa báo cáo». */
export function nudgeMessage(agency: string): OutgoingMessage {
  return {
    text: `Kính gửi: ${agency}\nCơ quan thường trực Kế hoạch đề nghị Quý đơn vị báo cáo tiến độ các nhiệm vụ của kỳ hiện tại. Gõ /nhiemvu để xem nhiệm vụ còn chưa báo cáo, /baocao để báo cáo.`,
    choices: [choices.tasks, ...choices.snooze],
  };
}

export function reminderMessage(r: Reminder, ctx: TextContext): OutgoingMessage {
  if (r.kind === "digest") return digest(r, ctx);
  if (r.kind === "report_deadline") return reportDeadline(r, ctx);
  const task = ctx.plan.tasks.find((t) => t.id === r.task);
  if (!task) throw new Error(`task ${r.task} is not in the plan`);
  return forTask(r, task, ctx);
}

/** To the admins when a focal point blocked the bot or left the chat. */
export function recipientGone(who: { displayName: string; channel: string }, agency: string): OutgoingMessage {
  return {
    text: `Đầu mối ${who.displayName} (${who.channel}) của ${agency} đã chặn hoặc rời trợ lý, nên không nhận được nhắc hạn.\nĐề nghị liên hệ đơn vị; gõ /moi ${agency} để cấp mã đăng ký cho đầu mối mới.`,
  };
}

/** What each kind is called in the operator's calendar. */
export const KIND_LABEL: Record<Reminder["kind"], string> = {
  before: "Nhắc trước hạn",
  due: "Đến hạn",
  overdue: "Quá hạn",
  digest: "Tổng hợp quá hạn (quản trị)",
  checkin: "Cập nhật hằng tháng",
  report_deadline: "Hạn báo cáo kết quả",
  partner_notice: "Thông báo phối hợp",
};
