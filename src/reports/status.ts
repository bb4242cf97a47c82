/**
 * Status of one agency × task × period at an as-of date, as Vietnamese government practice
 * counts it (DESIGN §4 "Statuses"). Pure: the caller passes the current report and the date.
 */
import type { Report } from "./types.js";

export const PROGRESS_STATUSES = [
  "hoan_thanh_dung_han",
  "hoan_thanh_qua_han",
  "dang_thuc_hien_trong_han",
  "qua_han",
  "chua_bao_cao",
] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/**
 * @param deadline the period's deadline (ISO date), null for continuous tasks, which have none
 * @param report the current (latest) report for the period, if any
 * @param asOf the ISO date the status is taken at
 */
export function progressStatus(
  deadline: string | null,
  report: Pick<Report, "status" | "reportedAt"> | undefined,
  asOf: string,
  zoneDate: (iso: string) => string = (iso) => iso.slice(0, 10),
): ProgressStatus {
  const passed = deadline !== null && asOf > deadline;
  if (report?.status === "hoan_thanh") {
    return deadline === null || zoneDate(report.reportedAt) <= deadline ? "hoan_thanh_dung_han" : "hoan_thanh_qua_han";
  }
  if (passed) return "qua_han";
  return report ? "dang_thuc_hien_trong_han" : "chua_bao_cao";
}

export const STATUS_ICON: Record<ProgressStatus, string> = {
  hoan_thanh_dung_han: "✅",
  hoan_thanh_qua_han: "✅",
  dang_thuc_hien_trong_han: "⏳",
  qua_han: "⚠️",
  chua_bao_cao: "❔",
};

export const STATUS_LABEL: Record<ProgressStatus, string> = {
  hoan_thanh_dung_han: "Hoàn thành đúng hạn",
  hoan_thanh_qua_han: "Hoàn thành quá hạn",
  dang_thuc_hien_trong_han: "Đang thực hiện, trong hạn",
  qua_han: "Quá hạn",
  chua_bao_cao: "Chưa báo cáo",
};
