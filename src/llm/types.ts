/** What the answering and reading services give the rest of the product. */
import type { ReportStatus } from "../reports/types.js";

/** Who is asking: the model and the answers may use only this agency's own reports, unless admin. */
export interface Asker {
  agency: string | null;
  role: "focal" | "admin" | "operator";
}

export interface Answer {
  answer: string;
  /** Section ids ("II.4", "IV.12", "preamble"). */
  citations: string[];
  /** false when the plan does not cover the question (a refusal). */
  grounded: boolean;
  mode: "llm" | "offline";
}

/** How a free-text reply is read; the user confirms it before anything is stored. */
export interface Reading {
  /** The text is a question about the plan, not a report. */
  question: boolean;
  task: string | null;
  /**
   * Other tasks the text may be about, likeliest first, when the reading of the task is
   * unsure; empty when it is clear (or named, or given).
   */
  alternatives: string[];
  period: string | null;
  status: ReportStatus | null;
  results: string;
  figures: string[];
  difficulties: string[];
  proposals: string[];
  confidence: number;
}

export interface Answerer {
  ask(question: string, asker: Asker): Promise<Answer>;
}

export interface Reader {
  /**
   * @param now when the reply arrived: "tháng này", "quý này" are read against it
   * @param task the task the reply is for, when the user already chose it
   */
  read(text: string, asker: Asker, now: Date, task?: string): Promise<Reading>;
}
