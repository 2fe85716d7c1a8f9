/**
 * The chart builders on the sample's figures (fixtures/sample/truth.json):
 * valid Vega-Lite that compiles without a warning, the right numbers in the
 * data, Norwegian and English words, and inputs left as they were.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { buildCharts, openMonthEndChart } from '../../metrics/charts/index.ts';
import { formatNumber, formatPercent, monthLabel } from '../../metrics/charts/i18n.ts';
import type { MetricsDocument } from '../../metrics/document.ts';
import { fixture, ROOT } from '../helpers.ts';

const truth = JSON.parse(readFileSync(fixture('sample', 'truth.json'), 'utf8'));
const doc: MetricsDocument = {
  ...truth,
  provenance: { exports: [], rulesSha256: '0'.repeat(64), metrics: {} },
  priorities: [
    { name: 'Kritisk', calendar: 'service', responseTargetHours: 0.25, resolutionTargetHours: 2 },
    { name: 'Høy', calendar: 'service', responseTargetHours: 1, resolutionTargetHours: 4 },
    { name: 'Normal', calendar: 'service', responseTargetHours: null, resolutionTargetHours: null },
    { name: 'Lav', calendar: 'service', responseTargetHours: null, resolutionTargetHours: null },
  ],
  monthly: truth.monthly.map((m: MetricsDocument['monthly'][number]) => ({ ...m, open: { ...m.open, changeByMunicipality: {} } })),
  dataQuality: { ...truth.dataQuality, byMonth: [] },
};

const ajv = new Ajv.default({ allErrors: true, strict: false, allowUnionTypes: true });
const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'node_modules/vega-lite/build/vega-lite-schema.json'), 'utf8')));

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The inline data rows of a spec and of its layers and panels. */
function rowsOf(spec: TopLevelSpec): Record<string, unknown>[] {
  const s = spec as { data?: { values?: Record<string, unknown>[] }; vconcat?: TopLevelSpec[] };
  return [...(s.data?.values ?? []), ...(s.vconcat ?? []).flatMap(rowsOf)];
}

const chart = (name: string, lang: 'nb' | 'en' = 'nb') => buildCharts(doc, lang).find((c) => c.name === name)!.spec;

describe('chart specs', () => {
  it('are valid Vega-Lite and compile without warnings, in both languages', () => {
    for (const lang of ['nb', 'en'] as const) {
      const charts = buildCharts(doc, lang);
      expect(charts.map((c) => c.name)).toEqual([
        'new-by-category', 'new-by-municipality', 'open-month-end', 'open-incidents', 'open-requests', 'open-total', 'open-adjustment',
        'open-by-municipality', 'security-alerts', 'sla-compliance', 'resolution-time', 'open-age', 'reopen-rate',
      ]);
      for (const { name, spec } of charts) {
        expect(validate(spec), `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
        const warnings: unknown[] = [];
        const logger = { level: () => logger, warn: (...a: unknown[]) => (warnings.push(a), logger), info: () => logger, debug: () => logger, error: (...a: unknown[]) => (warnings.push(a), logger) };
        compile(spec, { logger } as never);
        expect(warnings, name).toEqual([]);
      }
    }
  });

  it('never change their input and give the same spec every time', () => {
    const frozen = deepFreeze(structuredClone(doc));
    expect(() => buildCharts(frozen, 'nb')).not.toThrow();
    expect(JSON.stringify(buildCharts(frozen, 'nb'))).toBe(JSON.stringify(buildCharts(doc, 'nb')));
  });

  it('label months in Norwegian by default and in English on request', () => {
    expect(monthLabel('2024-10', 'nb')).toBe('okt. 2024');
    expect(monthLabel('2024-03', 'nb')).toBe('mars 2024');
    expect(monthLabel('2024-10', 'en')).toBe('Oct 2024');
    expect(formatNumber(-2.12, 'nb')).toBe('−2,12');
    expect(formatNumber(50, 'nb', 0)).toBe('50');
    expect(formatPercent(0.5, 'nb')).toBe('50\u00a0%');
    const nb = chart('open-month-end') as { title: { text: string; subtitle: string }; config: { locale: { number: { decimal: string } } } };
    const en = chart('open-month-end', 'en') as typeof nb;
    expect(nb.title).toMatchObject({ text: 'Åpne saker ved månedsslutt', subtitle: 'Trend totalt −2,12 saker per måned, ikke økt siden aug. 2024' });
    expect(en.title).toMatchObject({ text: 'Open tickets at month end', subtitle: 'Total trend -2.12 tickets per month, not risen since Aug 2024' });
    expect(nb.config.locale.number.decimal).toBe(',');
  });

  it('OPEN-1, TREND-1: open at month end with a trend line of the published slope', () => {
    const rows = rowsOf(openMonthEndChart(doc.monthly, doc.trends, 'nb'));
    expect(rows.find((r) => r.label === 'okt. 2024' && r.series === 'Totalt' && r.kind === 'actual')?.value).toBe(335);
    expect(rows.find((r) => r.label === 'okt. 2024' && r.series === 'Hendelser' && r.kind === 'actual')?.value).toBe(80);
    const trend = rows.filter((r) => r.series === 'Totalt' && r.kind === 'trend').map((r) => r.value as number);
    expect(trend).toHaveLength(13);
    expect(Math.round(((trend[12]! - trend[0]!) / 12) * 100) / 100).toBe(doc.trends.openTotal.slopePerMonth);
    expect(doc.trends.openTotal.slopePerMonth).toBe(-2.12);
  });

  it('NEW-1, NEW-2, OPEN-2: categories, municipalities, alerts and the adjustment of October 2024', () => {
    const october = (name: string) => rowsOf(chart(name)).filter((r) => r.month === '2024-10');
    expect(october('new-by-category').find((r) => r.category === 'Infrastruktur')?.n).toBe(377);
    expect(october('new-by-municipality').reduce((s, r) => s + (r.n as number), 0)).toBe(1456);
    expect(october('security-alerts')).toEqual([{ month: '2024-10', label: 'okt. 2024', n: 280 }]);
    expect(october('open-adjustment').map((r) => [r.series, r.value, r.adjustment])).toEqual([
      ['Naiv (bare Løst-dato)', 357, 22],
      ['Korrigert', 335, 22],
    ]);
    expect(october('open-by-municipality').find((r) => r.municipality === 'Hustadvika')?.n).toBe(75);
  });

  it('SLA-2: compliance per priority with the counts beside the percentage, a gap in the line where nothing was resolved', () => {
    const rows = rowsOf(chart('sla-compliance'));
    expect(rows.find((r) => r.month === '2024-10' && r.priority === 'Kritisk')).toMatchObject({ compliance: 0.5, met: 1, resolved: 2, text: '50\u00a0%\n(1 av 2)' });
    expect(rowsOf(chart('sla-compliance', 'en')).find((r) => r.month === '2024-10' && r.priority === 'Kritisk')?.text).toBe('50%\n(1 of 2)');
    // compliance null: a row with null, which breaks the line there, and no label.
    expect(rows.find((r) => r.month === '2023-10' && r.priority === 'Kritisk')).toMatchObject({ compliance: null, text: '' });
    const spec = chart('sla-compliance') as unknown as { spec: { layer: { mark: { type: string; invalid?: string }; transform?: unknown[] }[] } };
    expect(spec.spec.layer[0]!.mark).toMatchObject({ type: 'line', invalid: 'break-paths-show-domains' });
    expect(spec.spec.layer.slice(1).every((l) => l.mark.type === 'text' && JSON.stringify(l.transform).includes('datum.compliance !== null'))).toBe(true);
    expect(new Set(rows.map((r) => r.priority))).toEqual(new Set(['Kritisk', 'Høy']));
  });

  it('DUR-2: Kritisk and Høy in hours, Normal and Lav in days; mean, median and the mean without old cases', () => {
    const spec = chart('resolution-time') as { vconcat: { title: string }[] };
    expect(spec.vconcat.map((p) => p.title)).toEqual([
      'Kritisk og Høy, hendelser (timer)',
      'Normal og Lav, hendelser (dager)',
      'Høy, forespørsler (timer)', // requests may carry a priority with a target too
      'Normal og Lav, forespørsler (dager)',
    ]);
    const rows = rowsOf(chart('resolution-time')).filter((r) => r.month === '2024-10');
    expect(rows.find((r) => r.priority === 'Kritisk' && r.measure === 'Gjennomsnitt')?.value).toBe(2.62);
    expect(rows.find((r) => r.priority === 'Normal' && r.measure === 'Gjennomsnitt' && r.n === 687)?.value).toBe(Math.round((259.92 / 24) * 100) / 100);
    expect(rows.find((r) => r.priority === 'Normal' && r.measure === 'Gjennomsnitt uten gamle saker' && r.n === 687)?.value).toBe(Math.round((55.05 / 24) * 100) / 100);
  });

  it('carry no ticket text', () => {
    const text = JSON.stringify(buildCharts(doc, 'nb'));
    for (const item of truth.criticalAndHigh) expect(text).not.toContain(item.subject);
  });
});

describe('report charts', () => {
  it('OPEN-1, TREND-1: open incidents, requests and all open cases each on a chart of its own, with the trend line and a label above each point', () => {
    const series = { 'open-incidents': 80, 'open-requests': 255, 'open-total': 335 } as const;
    for (const [name, october] of Object.entries(series)) {
      const rows = rowsOf(chart(name));
      expect(rows.find((r) => r.month === '2024-10' && r.kind === 'actual')?.value, name).toBe(october);
      expect(rows.filter((r) => r.kind === 'trend'), name).toHaveLength(13);
      const layers = (chart(name) as unknown as { layer: { mark: { type: string; baseline?: string; dy?: number; point?: { size: number } } }[] }).layer;
      const point = layers.find((l) => l.mark.type === 'line' && l.mark.point)!.mark.point!;
      const label = layers.find((l) => l.mark.type === 'text')!.mark;
      // The label's bottom sits above the point's top edge (radius √(size/π)).
      expect(label.baseline).toBe('bottom');
      expect(-label.dy!).toBeGreaterThan(Math.sqrt(point.size / Math.PI));
    }
    expect((chart('open-incidents') as { title: { text: string } }).title.text).toBe('Åpne feilmeldinger ved månedsslutt');
    expect((chart('open-requests') as { title: { text: string } }).title.text).toBe('Åpne tjenesteforespørsler ved månedsslutt');
  });

  it('give each municipality one colour in every chart', () => {
    const scaleOf = (name: string) => (chart(name) as unknown as { encoding: { color: { scale: { domain: string[]; range: string[] } } } }).encoding.color.scale;
    const a = scaleOf('new-by-municipality');
    const b = scaleOf('open-by-municipality');
    expect(a).toEqual(b);
    const colour = (s: typeof a, name: string) => s.range[s.domain.indexOf(name)];
    expect(colour(a, 'Molde')).toBe('#4e79a7');
    expect(new Set(a.range).size).toBe(a.range.length);
  });
});

describe('the backlog charts', () => {
  it('AGE-1: stacks every age bucket of every month, youngest first, summing to the open total', () => {
    const rows = rowsOf(chart('open-age')) as { month: string; bucket: string; order: number; n: number }[];
    expect([...new Set(rows.map((r) => r.bucket))]).toEqual(['0–7 dager', '8–30 dager', '31–90 dager', '91–365 dager', 'over 365 dager']);
    for (const m of truth.monthly) {
      const of = rows.filter((r) => r.month === m.month);
      expect(of.map((r) => r.n), m.month).toEqual(['0-7', '8-30', '31-90', '91-365', '366+'].map((k) => m.open.byAge[k]));
      expect(of.reduce((s, r) => s + r.n, 0), m.month).toBe(m.open.total);
    }
    expect(rowsOf(chart('open-age', 'en')).map((r) => r['bucket'])).toContain('over 365 days');
  });

  it('REOPEN-1: a line per class and one for all, at the truth\'s rate of every month', () => {
    const rows = rowsOf(chart('reopen-rate')) as { month: string; series: string; rate: number | null; reopened: number; resolved: number }[];
    expect(rows).toHaveLength(3 * truth.monthly.length);
    const names = { incident: 'Hendelser', request: 'Forespørsler', total: 'Totalt' } as const;
    for (const m of truth.monthly) {
      for (const [cls, name] of Object.entries(names) as ['incident' | 'request' | 'total', string][]) {
        expect(rows.find((r) => r.month === m.month && r.series === name), `${m.month} ${cls}`).toMatchObject({ rate: m.resolved.reopenRate[cls], reopened: m.resolved.reopened[cls], resolved: m.resolved[cls] });
      }
    }
  });

  it('REOPEN-1: draws an empty chart with its note when the exports carry no reopen count', () => {
    const without = { ...doc, monthly: doc.monthly.map((m) => ({ ...m, resolved: { incident: m.resolved.incident, request: m.resolved.request, total: m.resolved.total } })) };
    const spec = buildCharts(without, 'nb').find((c) => c.name === 'reopen-rate')!.spec as unknown as { layer: { data?: { values: { note?: string }[] } }[] };
    expect(spec.layer.at(-1)!.data!.values).toEqual([{ note: 'Ingen saker å vise i perioden' }]);
  });
});
