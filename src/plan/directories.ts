/**
 * Which directory a plan's names are read with. Each bundled directory names its province and
 * the days its names are in force (Quảng Ngãi before and after the 2025 reorganisation); a plan
 * of another province is read with the generic directory, which knows no agency, so every name
 * it uses becomes an agency of that plan. An operator's DIRECTORY_FILE is used for every plan.
 */
import { readdirSync } from "node:fs";
import { fold } from "../text/normalize.js";
import type { Abbreviations } from "../text/abbreviations.js";
import { Directory } from "./directory.js";

const BUNDLED = new URL("../data/directory/", import.meta.url);

export interface PlanHeader {
  /** "Quảng Ngãi", from "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI" or the title's "tỉnh Quảng Ngãi". */
  province: string | null;
  /** The day that decides which names are in force: the plan's date, else 1 January of its year. */
  date: string | null;
}

export interface Directories {
  /** The directory for a plan, and the name it is stored under. */
  forPlan(header: PlanHeader): { name: string; directory: Directory };
  byName(name: string): Directory | undefined;
  /** The names a plan can be read with: the bundled directories, or "configured". */
  names(): string[];
}

export function loadDirectories(configured: string | undefined, abbreviations?: Abbreviations): Directories {
  if (configured) {
    const directory = Directory.load(configured, abbreviations);
    return { forPlan: () => ({ name: "configured", directory }), byName: () => directory, names: () => ["configured"] };
  }
  const all = new Map<string, Directory>();
  for (const file of readdirSync(BUNDLED).filter((f) => f.endsWith(".json")).sort()) {
    all.set(file.replace(/\.json$/, ""), Directory.load(new URL(file, BUNDLED), abbreviations));
  }
  return {
    forPlan(header) {
      const province = header.province ? fold(header.province) : undefined;
      const day = header.date ?? "";
      for (const [name, d] of all) {
        if (!d.province || fold(d.province) !== province) continue;
        if (day && ((d.data.validFrom && day < d.data.validFrom) || (d.data.validUntil && day > d.data.validUntil))) continue;
        return { name, directory: d };
      }
      return { name: "generic", directory: all.get("generic")! };
    },
    byName: (name) => all.get(name),
    names: () => [...all.keys()],
  };
}
