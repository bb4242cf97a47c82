/** A progress report as stored: one agency, one task, one period. */

export const REPORT_STATUSES = ["hoan_thanh", "dang_thuc_hien", "chua_thuc_hien", "gap_kho_khan"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface Evidence {
  kind: "link" | "photo" | "document";
  /** URL for links; the channel's file id for photos and documents. */
  ref: string;
  name?: string;
  size?: number;
  /** Where the bot keeps the file, under the evidence folder; absent while it is only on the platform. */
  file?: string;
}

export interface Report {
  id: number;
  /** Directory code of the reporting agency. */
  agency: string;
  /** Plan task id ("4", "5c"). */
  task: string;
  /** "2024-Q3", "2024-09" or "2024". */
  period: string;
  status: ReportStatus;
  results: string;
  figures: string[];
  difficulties: string[];
  proposals: string[];
  evidence: Evidence[];
  /** Who sent it: a contact id, or null for reports entered by an operator. */
  contactId: number | null;
  channel: "telegram" | "zalo" | "console" | "cli";
  messageRef: string | null;
  /** ISO time the report was received. */
  reportedAt: string;
}

/**
 * The newest reports of the history a summary's spreadsheet lists: a province's year is a
 * hundred thousand, and the summary reads no more of the history than it shows.
 */
export const HISTORY_ROWS = 20_000;
