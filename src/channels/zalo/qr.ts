/**
 * The login QR code drawn in the terminal, so the operator can scan it over SSH without
 * copying the image file. Zalo sends the code as a PNG; this reads the common PNG forms with
 * node:zlib, finds the module size from the top-left finder pattern (7 modules wide), and
 * draws two module rows per text line with explicit black and white colours, so it scans on a
 * dark or a light terminal alike. Anything unexpected gives undefined: the file remains.
 */
import { inflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Image {
  width: number;
  height: number;
  /** true where the pixel is dark. */
  dark(x: number, y: number): boolean;
}

export function decodePng(png: Buffer): Image | undefined {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) return undefined;
  let width = 0;
  let height = 0;
  let depth = 0;
  let color = 0;
  let interlace = 0;
  let palette: Buffer | undefined;
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      depth = data[8]!;
      color = data[9]!;
      interlace = data[12]!;
    } else if (type === "PLTE") palette = data;
    else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    at += 12 + length;
  }
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[color];
  if (!channels || width === 0 || height === 0 || interlace !== 0) return undefined;
  if (depth !== 8 && !(depth < 8 && (color === 0 || color === 3))) return undefined;
  if (color === 3 && !palette) return undefined;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat));
  } catch {
    return undefined;
  }
  const bitsPerPixel = channels * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel / 8);
  if (raw.length < height * (stride + 1)) return undefined;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : undefined;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[i - bpp]! : 0;
      const b = prev ? prev[i]! : 0;
      const c = prev && i >= bpp ? prev[i - bpp]! : 0;
      const predictor = filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? paeth(a, b, c) : 0;
      out[i] = (line[i]! + predictor) & 0xff;
    }
  }
  const sample = (x: number, y: number): number => {
    if (depth < 8) {
      const bit = x * depth;
      const byte = pixels[y * stride + (bit >> 3)]!;
      return (byte >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
    }
    return pixels[y * stride + x * channels]!;
  };
  const luminance = (x: number, y: number): number => {
    if (color === 3) {
      const i = sample(x, y) * 3;
      return (palette![i]! * 299 + palette![i + 1]! * 587 + palette![i + 2]! * 114) / 1000;
    }
    if (color === 0) return depth < 8 ? (sample(x, y) * 255) / ((1 << depth) - 1) : sample(x, y);
    const p = y * stride + x * channels;
    const grey = color === 4 ? pixels[p]! : (pixels[p]! * 299 + pixels[p + 1]! * 587 + pixels[p + 2]! * 114) / 1000;
    const alpha = color === 4 ? pixels[p + 1]! : color === 6 ? pixels[p + 3]! : 255;
    // Transparent pixels show the (white) page behind them.
    return (grey * alpha + 255 * (255 - alpha)) / 255;
  };
  return { width, height, dark: (x, y) => luminance(x, y) < 128 };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** The QR code's modules (true = dark), read at each module's centre. */
export function readModules(image: Image): boolean[][] | undefined {
  let top = -1;
  let left = -1;
  for (let y = 0; y < image.height && top < 0; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.dark(x, y)) {
        top = y;
        left = x;
        break;
      }
    }
  }
  if (top < 0) return undefined;
  let run = 0;
  while (left + run < image.width && image.dark(left + run, top)) run++;
  const module = run / 7;
  let right = image.width - 1;
  while (right > left && !image.dark(right, top)) right--;
  const size = Math.round((right - left + 1) / module);
  // Versions 1-40 are 21 to 177 modules, always 4n + 1.
  if (module < 1 || size < 21 || size > 177 || size % 4 !== 1) return undefined;
  const grid: boolean[][] = [];
  for (let row = 0; row < size; row++) {
    const y = Math.floor(top + (row + 0.5) * module);
    if (y >= image.height) return undefined;
    grid.push(Array.from({ length: size }, (_, col) => image.dark(Math.min(image.width - 1, Math.floor(left + (col + 0.5) * module)), y)));
  }
  return grid;
}

const QUIET = 2;

/** Two module rows per line: "▀" in the top module's colour over the bottom one's. */
export function drawModules(grid: boolean[][]): string {
  const size = grid.length + QUIET * 2;
  const at = (row: number, col: number) => grid[row - QUIET]?.[col - QUIET] ?? false;
  const lines: string[] = [];
  for (let row = 0; row < size; row += 2) {
    let line = "";
    for (let col = 0; col < size; col++) {
      const fg = at(row, col) ? 30 : 97;
      const bg = row + 1 < size && at(row + 1, col) ? 40 : 107;
      line += `\x1b[${fg};${bg}m▀`;
    }
    lines.push(`${line}\x1b[0m`);
  }
  return lines.join("\n");
}

export function terminalQr(png: Buffer): string | undefined {
  const image = decodePng(png);
  const grid = image && readModules(image);
  return grid && drawModules(grid);
}
