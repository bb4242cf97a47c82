/**
 * The merged province of issue 13, made up: the 2025 directory with 112 communes added (130
 * agencies, the communes as members of "UBND các xã, phường, đặc khu"), a 40-task plan for 2026
 * of which 16 tasks are led by the communes group, 390 registered contacts (three per agency,
 * one admin at the coordinator) and 100,000 reports (every lead agency reports every period
 * begun, several versions each), in a SQLite file as the bot keeps it. Written once into `dir`;
 * the measurements open it like the bot does.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { openApp } from "../../src/app.js";
import { ManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { createInvite, redeemInvite } from "../../src/core/contacts.js";
import { leadsOf } from "../../src/plan/obligations.js";
import { periodsOf } from "../../src/plan/periods.js";
import { saveReport } from "../../src/reports/store.js";
import { REPORT_STATUSES } from "../../src/reports/types.js";

export const SCALE_NOW = "2026-11-20T09:00:00+07:00";
const COMMUNES = 112;
const TASKS = 40;
const COMMUNE_TASKS = 16;
const REPORTS = 100_000;
const CONTACTS_PER_AGENCY = 3;
const COMMUNE_GROUP = "UBND các xã, phường, đặc khu";

export interface ScaleLoad {
  dir: string;
  env: Record<string, string>;
  /** Chat ids of an admin at the coordinator and of a commune's focal point. */
  admin: string;
  commune: string;
  agencies: number;
  contacts: number;
  reports: number;
  tasks: number;
}

function directoryJson(): string {
  const base = JSON.parse(readFileSync(new URL("../../src/data/directory/quang-ngai-2025.json", import.meta.url), "utf8")) as {
    agencies: { code: string; kind: string; name: string; aliases?: string[] }[];
    groups: { code: string; name: string; members: string[] }[];
  };
  const communes = Array.from({ length: COMMUNES }, (_, i) => ({
    code: `XA${String(i + 1).padStart(3, "0")}`,
    kind: "commune",
    name: `UBND xã Thành Công ${i + 1}`,
    aliases: [],
  }));
  base.agencies.push(...communes);
  const group = base.groups.find((g) => g.name === COMMUNE_GROUP);
  if (!group) throw new Error(`scale: the 2025 directory has no group «${COMMUNE_GROUP}»`);
  group.members = communes.map((c) => c.code);
  return JSON.stringify(base);
}

function planText(departments: string[]): string {
  const times = ["Thường xuyên trong năm", "Hàng quý trong năm", "Quý II/2026", "Năm 2026", "Thường xuyên trong năm"];
  const tasks = Array.from({ length: TASKS }, (_, i) => {
    const n = i + 1;
    const commune = i < COMMUNE_TASKS;
    return [
      `${n}. Nhiệm vụ truyền thông số ${n} về thông tin đối ngoại năm 2026`,
      "",
      `- Nội dung: Tổ chức tuyên truyền, quảng bá hình ảnh của tỉnh theo chuyên đề số ${n}; cập nhật tin, bài trên cổng thông tin và hệ thống thông tin cơ sở.`,
      `- Cơ quan chủ trì: ${commune ? COMMUNE_GROUP : departments[i % departments.length]}.`,
      `- Cơ quan phối hợp: ${commune ? "Sở Khoa học và Công nghệ" : "Các cơ quan, đơn vị liên quan"}.`,
      `- Thời gian thực hiện: ${commune ? "Thường xuyên trong năm" : times[i % times.length]}.`,
      "",
    ].join("\n");
  });
  return [
    "KẾ HOẠCH",
    "Công tác thông tin đối ngoại tỉnh Quảng Ngãi năm 2026",
    "",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "",
    "- Giới thiệu, quảng bá hình ảnh của tỉnh sau sắp xếp đơn vị hành chính.",
    "",
    "II. NHIỆM VỤ CỤ THỂ",
    "",
    ...tasks,
    "III. KINH PHÍ THỰC HIỆN",
    "",
    "- Từ nguồn ngân sách nhà nước theo phân cấp hiện hành.",
    "",
    "IV. TỔ CHỨC THỰC HIỆN",
    "",
    `1. Các sở, ban, ngành tỉnh; ${COMMUNE_GROUP}`,
    "",
    "- Triển khai thực hiện Kế hoạch; báo cáo kết quả thực hiện cho UBND tỉnh (qua Sở Khoa học và Công nghệ) trước ngày 15/11/2026.",
    "",
  ].join("\n");
}

export function makeScaleLoad(dir: string): ScaleLoad {
  const directoryFile = join(dir, "directory.json");
  const planFile = join(dir, "plan.txt");
  writeFileSync(directoryFile, directoryJson());
  const departments = (JSON.parse(readFileSync(directoryFile, "utf8")) as { agencies: { kind: string; name: string }[] }).agencies
    .filter((a) => a.kind === "department")
    .map((a) => a.name);
  writeFileSync(planFile, planText(departments));
  const env = { DATABASE_PATH: join(dir, "kehoach.sqlite"), PLAN_FILE: planFile, DIRECTORY_FILE: directoryFile, ZALO_CREDENTIALS_FILE: join(dir, "none.json") };
  const clock = new ManualClock(SCALE_NOW);
  const app = openApp(loadConfig(env), pino({ level: "silent" }), clock);
  try {
    const { id: planId, plan, directory } = app.active();
    if (plan.tasks.length !== TASKS) throw new Error(`scale: the generated plan reads as ${plan.tasks.length} tasks, not ${TASKS}`);
    const db = app.db;
    let contacts = 0;
    let admin = "";
    let commune = "";
    for (const agency of directory.agencies) {
      for (let k = 0; k < CONTACTS_PER_AGENCY; k++) {
        const role = agency.code === "SKHCN" && k === 0 ? "admin" : "focal";
        const chatId = String(100_000 + contacts);
        const { code } = createInvite(db, agency.code, role, "scale", clock.now());
        const r = redeemInvite(db, code, { channel: "telegram", chatId, chatKind: "private", displayName: `Cán bộ ${contacts}` }, clock.now());
        if (!r.ok) throw new Error(`scale: registration failed (${r.reason})`);
        if (role === "admin") admin = chatId;
        if (agency.kind === "commune" && commune === "") commune = chatId;
        contacts++;
      }
    }
    const now = clock.now().getTime();
    const keys = plan.tasks.flatMap((task) =>
      leadsOf(task, directory).flatMap((a) =>
        periodsOf(task, plan.years)
          .filter((p) => Date.parse(`${p.start}T00:00:00+07:00`) < now)
          .map((p) => ({ agency: a.code, task: task.id, period: p.id, start: Date.parse(`${p.start}T09:00:00+07:00`) })),
      ),
    );
    const BATCH = 5_000;
    for (let first = 0; first < REPORTS; first += BATCH) {
      db.transaction(() => {
        for (let i = first; i < Math.min(REPORTS, first + BATCH); i++) {
          const k = keys[i % keys.length]!;
          const version = Math.floor(i / keys.length);
          saveReport(db, planId, {
            agency: k.agency,
            task: k.task,
            period: k.period,
            status: REPORT_STATUSES[(i + version) % REPORT_STATUSES.length]!,
            results: `Trong kỳ đã đăng ${i % 40} tin, bài tuyên truyền về chủ trương, chính sách của tỉnh; tổ chức ${i % 5} hội nghị với cán bộ cơ sở.`,
            figures: i % 3 === 0 ? [`${i % 40} tin, bài`] : [],
            difficulties: i % 4 === 0 ? ["Thiếu kinh phí in ấn tài liệu tuyên truyền"] : [],
            proposals: i % 6 === 0 ? ["Đề nghị bổ sung kinh phí thực hiện"] : [],
            evidence: [],
            contactId: null,
            channel: "telegram",
            messageRef: `scale-${i}`,
            reportedAt: new Date(Math.min(now - 3_600_000, k.start + version * 86_400_000 + (i % 600) * 60_000)).toISOString(),
          });
        }
      });
    }
    return { dir, env, admin, commune, agencies: directory.agencies.length, contacts, reports: REPORTS, tasks: plan.tasks.length };
  } finally {
    app.close();
  }
}
