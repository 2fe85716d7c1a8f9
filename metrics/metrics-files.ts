/** The files `psa metrics` writes: `metrics.json` and one Vega-Lite spec per chart. */
import { buildCharts, type Chart, type ChartLanguage } from './charts/index.ts';
import type { MetricsDocument } from './document.ts';
import { stableJson } from '../core/stable-json.ts';
import type { OutputFile } from '../core/write-outputs.ts';

export const METRICS_FILE = 'metrics.json';

/** `charts`: the document's charts when the caller has built them already. */
export function metricsFiles(doc: MetricsDocument, lang: ChartLanguage, charts: readonly Chart[] = buildCharts(doc, lang)): OutputFile[] {
  return [
    { name: METRICS_FILE, content: stableJson(doc) },
    // In the builders' key order ($schema, title, data, mark, encoding), which reads best.
    ...charts.map(({ name, spec }) => ({ name: `${name}.vl.json`, content: `${JSON.stringify(spec, null, 2)}\n` })),
  ];
}
