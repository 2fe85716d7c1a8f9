/**
 * `psa dashboard`'s files, from one metrics document: everything `psa
 * metrics` writes (metrics.json and the Vega-Lite specs), and
 *   index.html   the offline dashboard page (dashboards/page.ts)
 *   <chart>.svg  each chart, vega's headless rendering
 *   <chart>.png  each chart at 2×, 192 dpi, for a Word report
 * Charts are drawn to SVG one after another in a worker thread; each PNG is
 * made on this side as its SVG arrives, while the worker draws the next.
 * With `lowMemory`, every SVG is drawn first and the renderer closed, then
 * the PNGs are made two at a time, the garbage collected after each
 * (core/native-memory.ts): the same files, at some 100 MB less at the peak
 * and about 0.15 s more at a million tickets.
 */
import { buildCharts, type ChartLanguage } from '../metrics/charts/index.ts';
import type { MetricsDocument } from '../metrics/document.ts';
import { metricsFiles } from '../metrics/metrics-files.ts';
import type { OutputFile } from '../core/write-outputs.ts';
import { browserLibraries } from './assets.ts';
import { dashboardHtml } from './page.ts';
import { chartPng } from './render.ts';
import { collectGarbage } from '../core/native-memory.ts';
import { SvgRenderer } from './svg-renderer.ts';

export const DASHBOARD_PAGE = 'index.html';

export interface DashboardOptions {
  readonly lang: ChartLanguage;
  /** The rules' time zone, for local times on the page. */
  readonly timeZone: string;
  readonly version: string;
  /** A renderer started earlier (it loads vega meanwhile); by default one is started and closed here. */
  readonly renderer?: SvgRenderer;
  /** Draw every SVG first and close the renderer (a given one too), then the PNGs: for a large database, whose run holds more memory. */
  readonly lowMemory?: boolean;
}

export async function dashboardFiles(doc: MetricsDocument, options: DashboardOptions): Promise<OutputFile[]> {
  const charts = buildCharts(doc, options.lang);
  const renderer = options.renderer ?? SvgRenderer.start();
  const svgs: OutputFile[] = [];
  const pngs: Promise<OutputFile>[] = [];
  const lowMemory = options.lowMemory === true;
  const rendering = renderer.render(charts, (name, svg) => {
    svgs.push({ name: `${name}.svg`, content: svg });
    if (!lowMemory) pngs.push(chartPng(svg).then((content) => ({ name: `${name}.png`, content })));
  });
  try {
    // The page is written while the worker draws.
    const page = dashboardHtml({ doc, charts, lang: options.lang, timeZone: options.timeZone, libraries: browserLibraries(), version: options.version });
    await rendering;
    if (lowMemory) await renderer.close();
    const made = lowMemory ? await pngsFewAtOnce(svgs) : await Promise.all(pngs);
    return [...metricsFiles(doc, options.lang, charts), { name: DASHBOARD_PAGE, content: page }, ...svgs, ...made];
  } finally {
    if (options.renderer === undefined || lowMemory) await renderer.close();
    // Never leave a rejected promise unobserved when something fails first.
    await Promise.allSettled([rendering, ...pngs]);
  }
}

/** PNGs at once in low-memory mode: two keep both cores busy. */
const PNG_LANES = 2;

/**
 * Each SVG's PNG, PNG_LANES at a time, with a full collection after each:
 * resvg's pixel buffers are freed as each PNG is made, not when V8 next
 * collects (core/native-memory.ts). The first failure stops the lanes.
 */
export async function pngsFewAtOnce(svgs: readonly OutputFile[]): Promise<OutputFile[]> {
  const pngs: OutputFile[] = new Array(svgs.length);
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (next < svgs.length && !failed) {
      const i = next++;
      const { name, content } = svgs[i]!;
      try {
        pngs[i] = { name: `${name.slice(0, -'.svg'.length)}.png`, content: await chartPng(content as string) };
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        collectGarbage();
      }
    }
  };
  await Promise.all(Array.from({ length: PNG_LANES }, lane));
  return pngs;
}
