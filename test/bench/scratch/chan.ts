import { performance } from "node:perf_hooks";
import { createTelegramChannel } from "../../../src/channels/telegram/bot.js";
import { silent } from "../../support/app.js";
import { BotApiDouble } from "../../support/bot-api-double.js";
const double = await BotApiDouble.start();
const brain = { handle: async (m: any) => m.choice !== undefined ? [{ text: "Đã lưu" }] : [{ text: "Nháp: " + m.text, choices: [{ label: "Xác nhận", value: "ok" }, { label: "Sửa", value: "edit" }] }] };
const tg = createTelegramChannel({ token: double.token, apiRoot: double.apiRoot, brain: brain as any, log: silent });
await tg.start();
async function round(chats: number[]) {
  const t0 = performance.now();
  let exp = double.deliveries.length + chats.length;
  for (const c of chats) double.pushText(c, "báo cáo " + c);
  await double.waitFor(() => double.deliveries.length >= exp, 60000);
  exp = double.deliveries.length + chats.length;
  for (const c of chats) double.pushCallback(double.sentTo(c).at(-1)!, "ok");
  await double.waitFor(() => double.deliveries.length >= exp, 60000);
  return (performance.now() - t0) / 1000;
}
await round(Array.from({ length: 30 }, (_, i) => i + 1));
let s = 0;
for (let r = 0; r < 2; r++) s += await round(Array.from({ length: 250 }, (_, i) => 1000 + r * 250 + i));
console.log("channel+fake brain rate", 1000 / s);
await tg.stop(); await double.close();
