import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodePng, drawModules, readModules, terminalQr } from "../../../src/channels/zalo/qr.js";

/** A 21×21 module pattern with the three finder patterns and some data bits. */
function grid(): boolean[][] {
  const n = 21;
  const g = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => (r * 7 + c * 3) % 5 === 0));
  const finder = (top: number, left: number) => {
    for (let r = -1; r <= 7; r++)
      for (let c = -1; c <= 7; c++) {
        const y = top + r;
        const x = left + c;
        if (y < 0 || x < 0 || y >= n || x >= n) continue;
        const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
        g[y]![x] = ring !== 2 && ring !== 4;
      }
  };
  finder(0, 0);
  finder(0, n - 7);
  finder(n - 7, 0);
  return g;
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes the grid at `scale` pixels per module with a white margin, as colour type `color`. */
function png(g: boolean[][], scale: number, color: 0 | 2 | 3 | 6, filter = 0): Buffer {
  const margin = 3 * scale;
  const size = g.length * scale + 2 * margin;
  const channels = { 0: 1, 2: 3, 3: 1, 6: 4 }[color];
  const rows: Buffer[] = [];
  let prev = Buffer.alloc(size * channels);
  for (let y = 0; y < size; y++) {
    const line = Buffer.alloc(size * channels);
    for (let x = 0; x < size; x++) {
      const r = Math.floor((y - margin) / scale);
      const c = Math.floor((x - margin) / scale);
      const dark = g[r]?.[c] ?? false;
      const v = dark ? 0 : 255;
      const px = color === 0 ? [v] : color === 2 ? [v, v, v] : color === 3 ? [dark ? 1 : 0] : dark ? [0, 0, 0, 255] : [0, 0, 0, 0];
      px.forEach((b, i) => (line[x * channels + i] = b));
    }
    // Filter 2 (Up) exercises the unfiltering.
    const out = filter === 2 ? line.map((b, i) => (b - prev[i]!) & 0xff) : line;
    rows.push(Buffer.concat([Buffer.from([filter]), out]));
    prev = line;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = color;
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr)];
  if (color === 3) parts.push(chunk("PLTE", Buffer.from([255, 255, 255, 0, 0, 0])));
  parts.push(chunk("IDAT", deflateSync(Buffer.concat(rows))), chunk("IEND", Buffer.alloc(0)));
  return Buffer.concat(parts);
}

describe("login QR in the terminal", () => {
  it("reads back the modules of grey, RGB, palette and transparent PNGs", () => {
    const g = grid();
    for (const color of [0, 2, 3, 6] as const) {
      const image = decodePng(png(g, 4, color, color === 2 ? 2 : 0));
      expect(image, `colour type ${color}`).toBeDefined();
      expect(readModules(image!)).toEqual(g);
    }
  });

  it("draws two module rows per line with a quiet zone, in explicit colours", () => {
    const g = grid();
    const text = terminalQr(png(g, 3, 0))!;
    const lines = text.split("\n");
    expect(lines).toHaveLength(Math.ceil((g.length + 4) / 2));
    expect(text).toContain("\x1b[30;");
    expect(text).toContain(";107m");
    expect(drawModules(g)).toBe(text);
  });

  it("gives up quietly on what it cannot read", () => {
    expect(terminalQr(Buffer.from("not a png"))).toBeUndefined();
    expect(terminalQr(png([[false]], 4, 0))).toBeUndefined();
  });
});
