/**
 * The report as a Word document (the `docx` package): A4 with Word's
 * default margins (2.54 cm), the section's headings as Word headings (so
 * they join the report's table of contents), tables with a header row
 * repeated on each page, the SLA list as a bulleted list, and each chart
 * as a PNG at the full width between the margins (16 cm), with alt text.
 *
 * The same content and charts give the same bytes: the package dates and
 * the zip entries' times are taken from the metrics document's as-of
 * instant, not from the clock.
 *
 * `docx` is a large module: it loads on the first report (or preloadDocx),
 * so the other commands never pay for it.
 */
import type * as Docx from 'docx';
import type { Block, ReportContent } from './content.ts';

export const REPORT_DOCX = 'report.docx';

let docx: typeof Docx;
let loading: Promise<typeof Docx> | undefined;

/** Starts loading `docx`, so a caller can overlap that with other work (psa run: while the charts are drawn). */
export function preloadDocx(): Promise<typeof Docx> {
  loading ??= import('docx').then((module) => (docx = module));
  return loading;
}

/** A4 in twentieths of a point, and Word's default margin of 1 inch. */
const PAGE = { width: 11906, height: 16838, margin: 1440 };
/** The text width between the margins, in twips and in CSS pixels (1/96 inch, what docx sizes images in). */
const TEXT_WIDTH_TWIPS = PAGE.width - 2 * PAGE.margin;
export const TEXT_WIDTH_PX = Math.floor((TEXT_WIDTH_TWIPS / 1440) * 96);

export interface DocxOptions {
  /** PNG bytes per chart name. */
  readonly charts: ReadonlyMap<string, Uint8Array>;
  /** The instant the document's properties carry (the metrics' as-of instant). */
  readonly asOf: string;
  readonly version: string;
}

/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (png.length < 24 || view.getUint32(0) !== 0x89504e47 || view.getUint32(12) !== 0x49484452) throw new Error('not a PNG file');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function cellParagraph(text: string, align: 'left' | 'right', bold: boolean, size = 18): Docx.Paragraph {
  return new docx.Paragraph({ alignment: align === 'right' ? docx.AlignmentType.RIGHT : docx.AlignmentType.LEFT, spacing: { before: 20, after: 20 }, children: [new docx.TextRun({ text, bold, size })] });
}

function table(b: Extract<Block, { type: 'table' }>): Docx.Table {
  const header = new docx.TableRow({
    tableHeader: true,
    cantSplit: true,
    children: b.columns.map((c) => new docx.TableCell({ children: [cellParagraph(c.title, c.align, true, 16)], shading: { fill: 'D9E2F3' } })),
  });
  const rows = b.rows.map(
    (cells, i) =>
      new docx.TableRow({
        cantSplit: true,
        children: cells.map((text, j) => new docx.TableCell({ children: [cellParagraph(text, b.columns[j]!.align, b.lastRowIsSum && i === b.rows.length - 1)] })),
      }),
  );
  // The name column takes what the figures leave; each figure column is as wide as its header needs, at most an equal share.
  const figures = b.columns.length - 1;
  const figureWidth = Math.min(1800, Math.floor((TEXT_WIDTH_TWIPS * 0.75) / Math.max(figures, 1)));
  const columnWidths = [TEXT_WIDTH_TWIPS - figures * figureWidth, ...Array.from({ length: figures }, () => figureWidth)];
  return new docx.Table({ width: { size: TEXT_WIDTH_TWIPS, type: docx.WidthType.DXA }, columnWidths, rows: [header, ...rows] });
}

function image(b: Extract<Block, { type: 'chart' }>, charts: ReadonlyMap<string, Uint8Array>): Docx.Paragraph {
  const png = charts.get(b.name);
  if (png === undefined) throw new Error(`report.docx: the chart ${b.name} was not rendered`);
  const { width, height } = pngSize(png);
  return new docx.Paragraph({
    spacing: { before: 120, after: 120 },
    keepNext: true,
    children: [
      new docx.ImageRun({
        type: 'png',
        data: png,
        transformation: { width: TEXT_WIDTH_PX, height: Math.round((TEXT_WIDTH_PX * height) / width) },
        altText: { name: b.name, title: b.name, description: b.alt },
      }),
    ],
  });
}

function children(content: ReportContent, charts: ReadonlyMap<string, Uint8Array>): (Docx.Paragraph | Docx.Table)[] {
  return content.blocks.flatMap((b): (Docx.Paragraph | Docx.Table)[] => {
    switch (b.type) {
      case 'heading':
        return [new docx.Paragraph({ heading: b.level === 1 ? docx.HeadingLevel.HEADING_1 : docx.HeadingLevel.HEADING_2, keepNext: true, children: [new docx.TextRun(`${b.number} ${b.text}`)] })];
      case 'paragraph':
        return [new docx.Paragraph({ spacing: { after: 120 }, children: [new docx.TextRun(b.text)] })];
      case 'list':
        return b.items.map((item) => new docx.Paragraph({ bullet: { level: 0 }, children: [new docx.TextRun(item)] }));
      case 'table':
        return [table(b), new docx.Paragraph({ children: [] })];
      case 'chart':
        return [image(b, charts)];
    }
  });
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** docProps/core.xml with the as-of instant instead of the clock's time. */
function coreProperties(title: string, asOf: string, version: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xml(title)}</dc:title><dc:creator>psa ${xml(version)}</dc:creator>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${asOf}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${asOf}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/**
 * Sets every zip entry's modification time (local header and central
 * directory) to the DOS time of `instant`, so the archive's bytes depend on
 * its content only.
 */
export function withZipTimes(zip: Uint8Array, instant: string): Uint8Array {
  const bytes = new Uint8Array(zip);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const d = new Date(instant);
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  const date = ((Math.max(d.getUTCFullYear(), 1980) - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  // The end of central directory record: the last 0x06054b50 signature.
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file');
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < entries; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error('zip central directory is damaged');
    view.setUint16(at + 12, time, true);
    view.setUint16(at + 14, date, true);
    const local = view.getUint32(at + 42, true);
    if (view.getUint32(local, true) !== 0x04034b50) throw new Error('zip local header is damaged');
    view.setUint16(local + 10, time, true);
    view.setUint16(local + 12, date, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return bytes;
}

export async function reportDocx(content: ReportContent, options: DocxOptions): Promise<Uint8Array> {
  await preloadDocx();
  const document = new docx.Document({
    title: content.title,
    creator: `psa ${options.version}`,
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: [
      {
        properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.margin, right: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin } } },
        children: children(content, options.charts),
      },
    ],
  });
  const zip = await docx.Packer.toBuffer(document, false, [{ path: 'docProps/core.xml', data: coreProperties(content.title, options.asOf, options.version) }]);
  return withZipTimes(zip, options.asOf);
}
