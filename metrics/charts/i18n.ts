/**
 * The words and formats of the charts, in Norwegian (bokmål, the default)
 * and English. Months are labelled in the data itself ("okt. 2024"), so a
 * chart reads the same in every renderer whatever its locale; numbers inside
 * the charts follow the Vega-Lite `config.locale` given here.
 */
import type { TicketClassCounted } from '../document.ts';

export type ChartLanguage = 'nb' | 'en';

export interface ChartTexts {
  readonly month: string;
  readonly tickets: string;
  readonly classes: Readonly<Record<TicketClassCounted | 'total', string>>;
  readonly category: string;
  readonly municipality: string;
  readonly priority: string;
  readonly series: string;
  readonly newByCategory: string;
  readonly newByMunicipality: string;
  readonly openMonthEnd: string;
  readonly openMonthEndSubtitle: (slope: string, fallingSince: string | null) => string;
  readonly trend: string;
  /** The three open-case charts of the report, one series each. */
  readonly openSeries: Readonly<Record<'incident' | 'request' | 'total', string>>;
  readonly openSeriesSubtitle: (slope: string, fallingSince: string | null) => string;
  readonly openAdjustment: string;
  readonly openAdjustmentSubtitle: (min: number, max: number) => string;
  readonly naive: string;
  readonly repaired: string;
  readonly adjustment: string;
  readonly openByMunicipality: string;
  readonly securityAlerts: string;
  readonly slaCompliance: string;
  readonly slaSubtitle: string;
  readonly compliance: string;
  readonly slaLabel: (percent: string, met: number, total: number) => string;
  readonly resolutionTime: string;
  readonly resolutionPanel: (priorities: string, cls: string, unit: 'hours' | 'days') => string;
  readonly measures: Readonly<Record<'mean' | 'median' | 'meanExcludingOld', string>>;
  readonly measure: string;
  readonly hours: string;
  readonly days: string;
  readonly and: string;
  /** AGE-1: open cases at month end by age, stacked. */
  readonly openAge: string;
  readonly openAgeSubtitle: string;
  readonly ageBucket: string;
  readonly ageBucketLabel: (key: string) => string;
  /** REOPEN-1: the reopen rate per class. */
  readonly reopenRate: string;
  readonly reopenRateSubtitle: string;
  readonly rate: string;
  readonly reopened: string;
  readonly resolved: string;
  /** Drawn across a chart that has nothing to show in the window. */
  readonly noData: string;
  /** Class names as used inside a sentence ("hendelser"). */
  readonly classesLower: Readonly<Record<TicketClassCounted, string>>;
  readonly shortMonths: readonly string[];
  /** Vega-Lite `config.locale.number`. */
  readonly numberLocale: { decimal: string; thousands: string; grouping: number[]; currency: [string, string] };
}

const NB: ChartTexts = {
  month: 'Måned',
  tickets: 'Saker',
  classes: { incident: 'Hendelser', request: 'Forespørsler', total: 'Totalt' },
  classesLower: { incident: 'hendelser', request: 'forespørsler' },
  category: 'Kategori',
  municipality: 'Kommune',
  priority: 'Prioritet',
  series: 'Serie',
  newByCategory: 'Nye saker per måned etter kategori',
  newByMunicipality: 'Nye saker per måned etter kommune',
  openMonthEnd: 'Åpne saker ved månedsslutt',
  openMonthEndSubtitle: (slope, since) => `Trend totalt ${slope} saker per måned${since === null ? '' : `, ikke økt siden ${since}`}`,
  trend: 'trend',
  openSeries: {
    incident: 'Åpne feilmeldinger ved månedsslutt',
    request: 'Åpne tjenesteforespørsler ved månedsslutt',
    total: 'Åpne feilmeldinger og tjenesteforespørsler ved månedsslutt',
  },
  openSeriesSubtitle: (slope, since) => `Stiplet: trend ${slope} saker per måned${since === null ? '' : `, ikke økt siden ${since}`}`,
  openAdjustment: 'Åpne saker: korrigert mot naiv opptelling',
  openAdjustmentSubtitle: (min, max) => `Naiv = bare Løst-dato; korrigert ned med ${min === max ? min : `${min}–${max}`} saker per måned`,
  naive: 'Naiv (bare Løst-dato)',
  repaired: 'Korrigert',
  adjustment: 'Korrigering',
  openByMunicipality: 'Åpne saker ved månedsslutt etter kommune',
  securityAlerts: 'Sikkerhetsvarsler per måned',
  slaCompliance: 'SLA-oppnåelse for løsningstid per prioritet',
  slaSubtitle: 'Hendelser løst i måneden; andel innenfor målet (oppnådd av løste)',
  compliance: 'Oppnåelse',
  slaLabel: (percent, met, total) => `${percent}\n(${met} av ${total})`,
  resolutionTime: 'Løsningstid per prioritet',
  resolutionPanel: (priorities, cls, unit) => `${priorities}, ${cls} (${unit === 'hours' ? 'timer' : 'dager'})`,
  measures: { mean: 'Gjennomsnitt', median: 'Median', meanExcludingOld: 'Gjennomsnitt uten gamle saker' },
  measure: 'Mål',
  hours: 'Timer',
  days: 'Dager',
  and: 'og',
  openAge: 'Åpne saker ved månedsslutt etter alder',
  openAgeSubtitle: 'Alder i hele dager fra opprettet til månedsslutt',
  ageBucket: 'Alder',
  ageBucketLabel: (key) => (key.endsWith('+') ? `over ${Number(key.slice(0, -1)) - 1} dager` : `${key.replace('-', '–')} dager`),
  reopenRate: 'Andel gjenåpnede blant løste saker',
  reopenRateSubtitle: 'Saker løst i måneden som har vært gjenåpnet minst én gang',
  rate: 'Andel',
  reopened: 'Gjenåpnet',
  resolved: 'Løst',
  noData: 'Ingen saker å vise i perioden',
  shortMonths: ['jan.', 'feb.', 'mars', 'apr.', 'mai', 'juni', 'juli', 'aug.', 'sep.', 'okt.', 'nov.', 'des.'],
  numberLocale: { decimal: ',', thousands: '\u00a0', grouping: [3], currency: ['', '\u00a0kr'] },
};

const EN: ChartTexts = {
  month: 'Month',
  tickets: 'Tickets',
  classes: { incident: 'Incidents', request: 'Requests', total: 'Total' },
  classesLower: { incident: 'incidents', request: 'requests' },
  category: 'Category',
  municipality: 'Municipality',
  priority: 'Priority',
  series: 'Series',
  newByCategory: 'New tickets per month by category',
  newByMunicipality: 'New tickets per month by municipality',
  openMonthEnd: 'Open tickets at month end',
  openMonthEndSubtitle: (slope, since) => `Total trend ${slope} tickets per month${since === null ? '' : `, not risen since ${since}`}`,
  trend: 'trend',
  openSeries: {
    incident: 'Open incidents at month end',
    request: 'Open service requests at month end',
    total: 'Open incidents and service requests at month end',
  },
  openSeriesSubtitle: (slope, since) => `Dashed: trend ${slope} tickets per month${since === null ? '' : `, not risen since ${since}`}`,
  openAdjustment: 'Open tickets: repaired versus naive count',
  openAdjustmentSubtitle: (min, max) => `Naive = resolved date only; adjusted down by ${min === max ? min : `${min}–${max}`} tickets a month`,
  naive: 'Naive (resolved date only)',
  repaired: 'Repaired',
  adjustment: 'Adjustment',
  openByMunicipality: 'Open tickets at month end by municipality',
  securityAlerts: 'Security alerts per month',
  slaCompliance: 'Resolution SLA compliance per priority',
  slaSubtitle: 'Incidents resolved in the month; share within target (met of resolved)',
  compliance: 'Compliance',
  slaLabel: (percent, met, total) => `${percent}\n(${met} of ${total})`,
  resolutionTime: 'Resolution time per priority',
  resolutionPanel: (priorities, cls, unit) => `${priorities}, ${cls} (${unit})`,
  measures: { mean: 'Mean', median: 'Median', meanExcludingOld: 'Mean without old cases' },
  measure: 'Measure',
  hours: 'Hours',
  days: 'Days',
  and: 'and',
  openAge: 'Open tickets at month end by age',
  openAgeSubtitle: 'Age in whole days from created to month end',
  ageBucket: 'Age',
  ageBucketLabel: (key) => (key.endsWith('+') ? `over ${Number(key.slice(0, -1)) - 1} days` : `${key.replace('-', '–')} days`),
  reopenRate: 'Reopened share of resolved tickets',
  reopenRateSubtitle: 'Tickets resolved in the month that were reopened at least once',
  rate: 'Share',
  reopened: 'Reopened',
  resolved: 'Resolved',
  noData: 'No tickets to show in the window',
  shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  numberLocale: { decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''] },
};

export const TEXTS: Readonly<Record<ChartLanguage, ChartTexts>> = { nb: NB, en: EN };

/** "okt. 2024" / "Oct 2024" for `YYYY-MM`. */
export function monthLabel(month: string, lang: ChartLanguage): string {
  return `${TEXTS[lang].shortMonths[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** A number in running text: decimal comma and a real minus sign in Norwegian. */
export function formatNumber(x: number, lang: ChartLanguage, decimals = 2): string {
  const fixed = Math.abs(x).toFixed(decimals);
  const text = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  const sign = x < 0 ? (lang === 'nb' ? '−' : '-') : '';
  return sign + (lang === 'nb' ? text.replace('.', ',') : text);
}

/** A fraction as a whole percentage: "50 %" / "50%". */
export function formatPercent(fraction: number, lang: ChartLanguage): string {
  const p = formatNumber(fraction * 100, lang, 0);
  return lang === 'nb' ? `${p}\u00a0%` : `${p}%`;
}
