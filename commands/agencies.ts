import { activeContacts } from "../src/core/contacts.js";
import { args, printJson, printTable, type CommandSpec } from "./cli.js";
import { openCliApp } from "./context.js";

const spec: CommandSpec = {
  name: "agencies",
  usage: "agencies [--json]                      danh bạ cơ quan, nhóm và đầu mối đã đăng ký",
  run(argv) {
    const { values } = args(argv, { json: { type: "boolean" } });
    const app = openCliApp();
    try {
      const contacts = activeContacts(app.db);
      const rows = app.active().directory.agencies.map((a) => ({
        code: a.code,
        name: a.name,
        aliases: a.aliases,
        groups: app.active().directory.groups.filter((g) => g.members.includes(a.code)).map((g) => g.name),
        contacts: contacts
          .filter((c) => c.agencyCode === a.code)
          .map((c) => ({ id: c.id, channel: c.channel, name: c.displayName, role: c.role, chatKind: c.chatKind })),
      }));
      if (values.json) {
        printJson({
          agencies: rows,
          groups: app.active().directory.groups.map((g) => ({ code: g.code, name: g.name, aliases: g.aliases, members: g.members })),
        });
        return;
      }
      printTable(
        rows.map((r) => [r.code, r.name, r.aliases.slice(0, 3).join(", "), String(r.contacts.length)]),
        ["Mã", "Cơ quan", "Tên gọi khác", "Đầu mối"],
      );
    } finally {
      app.close();
    }
  },
};
export default spec;
