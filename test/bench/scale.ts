/**
 * Issue 13's "scale" figures: what one admin's or one commune's request costs on a merged
 * province (scale-load.ts), each taken in a process of its own running the compiled service
 * (scale-child.mjs) with the flags of `npm start`, so its CPU and peak memory are that
 * request's and not the bench's.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "../../scripts/build.mjs";
import { startFlags } from "./footprint.js";
import { makeScaleLoad, SCALE_NOW, type ScaleLoad } from "./scale-load.js";

const CHILD = fileURLToPath(new URL("./scale-child.mjs", import.meta.url));

export interface ScaleFigures {
  load: Omit<ScaleLoad, "dir" | "env" | "admin" | "commune"> & { databaseMb: number; seconds: number };
  tonghop: { cpuS: number; wallS: number; peakMb: number; files: number };
  tiendoMs: number;
  nhacnhoMs: number;
  help: { ms: number; loopMaxMs: number };
}

function child<T>(load: ScaleLoad, what: string): T {
  const out = execFileSync(process.execPath, [...startFlags(), CHILD, what, SCALE_NOW, load.admin, load.commune], {
    env: { ...process.env, SCALE_ENV: JSON.stringify(load.env), LOG_LEVEL: "silent" },
    encoding: "utf8",
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(out.trim().split("\n").at(-1)!) as T;
}

export async function scaleBench(): Promise<ScaleFigures> {
  build({ ifNeeded: true });
  const dir = mkdtempSync(join(tmpdir(), "kehoach-scale-"));
  try {
    const begun = performance.now();
    const load = makeScaleLoad(dir);
    const seconds = (performance.now() - begun) / 1000;
    const { dir: _dir, env: _env, admin: _admin, commune: _commune, ...counts } = load;
    return {
      load: { ...counts, databaseMb: statSync(load.env.DATABASE_PATH!).size / 1024 / 1024, seconds },
      tonghop: child(load, "tonghop"),
      tiendoMs: child<{ ms: number }>(load, "tiendo").ms,
      nhacnhoMs: child<{ ms: number }>(load, "nhacnho").ms,
      help: child(load, "help"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
