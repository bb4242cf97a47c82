/**
 * `schedule`: the reminder calendar the policy produces, without sending anything. It lists
 * every agency, registered or not, so an operator can review it before anyone registers;
 * an entry with nobody to receive it is marked.
 */
import { DateTime } from "luxon";
import { activeContacts } from "../src/core/contacts.js";
import { remindersDue } from "../src/reminders/policy.js";
import { loadReminderSettings } from "../src/reminders/settings.js";
import { policyState } from "../src/reminders/store.js";
import { KIND_LABEL } from "../src/reminders/texts.js";
import { periodLabelOf } from "../src/plan/periods.js";
import { addDays, formatDate, formatDateTime, parseUserDate } from "../src/time.js";
import { args, printJson, printTable, UsageError, type CommandSpec } from "./cli.js";
import { openCliApp } from "./context.js";

function dateOption(name: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const date = parseUserDate(text);
  if (!date) throw new UsageError(`--${name} «${text}» không phải ngày (dd/mm/yyyy hoặc YYYY-MM-DD) / not a date`);
  return date;
}

const spec: CommandSpec = {
  name: "schedule",
  usage: "schedule [--from D] [--to D] [--agency X] [--settings FILE] [--json]  lịch nhắc hạn (không gửi)",
  run(argv) {
    const { values } = args(argv, {
      from: { type: "string" },
      to: { type: "string" },
      agency: { type: "string" },
      settings: { type: "string" },
      json: { type: "boolean" },
    });
    const app = openCliApp();
    const settings = loadReminderSettings(values.settings ?? app.config.reminderSettingsFile);
    try {
      const zone = app.config.timezone;
      const { id, plan, directory } = app.active();
      const now = app.clock.now();
      const today = DateTime.fromJSDate(now, { zone }).toISODate()!;
      const start = `${plan.years[0]}-01-01`;
      const end = `${plan.years[1]}-12-31`;
      const from = dateOption("from", values.from) ?? (today >= start && today <= end ? today : start);
      // By default through January after the plan's last year (the overdue reminders of year-end
      // deadlines) but a year at most, and at least a month from the start.
      const to = dateOption("to", values.to) ?? [[`${plan.years[1] + 1}-01-31`, addDays(from, 365)].sort()[0]!, addDays(from, 30)].sort().at(-1)!;
      if (to < from) throw new UsageError("--to trước --from / --to is before --from");
      const agency = values.agency === undefined ? undefined : directory.find(values.agency);
      if (values.agency !== undefined && !agency) throw new UsageError(`không tìm thấy cơ quan «${values.agency}» / unknown agency`);

      const contacts = activeContacts(app.db).filter((c) => c.blockedAt === null);
      const reachable = new Set(contacts.map((c) => c.agencyCode));
      const hasAdmin = contacts.some((c) => c.role === "admin");
      const reminders = remindersDue({
        plan,
        directory,
        calendar: app.calendar,
        settings,
        zone,
        ...policyState(app.db, id),
        from: DateTime.fromISO(from, { zone }).startOf("day").toJSDate(),
        to: DateTime.fromISO(to, { zone }).endOf("day").toJSDate(),
        asOf: now,
      })
        .filter((r) => agency === undefined || r.agency === agency.code)
        .map((r) => ({
          at: r.at,
          agency: r.agency,
          task: r.task,
          period: r.period,
          kind: r.kind,
          deadline: r.deadline,
          hasContact: r.agency === null ? hasAdmin : reachable.has(r.agency),
        }));

      if (values.json) return printJson({ reminders });
      process.stdout.write(`Lịch nhắc hạn từ ${formatDate(from)} đến ${formatDate(to)}: ${reminders.length} lượt nhắc\n\n`);
      printTable(
        reminders.map((r) => [
          formatDateTime(r.at, zone),
          r.agency === null ? "(quản trị)" : (directory.byCode(r.agency)?.name ?? r.agency),
          KIND_LABEL[r.kind],
          r.task ?? "",
          r.period ? periodLabelOf(plan.tasks, r.task, r.period) : "",
          r.deadline ? formatDate(r.deadline) : "",
          r.hasContact ? "" : "chưa có đầu mối",
        ]),
        ["Thời điểm", "Cơ quan", "Loại", "NV", "Kỳ", "Hạn", "Đầu mối"],
      );
      const missing = new Set(reminders.filter((r) => !r.hasContact).map((r) => r.agency ?? "(quản trị)"));
      if (missing.size > 0) process.stdout.write(`\n${missing.size} cơ quan chưa có đầu mối đăng ký: dùng \`invite <cơ quan>\` để cấp mã.\n`);
    } finally {
      app.close();
    }
  },
};
export default spec;
