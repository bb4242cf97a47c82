/**
 * `remind`: one reminder pass now, or as at `--now`, through the channels this process can
 * send on (Telegram when TELEGRAM_BOT_TOKEN is set). Chats on a channel it has not got (Zalo,
 * whose one connection belongs to the running bot) are left for the bot's own passes.
 * `--dry-run` shows what the pass would send, and sends and writes nothing.
 */
import { createTelegramChannel } from "../src/channels/telegram/bot.js";
import { createBrain } from "../src/core/brain.js";
import type { Channel, ChannelName } from "../src/core/messages.js";
import { periodLabelOf } from "../src/plan/periods.js";
import { inSendingHours, runPass, type PassEntry } from "../src/reminders/delivery.js";
import { loadReminderSettings } from "../src/reminders/settings.js";
import { KIND_LABEL } from "../src/reminders/texts.js";
import { createServices } from "../src/services.js";
import { formatDate, formatDateTime } from "../src/time.js";
import { args, instantOption, printJson, printTable, type CommandSpec } from "./cli.js";
import { openCliApp } from "./context.js";

const spec: CommandSpec = {
  name: "remind",
  usage: "remind [--now ISO] [--dry-run] [--settings FILE] [--json]  chạy một lượt nhắc hạn qua các kênh đã cấu hình",
  async run(argv) {
    const { values } = args(argv, {
      now: { type: "string" },
      "dry-run": { type: "boolean" },
      settings: { type: "string" },
      json: { type: "boolean" },
    });
    const app = openCliApp();
    const settings = loadReminderSettings(values.settings ?? app.config.reminderSettingsFile);
    try {
      const zone = app.config.timezone;
      const now = instantOption("now", values.now, zone) ?? app.clock.now();
      const dryRun = values["dry-run"] === true;
      const channels = new Map<ChannelName, Channel>();
      if (app.config.telegram) {
        // Sending only: the bot is never started, so no updates are taken from the running service.
        const { token, apiRoot } = app.config.telegram;
        const telegram = createTelegramChannel({ token, apiRoot, brain: createBrain(createServices(app)), log: app.log });
        channels.set("telegram", telegram.channel);
      }
      if (channels.size === 0 && !dryRun) app.log.warn("no channel to send on (TELEGRAM_BOT_TOKEN unset): nothing is sent");
      const result = await runPass(
        { db: app.db, channels, active: app.active(), calendar: app.calendar, zone, settings, log: app.log },
        now,
        { dryRun },
      );
      if (values.json) return printJson(result);
      const { plan, directory } = app.active();
      const table = (title: string, list: PassEntry[], last: string, value: (e: PassEntry) => string) => {
        process.stdout.write(`\n${title}: ${list.length}\n`);
        if (list.length === 0) return;
        printTable(
          list.map((e) => [
            formatDateTime(e.at, zone),
            directory.byCode(e.agency)?.name ?? e.agency,
            KIND_LABEL[e.kind],
            e.task ?? "",
            e.period ? periodLabelOf(plan.tasks, e.task, e.period) : "",
            e.deadline ? formatDate(e.deadline) : "",
            e.channel,
            value(e),
          ]),
          ["Thời điểm", "Cơ quan", "Loại", "NV", "Kỳ", "Hạn", "Kênh", last],
        );
      };
      process.stdout.write(`Lượt nhắc hạn lúc ${formatDateTime(now, zone)}${dryRun ? " (chạy thử: không gửi, không ghi)" : ""}\n`);
      if (!inSendingHours(now, zone, app.calendar, settings)) {
        process.stdout.write(
          `Ngoài ngày làm việc hoặc ngoài giờ gửi (${settings.windowStartHour}:00–${settings.windowEndHour}:00): không gửi gì. Lượt sau trong giờ làm việc sẽ gửi bù.\n`,
        );
        return;
      }
      table(dryRun ? "Sẽ gửi" : "Đã gửi", result.sent, "", () => "");
      table("Bỏ qua", result.skipped, "Lý do", (e) => e.reason ?? "");
      table("Lỗi", result.failed, "Lỗi", (e) => e.error ?? "");
    } finally {
      app.close();
    }
  },
};
export default spec;
