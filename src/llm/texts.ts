/**
 * Every Vietnamese sentence the answering service writes: formal and short, dates dd/mm/yyyy,
 * task names as the plan writes them, the section cited (DESIGN §8). The chat adds the line
 * saying what the user can do next.
 */
import { formatDate } from "../time.js";

/** "(Mục II, nhiệm vụ 4)", "(Mục IV.12)", "(phần căn cứ)": a section id as the chat shows it. */
export function citation(section: string, taskId?: string): string {
  if (section === "preamble") return "(phần căn cứ ban hành)";
  if (section === "recipients") return "(phần Nơi nhận)";
  if (taskId !== undefined) return `(Mục ${section.split(".")[0]}, nhiệm vụ ${taskId})`;
  return `(Mục ${section})`;
}

/** The way a refusal begins, in every mode: the chat and the model both use it. */
export const REFUSAL = "Kế hoạch không đề cập";

const list = (names: string[]) => names.join(", ");

export const A = {
  refusal: (nearest: string[]) =>
    `${REFUSAL} nội dung này.${nearest.length > 0 ? ` Các mục gần nhất với câu hỏi: ${nearest.join("; ")}.` : ""}`,
  noSuchTask: (ref: string, ids: string[]) =>
    `${REFUSAL} nhiệm vụ ${ref}. Kế hoạch có các nhiệm vụ: ${ids.join(", ")}.`,
  empty: "Quý đơn vị vui lòng nêu rõ câu hỏi về nội dung Kế hoạch.",

  taskTitle: (id: string, title: string) => `Nhiệm vụ ${id} «${title}»`,
  lead: (lead: string[]) => (lead.length > 0 ? `cơ quan chủ trì: ${list(lead)}` : "Kế hoạch không ghi cơ quan chủ trì"),
  partners: (partners: string[]) =>
    partners.length > 0 ? `cơ quan phối hợp: ${list(partners)}` : "Kế hoạch không ghi cơ quan phối hợp",
  timeframe: (timeframe: string) => (timeframe ? `thời gian thực hiện: ${timeframe.replace(/\.$/, "")}` : "Kế hoạch không ghi thời gian thực hiện"),
  due: {
    once: (deadline: string, start: string | null) =>
      start && start.slice(5) !== "01-01" ? `từ ${formatDate(start)} đến ${formatDate(deadline)}` : `hạn hoàn thành ${formatDate(deadline)}`,
    quarterly: (deadlines: string[]) => `hạn từng quý: ${deadlines.map(formatDate).join(", ")}`,
    monthly: (deadlines: string[]) => `hạn hằng tháng, tháng đầu ${formatDate(deadlines[0] ?? "")}`,
    continuous: "thực hiện thường xuyên",
    yearly: (deadlines: string[]) => `hạn hằng năm: ${deadlines.map(formatDate).join(", ")}`,
    unscheduled: "Kế hoạch không ghi thời hạn cụ thể",
  },

  agencyHeader: (name: string) => `Nhiệm vụ của ${name} trong Kế hoạch:`,
  agenciesHeader: (names: string[]) => `Nhiệm vụ chung của ${list(names)} trong Kế hoạch:`,
  responsibility: (text: string) => `Trách nhiệm: ${text}`,
  leads: "Chủ trì",
  joins: "Phối hợp",
  noObligations: (name: string) => `Kế hoạch không giao nhiệm vụ cụ thể nào cho ${name}.`,

  reportDeadline: (date: string, to: string, who: string[]) =>
    `Hạn gửi báo cáo kết quả thực hiện Kế hoạch: ${formatDate(date)}${to ? `, gửi ${to}` : ""}${who.length > 0 ? `; đơn vị báo cáo: ${list(who)}` : ""}`,

  reportsHeader: (name: string) => `Báo cáo của ${name} đã lưu:`,
  reportsAllHeader: "Các báo cáo đã lưu:",
  report: (agency: string, task: string, period: string, status: string, date: string, results: string) =>
    `${agency}, nhiệm vụ ${task}, ${period}: ${status} (gửi ${date}). ${results}`,
  noReports: "Chưa có báo cáo nào được lưu.",
  ownReportsOnly: "Quý đơn vị chỉ xem được báo cáo của chính đơn vị mình.",
  noAgency: "Tài khoản này chưa gắn với cơ quan nào nên không xem được báo cáo.",

  passagesLead: "Nội dung Kế hoạch liên quan đến câu hỏi:",
  /** Said apart from the plan's words: the monthly check-in is the assistant's, not the plan's. */
  checkinNote: "(Trợ lý đề nghị cập nhật kết quả nhiệm vụ này hằng tháng; đây là lịch nhắc của trợ lý, không phải quy định của Kế hoạch.)",
  llmUnavailable: "(Trợ lý tạm thời không dùng được mô hình ngôn ngữ; dưới đây là nội dung trích từ Kế hoạch.)",
  llmUngrounded: "(Câu trả lời của mô hình ngôn ngữ không dẫn được mục nào của Kế hoạch nên không được dùng; dưới đây là nội dung trích từ Kế hoạch.)",
};
