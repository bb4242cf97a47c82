/**
 * Real plans of other provinces (test/fixtures/plans/real/): every one loads, with the checks a
 * new province relies on. How well each is read is measured by `npm run eval` against the gold.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadDirectories } from "../../src/plan/directories.js";
import { parsePlan, readHeader } from "../../src/plan/parse.js";
import type { Plan } from "../../src/plan/types.js";

const DIR = new URL("../fixtures/plans/real/", import.meta.url);
const directories = loadDirectories(undefined);
const files = readdirSync(DIR).filter((f) => f.endsWith(".md") && f !== "SOURCES.md").sort();
const plans = new Map<string, Plan>(
  files.map((f) => {
    const text = readFileSync(new URL(f, DIR), "utf8");
    return [f, parsePlan(text, directories.forPlan(readHeader(text)).directory)];
  }),
);
const plan = (prefix: string) => [...plans].find(([f]) => f.startsWith(prefix))![1];
const task = (p: Plan, title: RegExp) => p.tasks.find((t) => title.test(t.title));

describe.each(files)("%s", (file) => {
  const p = plans.get(file)!;

  it("loads with tasks that each have a recurrence and sorted deadlines in the plan's years, and a lead or a warning", () => {
    expect(p.tasks.length).toBeGreaterThan(2);
    expect(new Set(p.tasks.map((t) => t.id)).size).toBe(p.tasks.length);
    expect(p.tasks.filter((t) => t.lead.length > 0).length).toBeGreaterThanOrEqual(p.tasks.length * 0.9);
    for (const t of p.tasks) {
      if (t.lead.length === 0) expect(p.warnings).toContain(`${t.section}: không có cơ quan chủ trì`);
      expect(["once", "monthly", "quarterly", "yearly", "continuous", "unscheduled"]).toContain(t.recurrence);
      expect([...t.deadlines].sort()).toEqual(t.deadlines);
      for (const d of t.deadlines) expect(Number(d.slice(0, 4))).toBeLessThanOrEqual(p.years[1] + 1);
    }
  });

  it("reads its own date and the years it runs", () => {
    expect(p.issued).toMatch(/^2025-1[12]-\d{2}$/);
    expect(p.years[0]).toBeGreaterThanOrEqual(2025);
    expect(p.years[1]).toBeGreaterThanOrEqual(p.years[0]);
  });

  it("keeps every name whole: no name ends on a separator or starts with one", () => {
    for (const name of p.tasks.flatMap((t) => [...t.lead, ...t.partners])) {
      expect(name).not.toMatch(/^[,;.\-–\s]|[,;\-–\s]$|^(?:và|với)\s/u);
    }
  });
});

describe("what a new province relies on", () => {
  it("reads an appendix table by its headers, with deadlines over the plan's years (Đồng Nai 179)", () => {
    const p = plan("dongnai-179");
    expect(p.years).toEqual([2026, 2030]);
    expect(p.tasks.length).toBeGreaterThan(85);
    expect(task(p, /^Rà soát, xây dựng, sửa đổi, bổ sung các quy định pháp luật/)).toMatchObject({
      id: "1.1",
      lead: ["Sở Tư pháp"],
      partners: ["Các sở, ban, ngành", "UBND các phường, xã"],
      recurrence: "yearly",
      deadlines: ["2026-12-31", "2027-12-31", "2028-12-31", "2029-12-31", "2030-12-31"],
    });
  });

  it("reads labelled items whose label says who chairs and who joins (TP Hồ Chí Minh 172)", () => {
    const first = plan("hcm-172").tasks[0]!;
    expect(first.lead).toEqual(["Sở Nội vụ"]);
    expect(first.partners).toContain("Sở Tư pháp");
    expect(first.partners).toContain("Đài Phát thanh và Truyền hình Thành phố");
    expect(first).toMatchObject({ recurrence: "yearly", deadlines: ["2025-12-31", "2026-12-31"] });
  });

  it("reads duties per agency, each bullet a task of the agency heading it (Đồng Tháp 556)", () => {
    const p = plan("dongthap-556");
    const own = p.tasks.filter((t) => t.lead.includes("Sở Nông nghiệp và Môi trường"));
    expect(own.length).toBeGreaterThanOrEqual(8);
    expect(p.tasks.some((t) => t.lead.includes("Sở Văn hóa, Thể thao và Du lịch"))).toBe(true);
    expect(p.coordinator).toBe("Sở Nông nghiệp và Môi trường");
  });

  it("dates steps written as dates, months and windows, and leaves 'until the inventory ends' undated (Quảng Ngãi 1627)", () => {
    const p = plan("quangngai-1627");
    expect(task(p, /^Thành lập Ban Chỉ đạo tổng kiểm kê tài sản cấp xã/)).toMatchObject({ recurrence: "once", deadlines: [] });
    expect(task(p, /^Hướng dẫn, tập huấn cho các đối tượng kiểm kê/)).toMatchObject({ recurrence: "once", deadlines: ["2025-12-31"] });
    expect(task(p, /^Đôn đốc, kiểm tra, giám sát việc thực hiện các nội dung/)).toMatchObject({ recurrence: "continuous" });
  });

  it("never splits a name on its own commas or 'và'", () => {
    const all = [...plans.values()].flatMap((p) => p.tasks.flatMap((t) => [...t.lead, ...t.partners]));
    expect(all).toContain("Sở Văn hóa, Thể thao và Du lịch");
    expect(all).not.toContain("Thể thao và Du lịch");
    expect(all.some((n) => /^UBND các (?:xã, phường|phường, xã)/u.test(n))).toBe(true);
  });

  it("keeps the names no directory knows as the plan's own agencies", () => {
    const p = plan("bacninh-144");
    expect(p.agencies).toContain("Sở Khoa học và Công nghệ");
    expect(p.warnings).toContain('chưa có trong danh bạ: "Sở Khoa học và Công nghệ"');
  });
});
