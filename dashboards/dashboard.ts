/**
 * `psa dashboard`'s files, from one metrics document: everything `psa
 * metrics` writes (metrics.json and the Vega-Lite specs), and
 *   index.html   the offline dashboard page (dashboards/page.ts)
 *   <chart>.svg  each chart, vega's headless rendering
 *   <chart>.png  each chart at 2×, 192 dpi, for a Word report
 * Charts are drawn to SVG one after another in a worker thread; each PNG is
 * made on this side as its SVG arrives, while the worker draws the next.
 */
import { buildCharts, type ChartLanguage } from '../metrics/charts/index.ts';
import type { MetricsDocument } from '../metrics/document.ts';
import { metricsFiles } from '../metrics/metrics-files.ts';
import type { OutputFile } from '../core/write-outputs.ts';
import { browserLibraries } from './assets.ts';
import { dashboardHtml } from './page.ts';
import { chartPng } from './render.ts';
import { SvgRenderer } from './svg-renderer.ts';

export const DASHBOARD_PAGE = 'index.html';

export interface DashboardOptions {
  readonly lang: ChartLanguage;
  /** The rules' time zone, for local times on the page. */
  readonly timeZone: string;
  readonly version: string;
  /** A renderer started earlier (it loads vega meanwhile); by default one is started and closed here. */
  readonly renderer?: SvgRenderer;
}

export async function dashboardFiles(doc: MetricsDocument, options: DashboardOptions): Promise<OutputFile[]> {
  const charts = buildCharts(doc, options.lang);
  const renderer = options.renderer ?? SvgRenderer.start();
  const svgs: OutputFile[] = [];
  const pngs: Promise<OutputFile>[] = [];
  const rendering = renderer.render(charts, (name, svg) => {
    svgs.push({ name: `${name}.svg`, content: svg });
    pngs.push(chartPng(svg).then((content) => ({ name: `${name}.png`, content })));
  });
  try {
    // The page is written while the worker draws.
    const page = dashboardHtml({ doc, charts, lang: options.lang, timeZone: options.timeZone, libraries: browserLibraries(), version: options.version });
    await rendering;
    return [...metricsFiles(doc, options.lang, charts), { name: DASHBOARD_PAGE, content: page }, ...svgs, ...(await Promise.all(pngs))];
  } finally {
    if (options.renderer === undefined) await renderer.close();
    // Never leave a rejected promise unobserved when something fails first.
    await Promise.allSettled([rendering, ...pngs]);
  }
}
