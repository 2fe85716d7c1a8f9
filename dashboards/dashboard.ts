/**
 * `psa dashboard`'s files, from one metrics document: everything `psa
 * metrics` writes (metrics.json and the Vega-Lite specs), and
 *   index.html   the offline dashboard page (dashboards/page.ts)
 *   <chart>.svg  each chart, vega's headless rendering
 *   <chart>.png  each chart at 2×, 192 dpi, for a Word report
 * Charts are drawn to SVG one after another (vega runs on this thread);
 * each PNG is rasterised on libuv's thread pool while the next SVG is drawn.
 */
import { buildCharts, type ChartLanguage } from '../metrics/charts/index.ts';
import type { MetricsDocument } from '../metrics/document.ts';
import { metricsFiles } from '../metrics/metrics-files.ts';
import type { OutputFile } from '../metrics/write-outputs.ts';
import { browserLibraries } from './assets.ts';
import { dashboardHtml } from './page.ts';
import { chartPng, chartSvg } from './render.ts';

export const DASHBOARD_PAGE = 'index.html';

export interface DashboardOptions {
  readonly lang: ChartLanguage;
  /** The rules' time zone, for local times on the page. */
  readonly timeZone: string;
  readonly version: string;
}

export async function dashboardFiles(doc: MetricsDocument, options: DashboardOptions): Promise<OutputFile[]> {
  const charts = buildCharts(doc, options.lang);
  const svgs: OutputFile[] = [];
  const pngs: Promise<OutputFile>[] = [];
  try {
    for (const { name, spec } of charts) {
      const svg = await chartSvg(name, spec);
      svgs.push({ name: `${name}.svg`, content: svg });
      pngs.push(chartPng(svg).then((content) => ({ name: `${name}.png`, content })));
    }
  } finally {
    // Never leave a rejected PNG promise unobserved when an SVG fails.
    await Promise.allSettled(pngs);
  }
  const page = dashboardHtml({ doc, charts, lang: options.lang, timeZone: options.timeZone, libraries: browserLibraries(), version: options.version });
  return [...metricsFiles(doc, options.lang), { name: DASHBOARD_PAGE, content: page }, ...svgs, ...(await Promise.all(pngs))];
}
