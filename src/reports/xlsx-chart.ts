/**
 * A native Excel chart added to a workbook exceljs wrote: exceljs writes no charts, so the chart
 * and the drawing that holds it are put into the zip afterwards, and the sheet, its
 * relationships and the content types are told of them. JSZip copies the parts left untouched
 * as they are compressed, so this costs memory of the order of the zipped file, never of the
 * reports sheet's unpacked XML.
 */
import { posix } from "node:path";
import JSZip from "jszip";

/** A stacked bar chart of a table on a sheet: one bar per table row, one series per value column. */
export interface StackedBars {
  sheet: string;
  title: string;
  /** The table's header row (1-based); its data rows follow it, one per category. */
  headerRow: number;
  /** The column of the categories (1-based); the series' columns follow it. */
  column: number;
  categories: string[];
  /** Each with its colour as RGB hex and one value per category, as in the table. */
  series: { name: string; colour: string; values: number[] }[];
}

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml";
const CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";

/** The table's own columns (A–F): as wide as the printed page, wide enough for the legend of the statuses. */
const CHART_COLUMNS = 6;
/** A row of height for each bar, eight for the title, the axis and the legend; at most a screen's height. */
const CHART_ROWS = (bars: number) => Math.min(bars + 8, 40);

/**
 * The elements CT_Worksheet allows after <drawing>: it goes before the first of them. Excel
 * rejects a sheet whose elements are out of order.
 */
const AFTER_DRAWING = ["legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"];

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const unescapeXml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[e]!);

const attributes = (tag: string): Record<string, string> =>
  Object.fromEntries([...tag.matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1]!, unescapeXml(m[2]!)]));

function columnName(n: number): string {
  let name = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) name = String.fromCharCode(65 + ((k - 1) % 26)) + name;
  return name;
}

const relsOf = (part: string) => posix.join(posix.dirname(part), "_rels", `${posix.basename(part)}.rels`);

async function text(zip: JSZip, part: string): Promise<string> {
  const file = zip.file(part);
  if (!file) throw new Error(`the workbook has no ${part}`);
  return file.async("string");
}

/** Writes a part; JSZip would also add entries for its folders, which an OPC package has none of. */
function put(zip: JSZip, part: string, xml: string): void {
  zip.file(part, xml, { createFolders: false });
}

/** A part name the package does not use yet: chart1.xml, else chart2.xml… */
function freeName(zip: JSZip, folder: string, stem: string): string {
  let n = 1;
  while (zip.file(`${folder}/${stem}${n}.xml`)) n++;
  return `${folder}/${stem}${n}.xml`;
}

/** The worksheet part of the sheet so named, through the workbook's relationships: exceljs numbers its parts as it pleases. */
async function sheetPart(zip: JSZip, name: string): Promise<string> {
  const workbook = await text(zip, "xl/workbook.xml");
  const sheet = [...workbook.matchAll(/<sheet ([^>]*?)\/?>/g)].map((m) => attributes(m[1]!)).find((a) => a.name === name);
  if (!sheet) throw new Error(`the workbook has no sheet ${name}`);
  const rels = await text(zip, relsOf("xl/workbook.xml"));
  const rel = [...rels.matchAll(/<Relationship ([^>]*?)\/?>/g)].map((m) => attributes(m[1]!)).find((a) => a.Id === sheet["r:id"]);
  if (!rel?.Target) throw new Error(`the workbook does not say where sheet ${name} is`);
  return rel.Target.startsWith("/") ? rel.Target.slice(1) : posix.join("xl", rel.Target);
}

/** Adds a relationship to the part's relationships, made if it has none, and returns its id. */
async function relate(zip: JSZip, part: string, type: string, target: string): Promise<string> {
  const path = relsOf(part);
  const rels =
    (await zip.file(path)?.async("string")) ??
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`;
  const taken = new Set([...rels.matchAll(/\bId="([^"]*)"/g)].map((m) => m[1]));
  let n = 1;
  while (taken.has(`rId${n}`)) n++;
  const relative = posix.relative(posix.dirname(part), target);
  put(zip, path, rels.replace("</Relationships>", `<Relationship Id="rId${n}" Type="${REL}/${type}" Target="${escapeXml(relative)}"/></Relationships>`));
  return `rId${n}`;
}

function drawingXml(chartId: string, anchor: { col: number; row: number }, bars: number): string {
  const to = { col: anchor.col + CHART_COLUMNS, row: anchor.row + CHART_ROWS(bars) };
  const cell = (tag: string, at: { col: number; row: number }) =>
    `<xdr:${tag}><xdr:col>${at.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${at.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">` +
    `<xdr:twoCellAnchor editAs="oneCell">${cell("from", anchor)}${cell("to", to)}` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Chart 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
    `<a:graphic><a:graphicData uri="${CHART_NS}"><c:chart xmlns:c="${CHART_NS}" xmlns:r="${REL}" r:id="${chartId}"/></a:graphicData></a:graphic>` +
    `</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`
  );
}

function chartXml(c: StackedBars): string {
  const sheet = `'${c.sheet.replace(/'/g, "''")}'`;
  const first = c.headerRow + 1;
  const last = c.headerRow + c.categories.length;
  const range = (col: number) => `${sheet}!$${columnName(col)}$${first}:$${columnName(col)}$${last}`;
  const strings = (values: string[]) =>
    `<c:strCache><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${escapeXml(v)}</c:v></c:pt>`).join("")}</c:strCache>`;
  const numbers = (values: number[]) =>
    `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`).join("")}</c:numCache>`;
  const series = c.series.map((s, i) => {
    const col = c.column + 1 + i;
    return (
      `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>` +
      `<c:tx><c:strRef><c:f>${escapeXml(`${sheet}!$${columnName(col)}$${c.headerRow}`)}</c:f>${strings([s.name])}</c:strRef></c:tx>` +
      `<c:spPr><a:solidFill><a:srgbClr val="${s.colour}"/></a:solidFill><a:ln w="6350"><a:solidFill><a:srgbClr val="808080"/></a:solidFill></a:ln></c:spPr>` +
      `<c:invertIfNegative val="0"/>` +
      `<c:cat><c:strRef><c:f>${escapeXml(range(c.column))}</c:f>${strings(c.categories)}</c:strRef></c:cat>` +
      `<c:val><c:numRef><c:f>${escapeXml(range(col))}</c:f>${numbers(s.values)}</c:numRef></c:val></c:ser>`
    );
  });
  // Categories run top down, in the table's order; the value axis, crossing at the last of them, then sits below the bars.
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${CHART_NS}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${REL}">` +
    `<c:roundedCorners val="0"/><c:chart>` +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr><a:r><a:rPr lang="vi-VN" sz="1200" b="1"/><a:t>${escapeXml(c.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    `<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>` +
    `<c:barChart><c:barDir val="bar"/><c:grouping val="stacked"/><c:varyColors val="0"/>${series.join("")}` +
    `<c:gapWidth val="50"/><c:overlap val="100"/><c:axId val="1"/><c:axId val="2"/></c:barChart>` +
    `<c:catAx><c:axId val="1"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>` +
    `<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="2"/><c:crosses val="autoZero"/>` +
    `<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:majorGridlines/>` +
    `<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `<c:crossAx val="1"/><c:crosses val="max"/><c:crossBetween val="between"/></c:valAx>` +
    `</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>` +
    `</c:chart></c:chartSpace>`
  );
}

/** The workbook with the chart drawn below its table, on the table's sheet. */
export async function addStackedBars(xlsx: Buffer, chart: StackedBars): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  const sheet = await sheetPart(zip, chart.sheet);
  const sheetXml = await text(zip, sheet);
  // A sheet holds one drawing: exceljs writes one for a sheet with images, which this one would replace.
  if (/<drawing\b/.test(sheetXml)) throw new Error(`sheet ${chart.sheet} already has a drawing`);
  const chartPart = freeName(zip, "xl/charts", "chart");
  const drawingPart = freeName(zip, "xl/drawings", "drawing");
  put(zip, chartPart, chartXml(chart));
  const chartId = await relate(zip, drawingPart, "chart", chartPart);
  // Below the table, within its columns: beside it, the sheet would print at half size on A4.
  put(zip, drawingPart, drawingXml(chartId, { col: chart.column - 1, row: chart.headerRow + chart.categories.length + 1 }, chart.categories.length));
  const id = await relate(zip, sheet, "drawing", drawingPart);
  const next = AFTER_DRAWING.map((tag) => sheetXml.search(new RegExp(`<${tag}\\b`))).filter((i) => i >= 0);
  const at = next.length > 0 ? Math.min(...next) : sheetXml.lastIndexOf("</worksheet>");
  put(zip, sheet, `${sheetXml.slice(0, at)}<drawing r:id="${id}"/>${sheetXml.slice(at)}`);
  const types = await text(zip, "[Content_Types].xml");
  put(
    zip,
    "[Content_Types].xml",
    types.replace(
      "</Types>",
      `<Override PartName="/${chartPart}" ContentType="${CHART_TYPE}"/><Override PartName="/${drawingPart}" ContentType="${DRAWING_TYPE}"/></Types>`,
    ),
  );
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}
