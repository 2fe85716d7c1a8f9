/**
 * `psa report`'s files, from one metrics document: report.docx, report.md
 * and the PNG charts report.md shows. `psa run` hands over the PNGs its
 * dashboard drew already; `psa report` alone draws the report's charts
 * itself, through the dashboard's renderer (dashboards/render.ts).
 */
import { buildCharts } from '../metrics/charts/index.ts';
import type { MetricsDocument } from '../metrics/document.ts';
import type { OutputFile } from '../core/write-outputs.ts';
import { chartPng } from '../dashboards/render.ts';
import { SvgRenderer } from '../dashboards/svg-renderer.ts';
import { buildReport, REPORT_CHARTS, type ReportContent } from './content.ts';
import { REPORT_DOCX, reportDocx } from './docx.ts';
import type { ReportLanguage } from './format.ts';
import { REPORT_MARKDOWN, reportMarkdown } from './markdown.ts';
import type { ReportNotes } from './notes.ts';

export interface ReportFilesOptions {
  readonly lang: ReportLanguage;
  readonly notes: ReportNotes;
  readonly version: string;
}

/** The report's PNG charts, drawn as the dashboard draws them. */
export async function renderReportCharts(doc: MetricsDocument, lang: ReportLanguage, renderer?: SvgRenderer): Promise<OutputFile[]> {
  const wanted = new Set<string>(REPORT_CHARTS);
  const charts = buildCharts(doc, lang).filter((c) => wanted.has(c.name));
  const own = renderer ?? SvgRenderer.start();
  const pngs: Promise<OutputFile>[] = [];
  try {
    await own.render(charts, (name, svg) => pngs.push(chartPng(svg).then((content) => ({ name: `${name}.png`, content }))));
    return await Promise.all(pngs);
  } finally {
    if (renderer === undefined) await own.close();
    await Promise.allSettled(pngs);
  }
}

/** The PNGs among `files`, by chart name. */
export function chartsByName(files: readonly OutputFile[]): Map<string, Uint8Array> {
  return new Map(files.filter((f) => f.name.endsWith('.png') && typeof f.content !== 'string').map((f) => [f.name.slice(0, -4), f.content as Uint8Array]));
}

/** report.md and report.docx; `charts` holds each report chart's PNG by name. */
export async function reportFiles(doc: MetricsDocument, options: ReportFilesOptions, charts: ReadonlyMap<string, Uint8Array>): Promise<{ content: ReportContent; files: OutputFile[] }> {
  const content = buildReport(doc, { lang: options.lang, notes: options.notes });
  const docx = await reportDocx(content, { charts, asOf: doc.asOf, version: options.version });
  return { content, files: [{ name: REPORT_DOCX, content: docx }, { name: REPORT_MARKDOWN, content: reportMarkdown(content) }] };
}
