/**
 * Evidence files kept with the report: a photo or document a focal point sends lives on the
 * platform under an id only the bot can use, so when the report is confirmed the bot fetches
 * it and keeps it in the data folder, where the coordinator's documents and exports can point.
 * A file too large, of a kind that is not evidence, or no longer on the platform is left as
 * the platform's reference, and the report is stored all the same.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, extname, join, resolve, sep } from "node:path";
import type { Logger } from "../log.js";
import type { Evidence } from "../reports/types.js";
import type { ChannelName } from "./messages.js";

/** Telegram lets a bot download up to 20 MB; a report's evidence needs no more. */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;

export interface EvidenceStore {
  /** The evidence with each fetched file's path (relative to the evidence folder) set. */
  keep(channel: ChannelName, agency: string, evidence: Evidence[]): Promise<Evidence[]>;
  /** A kept file's bytes and type, to send on; undefined when it is gone from the folder. */
  read(file: string): { data: Buffer; mime: string } | undefined;
}

const MIME: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".heic": "image/heic",
  ".gif": "image/gif",
  ".pdf": "application/pdf",
  ".doc": "application/msword",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".xls": "application/vnd.ms-excel",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".ppt": "application/vnd.ms-powerpoint",
  ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  ".odt": "application/vnd.oasis.opendocument.text",
  ".ods": "application/vnd.oasis.opendocument.spreadsheet",
  ".txt": "text/plain",
};

/** Where the kept files live: beside the database. */
export function evidenceDir(databasePath: string): string {
  return join(dirname(databasePath), "evidence");
}

/** A kept file's path, only if it is under the folder and there: a stored path cannot point elsewhere. */
export function keptPath(dir: string, file: string): string | undefined {
  const path = resolve(dir, file);
  return path.startsWith(resolve(dir) + sep) && existsSync(path) ? path : undefined;
}

export type FetchFile = (channel: ChannelName, ref: string, maxBytes: number) => Promise<Buffer | undefined>;

function extensionOf(e: Evidence): string {
  if (e.kind === "photo") return ".jpg";
  return extname(e.name ?? "").toLowerCase();
}

export function createEvidenceStore(options: { dir: string; fetch: FetchFile; log: Logger }): EvidenceStore {
  const { dir, fetch, log } = options;
  return {
    async keep(channel, agency, evidence) {
      return Promise.all(
        evidence.map(async (e) => {
          if (e.kind === "link" || e.file) return e;
          const ext = extensionOf(e);
          // Only evidence kinds (pictures, documents, spreadsheets, slides, PDFs) are kept.
          if (!Object.hasOwn(MIME, ext)) return e;
          try {
            const data = await fetch(channel, e.ref, EVIDENCE_MAX_BYTES);
            if (!data) return e;
            // Folders per agency, names the bot chooses: nothing the user typed reaches the path.
            const folder = agency.replace(/[^A-Za-z0-9_-]/g, "_");
            const file = join(folder, `${randomUUID()}${ext}`);
            mkdirSync(join(dir, folder), { recursive: true, mode: 0o700 });
            writeFileSync(join(dir, file), data, { mode: 0o600 });
            return { ...e, file, size: data.length };
          } catch (err) {
            log.warn({ err: (err as Error).message, channel }, "evidence file not fetched; its reference is kept");
            return e;
          }
        }),
      );
    },
    read(file) {
      const path = keptPath(dir, file);
      if (!path) return undefined;
      return { data: readFileSync(path), mime: MIME[extname(path).toLowerCase()] ?? "application/octet-stream" };
    },
  };
}
