/** The two plans the reminder tests run on: the seed (Quảng Ngãi 2024) and a second province's 2025 plan. */
import { readFileSync } from "node:fs";
import { Calendar } from "../../src/plan/calendar.js";
import { Directory } from "../../src/plan/directory.js";
import { parsePlan } from "../../src/plan/parse.js";
import { reminderSettings } from "../../src/reminders/settings.js";

export const ZONE = "Asia/Ho_Chi_Minh";
export const calendar = Calendar.load();

export const seedDirectory = Directory.load();
export const seedPlan = parsePlan(
  readFileSync(new URL("../../src/data/plans/quang-ngai-2024-ttdn.txt", import.meta.url), "utf8"),
  seedDirectory,
);

/** Bình Định in miniature: the agencies the second plan names, and its groups. */
export const binhDinhDirectory = new Directory({
  province: "Bình Định",
  agencies: [
    { code: "VPUB", kind: "department", name: "Văn phòng UBND tỉnh", aliases: [] },
    { code: "SKHCN", kind: "department", name: "Sở Khoa học và Công nghệ", aliases: [] },
    { code: "STP", kind: "department", name: "Sở Tư pháp", aliases: [] },
    { code: "STC", kind: "department", name: "Sở Tài chính", aliases: [] },
    { code: "SXD", kind: "department", name: "Sở Xây dựng", aliases: [] },
    { code: "SNV", kind: "department", name: "Sở Nội vụ", aliases: [] },
    { code: "SCT", kind: "department", name: "Sở Công Thương", aliases: [] },
    { code: "SGDDT", kind: "department", name: "Sở Giáo dục và Đào tạo", aliases: [] },
    { code: "SVHTT", kind: "department", name: "Sở Văn hóa và Thể thao", aliases: [] },
    { code: "CAT", kind: "body", name: "Công an tỉnh", aliases: [] },
    { code: "BAOBD", kind: "press", name: "Báo Bình Định", aliases: [] },
    { code: "DPTTHBD", kind: "press", name: "Đài Phát thanh và Truyền hình Bình Định", aliases: [] },
    { code: "QUYNHON", kind: "district", name: "UBND thành phố Quy Nhơn", aliases: [] },
    { code: "ANNHON", kind: "district", name: "UBND thị xã An Nhơn", aliases: [] },
    { code: "PHUCAT", kind: "district", name: "UBND huyện Phù Cát", aliases: [] },
  ],
  groups: [
    {
      code: "SBN",
      name: "Các sở, ban, ngành tỉnh",
      aliases: [],
      members: ["VPUB", "SKHCN", "STP", "STC", "SXD", "SNV", "SCT", "SGDDT", "SVHTT"],
    },
    { code: "HUYEN", name: "UBND các huyện, thị xã, thành phố", aliases: [], members: ["QUYNHON", "ANNHON", "PHUCAT"] },
  ],
  nonRecipients: [{ name: "Các cơ quan, đơn vị liên quan", aliases: [] }],
  qualifiers: ["tỉnh"],
});
export const secondPlan = parsePlan(
  readFileSync(new URL("../fixtures/plans/second-plan.md", import.meta.url), "utf8"),
  binhDinhDirectory,
);

/** Settings for tests that send: no pacing and no waiting between tries. */
export const fastSettings = reminderSettings({
  backoffMs: 0,
  channels: {
    telegram: { concurrency: 1 },
    zalo: { concurrency: 1 },
    console: { concurrency: 1 },
  },
});
