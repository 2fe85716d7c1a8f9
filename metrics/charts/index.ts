/**
 * The report's charts as Vega-Lite specs with their data inline. Each
 * builder takes the figures it shows and a language, and returns a new spec
 * (it never changes its input). Months are an ordinal axis of preformatted
 * labels ("okt. 2024") in window order, so every renderer draws the same
 * chart. Specs carry aggregate figures only, never ticket text.
 */
import { linearRegression } from 'simple-statistics';
import type { TopLevelSpec } from 'vega-lite';
import type { Counts, MetricsDocument, MonthFigures, PriorityTargets, ResolutionFigures, TicketClassCounted, Trend } from '../document.ts';
import { formatNumber, formatPercent, monthLabel, TEXTS, type ChartLanguage, type ChartTexts } from './i18n.ts';

export type { ChartLanguage } from './i18n.ts';

export interface Chart {
  /** File name without `.vl.json`. */
  readonly name: string;
  readonly spec: TopLevelSpec;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/**
 * Plot sizes for a page of A4 (16 cm between Word's default margins, about
 * 600 px at 96 dpi): with the y axis beside the plot and the legend below
 * it, a chart is about 600 px wide, so its PNG (rendered at 2×, 192 dpi)
 * goes into a report at full column width with its text at about 8 pt.
 */
const WIDTH = 530;
const HEIGHT = 260;
/** The plot width of a faceted chart: its row headers take the rest. */
const FACET_WIDTH = 510;

/** The parts every chart shares: schema, size, locale, fonts. */
function base(lang: ChartLanguage, title: string, subtitle?: string) {
  return {
    $schema: SCHEMA,
    title: subtitle === undefined ? { text: title, anchor: 'start' as const } : { text: title, subtitle, anchor: 'start' as const },
    config: {
      locale: { number: TEXTS[lang].numberLocale },
      font: 'Liberation Sans, Arial, Helvetica, sans-serif',
      view: { stroke: null },
      axis: { labelFontSize: 11, titleFontSize: 12 },
      // Below the plot, in columns, so the plot keeps the page's width.
      legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 200, orient: 'bottom' as const, direction: 'horizontal' as const, columns: 3 },
    },
  };
}

/** The x axis of window months. */
function monthAxis(months: readonly string[], lang: ChartLanguage) {
  return {
    field: 'label',
    type: 'ordinal' as const,
    title: TEXTS[lang].month,
    // The whole window, in order, even where a series has no value.
    scale: { domain: months.map((m) => monthLabel(m, lang)) },
    axis: { labelAngle: -45 },
  };
}

/** A layer that writes "no tickets to show" across the middle of an empty plot. */
function noDataLayer(lang: ChartLanguage, width: number, height: number) {
  return {
    data: { values: [{ note: TEXTS[lang].noData }] },
    mark: { type: 'text' as const, fontSize: 13, color: '#666' },
    encoding: { x: { value: width / 2 }, y: { value: height / 2 }, text: { field: 'note', type: 'nominal' as const } },
  };
}

/**
 * A single-view chart as it is, or, when it has no data, as the same view
 * drawn empty (its axes, the y axis from 0 to 1) with a "no tickets" note.
 */
function orEmpty(spec: TopLevelSpec, lang: ChartLanguage): TopLevelSpec {
  const values = (spec as { data?: { values?: readonly unknown[] } }).data?.values;
  if (values === undefined || values.length > 0) return spec;
  const { data, mark, encoding, layer, width, height, ...rest } = spec as unknown as Record<string, unknown> & { width: number; height: number };
  const y = (encoding as { y?: { scale?: object } } | undefined)?.y;
  if (y !== undefined && y.scale === undefined) (encoding as { y: object }).y = { ...y, scale: { domain: [0, 1] } };
  // Nothing to tell apart: no legend (it would show only its title).
  const color = (encoding as { color?: object } | undefined)?.color;
  if (color !== undefined) (encoding as { color: object }).color = { ...color, legend: null };
  const layers = (layer as object[] | undefined) ?? [{ mark, encoding }];
  return { ...rest, width, height, layer: [...layers.map((l) => ({ data, ...l })), noDataLayer(lang, width, height)] } as unknown as TopLevelSpec;
}

/** Rows of `{month, label, <key>: name, n}` for a count map per month, in name order. */
function countRows(monthly: readonly MonthFigures[], pick: (m: MonthFigures) => Counts, key: string, lang: ChartLanguage) {
  return monthly.flatMap((m) =>
    Object.keys(pick(m))
      .sort()
      .map((name) => ({ month: m.month, label: monthLabel(m.month, lang), [key]: name, n: pick(m)[name]! })),
  );
}

/**
 * Each municipality's colour, the same in every chart: the five of the
 * service have fixed colours, any other name (ROR-IKT, Ukjent, …) takes the
 * next free colour in name order over the whole window, so a name never
 * changes colour between charts of one document.
 */
const MUNICIPALITY_COLOURS: Readonly<Record<string, string>> = {
  Molde: '#4e79a7',
  Hustadvika: '#f28e2b',
  Vestnes: '#e15759',
  Rauma: '#76b7b2',
  Aukra: '#59a14f',
};
const OTHER_COLOURS = ['#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#86bcb6', '#d37295', '#a0cbe8', '#ffbe7d', '#8cd17d', '#b6992d', '#499894', '#f1ce63', '#fabfd2', '#d4a6c8', '#79706e'];

export function municipalityScale(monthly: readonly MonthFigures[]): { domain: string[]; range: string[] } {
  const names = [...new Set(monthly.flatMap((m) => [...Object.keys(m.new.byMunicipality), ...Object.keys(m.open.byMunicipality)]))].sort();
  let next = 0;
  const range = names.map((name) => MUNICIPALITY_COLOURS[name] ?? OTHER_COLOURS[next++ % OTHER_COLOURS.length]!);
  return { domain: names, range };
}

function stackedNew(monthly: readonly MonthFigures[], lang: ChartLanguage, key: 'category' | 'municipality'): TopLevelSpec {
  const t = TEXTS[lang];
  const title = key === 'category' ? t.newByCategory : t.newByMunicipality;
  const values = countRows(monthly, (m) => (key === 'category' ? m.new.byCategory : m.new.byMunicipality), key, lang);
  return orEmpty({
    ...base(lang, title),
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: monthAxis(monthly.map((m) => m.month), lang),
      y: { field: 'n', type: 'quantitative', aggregate: 'sum', title: t.tickets, stack: 'zero' },
      color: { field: key, type: 'nominal', title: key === 'category' ? t.category : t.municipality, scale: key === 'category' ? { scheme: 'tableau20' } : municipalityScale(monthly) },
      order: { field: key, sort: 'ascending' },
      tooltip: [
        { field: 'label', type: 'ordinal', title: t.month },
        { field: key, type: 'nominal', title: key === 'category' ? t.category : t.municipality },
        { field: 'n', type: 'quantitative', title: t.tickets, format: ',d' },
      ],
    },
  }, lang);
}

/** NEW-1: new tickets per month, stacked by report category. */
export function newByCategoryChart(monthly: readonly MonthFigures[], lang: ChartLanguage): TopLevelSpec {
  return stackedNew(monthly, lang, 'category');
}

/** NEW-1: new tickets per month, stacked by municipality. */
export function newByMunicipalityChart(monthly: readonly MonthFigures[], lang: ChartLanguage): TopLevelSpec {
  return stackedNew(monthly, lang, 'municipality');
}

/** TREND-1's least-squares line over the month index, at each month. */
function fitted(values: readonly number[]): number[] {
  const { m, b } = linearRegression(values.map((v, i) => [i, v]));
  return values.map((_, i) => Math.round((b + m * i) * 100) / 100);
}

/** OPEN-1 and TREND-1: open incidents, requests and total at each month end, each with its trend line. */
export function openMonthEndChart(monthly: readonly MonthFigures[], trends: MetricsDocument['trends'], lang: ChartLanguage): TopLevelSpec {
  const t = TEXTS[lang];
  const series: readonly [string, (m: MonthFigures) => number][] = [
    [t.classes.incident, (m) => m.open.incident],
    [t.classes.request, (m) => m.open.request],
    [t.classes.total, (m) => m.open.total],
  ];
  const values = series.flatMap(([name, pick]) => {
    const actual = monthly.map(pick);
    const line = fitted(actual);
    return monthly.flatMap((m, i) => [
      { month: m.month, label: monthLabel(m.month, lang), series: name, kind: 'actual', value: actual[i]! },
      { month: m.month, label: monthLabel(m.month, lang), series: name, kind: t.trend, value: line[i]! },
    ]);
  });
  const total: Trend = trends.openTotal;
  const since = total.fallingSince === null ? null : monthLabel(total.fallingSince, lang);
  const x = monthAxis(monthly.map((m) => m.month), lang);
  const color = { field: 'series', type: 'nominal' as const, title: t.series, sort: series.map(([name]) => name) };
  return {
    ...base(lang, t.openMonthEnd, t.openMonthEndSubtitle(formatNumber(total.slopePerMonth, lang), since)),
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      {
        transform: [{ filter: { field: 'kind', equal: 'actual' } }],
        mark: { type: 'line', point: true },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: t.tickets },
          color,
          tooltip: [
            { field: 'label', type: 'ordinal', title: t.month },
            { field: 'series', type: 'nominal', title: t.series },
            { field: 'value', type: 'quantitative', title: t.tickets, format: ',d' },
          ],
        },
      },
      {
        transform: [{ filter: { field: 'kind', equal: t.trend } }],
        mark: { type: 'line', strokeDash: [4, 4], strokeWidth: 1.5, opacity: 0.8 },
        encoding: { x, y: { field: 'value', type: 'quantitative' }, color, detail: { field: 'kind' } },
      },
    ],
  };
}

export type OpenSeries = 'incident' | 'request' | 'total';
const SERIES_COLOURS: Readonly<Record<OpenSeries, string>> = { incident: '#4e79a7', request: '#f28e2b', total: '#59a14f' };

/**
 * OPEN-1 and TREND-1 for one series on its own, as the report shows them:
 * open incidents (feilmeldinger), open requests (tjenesteforespørsler) or
 * all open cases at each month end, each point labelled with its count
 * above it (clear of the point), and the dashed least-squares trend line.
 */
export function openSeriesChart(monthly: readonly MonthFigures[], trends: MetricsDocument['trends'], series: OpenSeries, lang: ChartLanguage): TopLevelSpec {
  const t = TEXTS[lang];
  const pick = (m: MonthFigures) => m.open[series];
  const trend = series === 'incident' ? trends.openIncident : series === 'request' ? trends.openRequest : trends.openTotal;
  const actual = monthly.map(pick);
  const line = fitted(actual);
  const values = monthly.flatMap((m, i) => [
    { month: m.month, label: monthLabel(m.month, lang), kind: 'actual', value: actual[i]! },
    { month: m.month, label: monthLabel(m.month, lang), kind: 'trend', value: line[i]! },
  ]);
  const since = trend.fallingSince === null ? null : monthLabel(trend.fallingSince, lang);
  const x = monthAxis(monthly.map((m) => m.month), lang);
  const y = { field: 'value', type: 'quantitative' as const, title: t.tickets, scale: { zero: true } };
  const colour = SERIES_COLOURS[series];
  const actualOnly = [{ filter: { field: 'kind', equal: 'actual' } }];
  return {
    ...base(lang, t.openSeries[series], t.openSeriesSubtitle(formatNumber(trend.slopePerMonth, lang), since)),
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      {
        transform: [{ filter: { field: 'kind', equal: 'trend' } }],
        mark: { type: 'line', strokeDash: [4, 4], strokeWidth: 1.5, color: '#555' },
        encoding: { x, y },
      },
      {
        transform: actualOnly,
        mark: { type: 'line', point: { size: 36 }, color: colour },
        encoding: {
          x,
          y,
          tooltip: [
            { field: 'label', type: 'ordinal', title: t.month },
            { field: 'value', type: 'quantitative', title: t.tickets, format: ',d' },
          ],
        },
      },
      // Baseline at the bottom, 7 px above the point's centre: a point of size 36 has a radius of 3 px.
      { transform: actualOnly, mark: { type: 'text', baseline: 'bottom', dy: -7, fontSize: 10 }, encoding: { x, y, text: { field: 'value', type: 'quantitative', format: ',d' } } },
    ],
  };
}

/** OPEN-2: the naive count (the export's resolved date alone) against the repaired one. */
export function openAdjustmentChart(monthly: readonly MonthFigures[], lang: ChartLanguage): TopLevelSpec {
  const t = TEXTS[lang];
  const values = monthly.flatMap((m) => [
    { month: m.month, label: monthLabel(m.month, lang), series: t.naive, value: m.open.naiveTotal, adjustment: m.open.adjustment },
    { month: m.month, label: monthLabel(m.month, lang), series: t.repaired, value: m.open.total, adjustment: m.open.adjustment },
  ]);
  const adjustments = monthly.map((m) => m.open.adjustment);
  return {
    ...base(lang, t.openAdjustment, t.openAdjustmentSubtitle(Math.min(...adjustments), Math.max(...adjustments))),
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: monthAxis(monthly.map((m) => m.month), lang),
      y: { field: 'value', type: 'quantitative', title: t.tickets, scale: { zero: false } },
      // One legend: the repaired count solid, the naive one dashed.
      // Line symbols in the legend, so the naive series shows as dashed there too.
      color: { field: 'series', type: 'nominal', title: t.series, sort: [t.repaired, t.naive], legend: { symbolType: 'stroke', symbolStrokeWidth: 2 } },
      strokeDash: { field: 'series', type: 'nominal', title: t.series, sort: [t.repaired, t.naive], legend: { symbolType: 'stroke', symbolStrokeWidth: 2 } },
      tooltip: [
        { field: 'label', type: 'ordinal', title: t.month },
        { field: 'series', type: 'nominal', title: t.series },
        { field: 'value', type: 'quantitative', title: t.tickets, format: ',d' },
        { field: 'adjustment', type: 'quantitative', title: t.adjustment, format: ',d' },
      ],
    },
  };
}

/** OPEN-1: open tickets at each month end per municipality. */
export function openByMunicipalityChart(monthly: readonly MonthFigures[], lang: ChartLanguage): TopLevelSpec {
  const t = TEXTS[lang];
  const values = countRows(monthly, (m) => m.open.byMunicipality, 'municipality', lang);
  return orEmpty({
    ...base(lang, t.openByMunicipality),
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: monthAxis(monthly.map((m) => m.month), lang),
      y: { field: 'n', type: 'quantitative', title: t.tickets },
      color: { field: 'municipality', type: 'nominal', title: t.municipality, scale: municipalityScale(monthly) },
      tooltip: [
        { field: 'label', type: 'ordinal', title: t.month },
        { field: 'municipality', type: 'nominal', title: t.municipality },
        { field: 'n', type: 'quantitative', title: t.tickets, format: ',d' },
      ],
    },
  }, lang);
}

/** NEW-2: security alerts per month, with their counts on the bars. */
export function securityAlertsChart(monthly: readonly MonthFigures[], lang: ChartLanguage): TopLevelSpec {
  const t = TEXTS[lang];
  const x = monthAxis(monthly.map((m) => m.month), lang);
  const y = { field: 'n', type: 'quantitative' as const, title: t.tickets };
  return {
    ...base(lang, t.securityAlerts),
    width: WIDTH,
    height: HEIGHT,
    data: { values: monthly.map((m) => ({ month: m.month, label: monthLabel(m.month, lang), n: m.new.securityAlerts })) },
    layer: [
      {
        mark: { type: 'bar', color: '#c0392b' },
        encoding: { x, y, tooltip: [{ field: 'label', type: 'ordinal', title: t.month }, { field: 'n', type: 'quantitative', title: t.securityAlerts, format: ',d' }] },
      },
      { mark: { type: 'text', dy: -6, fontSize: 10 }, encoding: { x, y, text: { field: 'n', type: 'quantitative', format: ',d' } } },
    ],
  };
}

/**
 * SLA-2: resolution compliance per month, one row per priority with a
 * target, each point labelled with its percentage and the counts behind it.
 * A month without resolved incidents of a priority has no point (null, not 0).
 */
export function slaComplianceChart(monthly: readonly MonthFigures[], priorityTargets: readonly PriorityTargets[], lang: ChartLanguage): TopLevelSpec {
  const t = TEXTS[lang];
  const priorities = priorityTargets.filter((p) => p.resolutionTargetHours !== null).map((p) => p.name);
  const values = monthly.flatMap((m) =>
    priorities.flatMap((p): { month: string; label: string; priority: string; compliance: number | null; met: number; resolved: number; text: string; percent: string; counts: string }[] => {
      const s = m.sla.byPriority[p];
      // A month without a resolved incident of the priority is a gap in its line, not a point.
      if (s === undefined || s.compliance === null) return [{ month: m.month, label: monthLabel(m.month, lang), priority: p, compliance: null, met: 0, resolved: 0, text: '', percent: '', counts: '' }];
      const total = s.met! + s.breached!;
      const text = t.slaLabel(formatPercent(s.compliance, lang), s.met!, total);
      const [percent = '', counts = ''] = text.split('\n');
      return [{ month: m.month, label: monthLabel(m.month, lang), priority: p, compliance: s.compliance, met: s.met!, resolved: total, text, percent, counts }];
    }),
  );
  const x = monthAxis(monthly.map((m) => m.month), lang);
  // The chart's title names the measure and the row headers the priority: no axis or header titles.
  const y = { field: 'compliance', type: 'quantitative' as const, title: null, scale: { domain: [0, 1.3] }, axis: { format: '.0%', values: [0, 0.5, 1] } };
  if (values.every((v) => v.compliance === null)) {
    // No priority has a resolved incident in the window: nothing to facet, so one empty plot.
    return orEmpty({ ...base(lang, t.slaCompliance, t.slaSubtitle), width: FACET_WIDTH, height: 130, data: { values: [] }, mark: { type: 'line', point: true }, encoding: { x, y } }, lang);
  }
  return {
    ...base(lang, t.slaCompliance, t.slaSubtitle),
    data: { values },
    facet: { row: { field: 'priority', type: 'nominal', title: null, sort: priorities, header: { labelFontSize: 12, labelFontWeight: 'bold' } } },
    spec: {
      width: FACET_WIDTH,
      height: 130,
      layer: [
        {
          // Null compliance breaks the line: no line is drawn through a month with nothing to measure.
          mark: { type: 'line', point: { size: 30 }, invalid: 'break-paths-show-domains' },
          encoding: {
            x,
            y,
            tooltip: [
              { field: 'label', type: 'ordinal', title: t.month },
              { field: 'priority', type: 'nominal', title: t.priority },
              { field: 'text', type: 'nominal', title: t.compliance },
            ],
          },
        },
        // "50 %" over "(1 av 2)", so neighbouring labels do not run into each other; two lines of their
        // own, the lower one's bottom 6 px above the point's centre (a point of size 30 has a radius of 3 px),
        // so a label never covers its point.
        ...(['percent', 'counts'] as const).map((field, line) => ({
          transform: [{ filter: 'datum.compliance !== null' }],
          mark: { type: 'text' as const, baseline: 'bottom' as const, dy: line === 0 ? -15 : -6, fontSize: 8 },
          encoding: { x, y, text: { field, type: 'nominal' as const } },
        })),
      ],
    },
  };
}

type Measure = 'mean' | 'median' | 'meanExcludingOld';
const MEASURES: readonly [Measure, (f: ResolutionFigures) => number | null][] = [
  ['mean', (f) => f.meanHours],
  ['median', (f) => f.medianHours],
  ['meanExcludingOld', (f) => f.meanHoursExcludingOld],
];

/**
 * DUR-2: mean, median and mean without old cases per priority and month,
 * one panel per class and unit: priorities with a resolution target in hours
 * (Kritisk, Høy), the others in days.
 */
export function resolutionTimeChart(monthly: readonly MonthFigures[], priorityTargets: readonly PriorityTargets[], lang: ChartLanguage): TopLevelSpec {
  const t = TEXTS[lang];
  const targeted = new Set(priorityTargets.filter((p) => p.resolutionTargetHours !== null).map((p) => p.name));
  // The configured priorities in the rules' order, then any unmapped ones (an export's own names) by name.
  const seen = monthly.flatMap((m) => [...Object.keys(m.resolution.incident.byPriority), ...Object.keys(m.resolution.request.byPriority)]).sort();
  const order = [...new Set([...priorityTargets.map((p) => p.name), ...seen])];
  const panels = (['incident', 'request'] as const satisfies readonly TicketClassCounted[]).flatMap((cls) =>
    (['hours', 'days'] as const).flatMap((unit) => {
      const priorities = order.filter((p) => targeted.has(p) === (unit === 'hours') && monthly.some((m) => m.resolution[cls].byPriority[p] !== undefined));
      if (priorities.length === 0) return [];
      const values = monthly.flatMap((m) =>
        priorities.flatMap((p) => {
          const f = m.resolution[cls].byPriority[p];
          if (f === undefined) return [];
          return MEASURES.flatMap(([measure, pick]) => {
            const hours = pick(f);
            if (hours === null) return [];
            return [{ month: m.month, label: monthLabel(m.month, lang), priority: p, measure: t.measures[measure], value: unit === 'hours' ? hours : Math.round((hours / 24) * 100) / 100, n: f.n, nOld: f.nOld }];
          });
        }),
      );
      return [resolutionPanel(monthly, lang, t, { cls, unit, priorities, allPriorities: order }, values)];
    }),
  );
  if (panels.length === 0) {
    // No ticket with a priority was resolved in the window: one empty panel.
    const x = { ...monthAxis(monthly.map((m) => m.month), lang), title: null };
    return orEmpty({ ...base(lang, t.resolutionTime), width: WIDTH, height: 110, data: { values: [] }, mark: { type: 'line' }, encoding: { x, y: { field: 'value', type: 'quantitative', title: t.hours } } }, lang);
  }
  return { ...base(lang, t.resolutionTime), vconcat: panels };
}

function resolutionPanel(
  monthly: readonly MonthFigures[],
  lang: ChartLanguage,
  t: ChartTexts,
  panel: { cls: TicketClassCounted; unit: 'hours' | 'days'; priorities: readonly string[]; allPriorities: readonly string[] },
  values: readonly object[],
) {
  const { cls, unit, priorities, allPriorities } = panel;
  const names = priorities.length === 1 ? priorities[0]! : `${priorities.slice(0, -1).join(', ')} ${t.and} ${priorities.at(-1)}`;
  const measures = MEASURES.map(([m]) => t.measures[m]);
  return {
    title: t.resolutionPanel(names, t.classesLower[cls], unit),
    width: WIDTH,
    // Four panels and the legends on one page of A4.
    height: 110,
    data: { values: [...values] },
    // A transparent fill (lines have none) keeps the measure legend's dash symbols stroked: with a filled mark Vega-Lite hides their stroke.
    mark: { type: 'line' as const, point: { filled: true }, fill: 'transparent' },
    encoding: {
      // The month labels say what the axis is: no axis title under each panel.
      x: { ...monthAxis(monthly.map((m) => m.month), lang), title: null },
      y: { field: 'value', type: 'quantitative' as const, title: unit === 'hours' ? t.hours : t.days },
      // The same colour for a priority in every panel.
      // The two legends side by side under the panels: priorities in a row, measures (longer names) in a column.
      color: { field: 'priority', type: 'nominal' as const, title: t.priority, scale: { domain: [...allPriorities] }, legend: { columns: 4 } },
      strokeDash: { field: 'measure', type: 'nominal' as const, title: t.measure, sort: measures, legend: { columns: 1, symbolType: 'stroke', symbolStrokeColor: '#444', symbolStrokeWidth: 2, labelLimit: 300 } },
      tooltip: [
        { field: 'label', type: 'ordinal' as const, title: t.month },
        { field: 'priority', type: 'nominal' as const, title: t.priority },
        { field: 'measure', type: 'nominal' as const, title: t.measure },
        { field: 'value', type: 'quantitative' as const, title: unit === 'hours' ? t.hours : t.days, format: ',.2f' },
        { field: 'n', type: 'quantitative' as const, title: 'n', format: ',d' },
      ],
    },
  };
}

/** The lower edge in days of an AGE-1 bucket key ("91-365" → 91, "366+" → 366). */
const bucketFrom = (key: string): number => Number(/^\d+/.exec(key)?.[0] ?? NaN);

/** AGE-1: open tickets at each month end, stacked by age bucket (youngest at the bottom). */
export function openAgeChart(monthly: readonly MonthFigures[], lang: ChartLanguage): TopLevelSpec {
  const t = TEXTS[lang];
  const keys = [...new Set(monthly.flatMap((m) => Object.keys(m.open.byAge)))].sort((a, b) => bucketFrom(a) - bucketFrom(b));
  const labels = keys.map((k) => t.ageBucketLabel(k));
  const values = monthly.flatMap((m) =>
    keys.map((k, i) => ({ month: m.month, label: monthLabel(m.month, lang), bucket: labels[i]!, order: i, n: m.open.byAge[k] ?? 0 })),
  );
  return orEmpty({
    ...base(lang, t.openAge, t.openAgeSubtitle),
    width: WIDTH,
    height: HEIGHT,
    data: { values: values.some((v) => v.n > 0) ? values : [] },
    mark: { type: 'bar' },
    encoding: {
      x: monthAxis(monthly.map((m) => m.month), lang),
      y: { field: 'n', type: 'quantitative', aggregate: 'sum', title: t.tickets, stack: 'zero' },
      // Young to old: a sequential scheme, the oldest darkest.
      color: { field: 'bucket', type: 'ordinal', title: t.ageBucket, sort: labels, scale: { domain: labels, scheme: 'orangered' } },
      order: { field: 'order', type: 'quantitative', sort: 'ascending' },
      tooltip: [
        { field: 'label', type: 'ordinal', title: t.month },
        { field: 'bucket', type: 'ordinal', title: t.ageBucket },
        { field: 'n', type: 'quantitative', title: t.tickets, format: ',d' },
      ],
    },
  }, lang);
}

/**
 * REOPEN-1: reopened ÷ resolved per month, a line per class and one for all.
 * A month with nothing resolved in a class has no point (null, not 0); no
 * line at all when REOPEN-1 is not available (no reopen count in the exports).
 */
export function reopenRateChart(monthly: readonly MonthFigures[], lang: ChartLanguage): TopLevelSpec {
  const t = TEXTS[lang];
  const series = (['incident', 'request', 'total'] as const).map((cls) => [cls, t.classes[cls]] as const);
  const values = monthly.every((m) => m.resolved.reopenRate === undefined)
    ? []
    : monthly.flatMap((m) =>
        series.map(([cls, name]) => ({
          month: m.month,
          label: monthLabel(m.month, lang),
          series: name,
          rate: m.resolved.reopenRate?.[cls] ?? null,
          reopened: m.resolved.reopened?.[cls] ?? null,
          resolved: m.resolved[cls],
        })),
      );
  return orEmpty({
    ...base(lang, t.reopenRate, t.reopenRateSubtitle),
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', point: true, invalid: 'break-paths-show-domains' },
    encoding: {
      x: monthAxis(monthly.map((m) => m.month), lang),
      y: { field: 'rate', type: 'quantitative', title: t.rate, axis: { format: '.1%' } },
      color: { field: 'series', type: 'nominal', title: t.series, sort: series.map(([, name]) => name), scale: { domain: series.map(([, name]) => name), range: [SERIES_COLOURS.incident, SERIES_COLOURS.request, SERIES_COLOURS.total] } },
      tooltip: [
        { field: 'label', type: 'ordinal', title: t.month },
        { field: 'series', type: 'nominal', title: t.series },
        { field: 'rate', type: 'quantitative', title: t.rate, format: '.1%' },
        { field: 'reopened', type: 'quantitative', title: t.reopened, format: ',d' },
        { field: 'resolved', type: 'quantitative', title: t.resolved, format: ',d' },
      ],
    },
  }, lang);
}

/** Every chart of the report, in a fixed order. */
export function buildCharts(doc: MetricsDocument, lang: ChartLanguage): Chart[] {
  const { monthly } = doc;
  return [
    { name: 'new-by-category', spec: newByCategoryChart(monthly, lang) },
    { name: 'new-by-municipality', spec: newByMunicipalityChart(monthly, lang) },
    { name: 'open-month-end', spec: openMonthEndChart(monthly, doc.trends, lang) },
    { name: 'open-incidents', spec: openSeriesChart(monthly, doc.trends, 'incident', lang) },
    { name: 'open-requests', spec: openSeriesChart(monthly, doc.trends, 'request', lang) },
    { name: 'open-total', spec: openSeriesChart(monthly, doc.trends, 'total', lang) },
    { name: 'open-adjustment', spec: openAdjustmentChart(monthly, lang) },
    { name: 'open-by-municipality', spec: openByMunicipalityChart(monthly, lang) },
    { name: 'security-alerts', spec: securityAlertsChart(monthly, lang) },
    { name: 'sla-compliance', spec: slaComplianceChart(monthly, doc.priorities, lang) },
    { name: 'resolution-time', spec: resolutionTimeChart(monthly, doc.priorities, lang) },
    { name: 'open-age', spec: openAgeChart(monthly, lang) },
    { name: 'reopen-rate', spec: reopenRateChart(monthly, lang) },
  ];
}
