/**
 * `zalo status`: what the running service last wrote about its Zalo channel, read by the
 * operator's command in another process (issue 15, item 7).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZaloApiError } from "zca-js";
import { createZaloChannel, type ZaloChannel } from "../../../src/channels/zalo/channel.js";
import { statusPath, writeStatus } from "../../../src/channels/zalo/status.js";
import { FakeZaloApi, memoryLog, VirtualTimer } from "./fake.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const run = promisify(execFile);

let dir: string;
let zalo: ZaloChannel | undefined;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), "zalo-status-"))));
afterEach(async () => {
  await zalo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function status(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "commands/index.ts", "zalo", "status", ...args], {
    cwd: ROOT,
    env: { ...process.env, ZALO_CREDENTIALS_FILE: join(dir, "zalo.json"), DATABASE_PATH: join(dir, "kehoach.sqlite"), LOG_LEVEL: "silent" },
  });
  return stdout;
}

describe("zalo status", () => {
  it("shows the running channel's state, last messages, queue and a 221 pause with its end", async () => {
    const timer = new VirtualTimer();
    const api = new FakeZaloApi(timer, (call) => (call === 1 ? new ZaloApiError("Vượt quá số request cho phép", 221) : "ok"));
    zalo = createZaloChannel({ port: api, brain: { handle: async () => [] }, log: memoryLog().log, alertAdmins: async () => undefined, timer });
    await zalo.start();
    await timer.until(() => zalo!.state === "connected");
    void zalo.channel.send({ channel: "zalo", chatId: "u1", chatKind: "private" }, { text: "Nhắc hạn" }).catch(() => undefined);
    await timer.until(() => zalo!.status().pausedUntil !== null || undefined);
    const file = statusPath(join(dir, "zalo.json"));
    writeStatus(file, zalo.status(), new Date());
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const json = JSON.parse(await status("--json"));
    expect(json).toMatchObject({ running: true, state: "connected", queued: 1, pauseReason: "221", unknownDeliveries: 0 });
    expect(Date.parse(json.pausedUntil)).toBe(Date.parse(zalo.status().pausedUntil!));
    const text = await status();
    expect(text).toContain("Kết nối: đang kết nối");
    expect(text).toMatch(/Tạm dừng gửi đến \d\d:\d\d \d\d\/\d\d\/\d{4} \(mã 221/);
    expect(text).toContain("Tin chờ gửi: 1");
  });

  it("says the channel is not running when the service stopped writing, and when it never ran", async () => {
    expect(await status()).toContain("Kênh Zalo chưa chạy trên máy này");
    expect(JSON.parse(await status("--json"))).toEqual({ running: false });
    const file = statusPath(join(dir, "zalo.json"));
    const old = new Date(Date.now() - 10 * 60_000);
    writeStatus(file, { state: "connected", lastIn: null, lastOut: null, queued: 0, unknownDeliveries: 0, pausedUntil: null, pauseReason: null }, old);
    expect(JSON.parse(await status("--json"))).toMatchObject({ running: false, state: "connected" });
    expect(await status()).toContain("Dịch vụ không cập nhật trạng thái từ");
  });
});
