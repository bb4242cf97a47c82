/**
 * The services the brain runs on, built from the opened application: answering and reading
 * (LLM or offline), the reminder view and the summaries.
 */
import type { App } from "./app.js";
import { createEvidenceStore, evidenceDir, type FetchFile } from "./core/evidence.js";
import type { Services } from "./core/turn.js";
import { createLlmServices } from "./llm/services.js";
import { createReminderView } from "./reminders/view.js";
import { loadReminderSettings, type ReminderSettings } from "./reminders/settings.js";
import { createDocumentsThread } from "./reports/offload.js";
import { createSummaryView, makesDocuments, type SummaryService } from "./reports/view.js";

export interface AppServices extends Services {
  summaries: SummaryService;
  settings: ReminderSettings;
}

export function createServices(
  app: App,
  options: {
    inviteLink?: (code: string) => string | undefined;
    /** The channels' file downloads, for the evidence of confirmed reports. */
    fetchFile?: FetchFile;
    /** Sends a request to report to the agencies' chats now (the running service's channels). */
    nudge?: (agencies: string[]) => Promise<{ reached: number; outsideHours: boolean }>;
    settings?: ReminderSettings;
    /** Set on the documents thread itself, which renders where it runs. */
    inThread?: boolean;
  } = {},
): AppServices {
  const zone = app.config.timezone;
  const settings = options.settings ?? loadReminderSettings(app.config.reminderSettingsFile);
  // One model client for answers, reading and the draft report's section II.
  const { answerer, reader, llm } = createLlmServices(app);
  const summaries = createSummaryView({ db: app.db, active: app.active, zone, log: app.log, signer: app.config.signer, ...(llm ? { llm } : {}) });
  // A full summary with its documents is seconds of work: it runs on a thread of its own.
  const documents = options.inThread ? summaries.overview : createDocumentsThread(app.config);
  return {
    db: app.db,
    clock: app.clock,
    zone,
    log: app.log,
    calendar: app.calendar,
    active: app.active,
    fixTask: app.fixTask,
    answerer,
    reader,
    reminders: createReminderView({ db: app.db, calendar: app.calendar, zone, settings, active: app.active }),
    summaries: { ...summaries, overview: (args) => (makesDocuments(args) ? documents(args) : summaries.overview(args)) },
    settings,
    ...(options.inviteLink ? { inviteLink: options.inviteLink } : {}),
    ...(options.nudge ? { nudge: options.nudge } : {}),
    ...(options.fetchFile ? { evidence: createEvidenceStore({ dir: evidenceDir(app.config.databasePath), fetch: options.fetchFile, log: app.log }) } : {}),
  };
}
