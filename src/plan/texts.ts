/** What the operator and the admin read about a plan being imported and reviewed. */
import type { Recurrence } from "./types.js";

export const RECURRENCE_LABEL: Record<Recurrence, string> = {
  once: "một lần",
  monthly: "hằng tháng",
  quarterly: "hằng quý",
  yearly: "hằng năm",
  continuous: "thường xuyên",
  unscheduled: "chưa xếp lịch",
};

export const P = {
  header: (title: string, years: [number, number], tasks: number, warnings: number) =>
    `${title} (${years[0] === years[1] ? years[0] : `${years[0]}–${years[1]}`}): ${tasks} nhiệm vụ, ${warnings} cảnh báo`,
  coordinator: (name: string | null) => `Cơ quan thường trực (nhận báo cáo): ${name ?? "chưa xác định"}`,
  directory: (name: string, own: number) =>
    `Danh bạ dùng để đọc tên cơ quan: ${name}${own > 0 ? `; ${own} cơ quan chưa có trong danh bạ được thêm cho kế hoạch này` : ""}`,
  columns: ["NV", "Mục", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian (như kế hoạch viết)", "Lặp lại", "Hạn", "Văn bản gốc"],
  reportDeadline: (section: string, date: string, to: string) => `Hạn báo cáo (${section}): ${date}, gửi ${to || "chưa rõ nơi nhận"}`,
  warningsTitle: "Cảnh báo (cần xem lại):",
  deadlineAlarm: (n: number) =>
    `⚠️ ${n} nhiệm vụ chưa có hạn xác định được. Kế hoạch CHƯA được nạp.\n` +
    `Sửa từng nhiệm vụ bằng: npm run cli -- plan fix <NV> --due dd/mm/yyyy (hoặc --timeframe "…", --recurrence …)\n` +
    `hoặc nạp như hiện tại bằng: npm run cli -- plan import <tệp> --accept`,
  imported: (id: number, title: string, tasks: number, warnings: number) =>
    `Đã nạp kế hoạch #${id}: ${title} (${tasks} nhiệm vụ, ${warnings} cảnh báo)`,
  reviewWritten: (file: string) => `Đã ghi bảng rà soát: ${file}`,
  fixed: (id: string) => `Đã sửa nhiệm vụ ${id}; lần nạp lại kế hoạch này sẽ giữ nguyên chỉnh sửa.`,
  noModel: "--propose cần mô hình ngôn ngữ (OPENAI_API_KEY hoặc OPENAI_BASE_URL) / --propose needs a configured model",
  proposed: "(đề xuất)",
  sheetTasks: "Nhiệm vụ",
  sheetWarnings: "Cảnh báo",
  sheetAgencies: "Cơ quan ngoài danh bạ",
  notInDirectory: "chưa có trong danh bạ",
  none: "(không có)",
};
