/**
 * The restatements in words, for the dashboard's section "Endringer i
 * tidligere publiserte tall" (and the report document): one sentence per
 * restated month, such as "Tallene for september 2024 er endret: åpne saker
 * 428 → 431 (+3): 2 saker gjenåpnet, 1 sak registrert etter forrige
 * rapport." When the rules changed since the publication compared with,
 * one sentence says so for every month at once. Plain text: the caller
 * escapes it for HTML.
 */
import type { ChartLanguage } from '../metrics/charts/i18n.ts';
import type { Reason, RestatedFigure, Restatements } from '../metrics/restatements.ts';

const MONTHS = {
  nb: ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
} as const;

export const monthName = (month: string, lang: ChartLanguage) => `${MONTHS[lang][Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

const REASON_TEXT: Record<ChartLanguage, Record<Reason, string>> = {
  nb: {
    rules_changed: 'endret av de nye reglene',
    registered_late: 'registrert etter forrige rapport',
    deleted: 'slettet eller merket for sletting',
    restored: 'ikke lenger slettet',
    reopened: 'gjenåpnet',
    resolution_added: 'fikk løst-tidspunkt',
    resolution_moved: 'fikk et annet løst-tidspunkt',
    resolution_removed: 'mistet løst-tidspunktet',
    reclassified: 'omklassifisert (type, kategori, kommune eller prioritet)',
    created_moved: 'fikk et annet opprettet-tidspunkt',
    other: 'endret på annen måte (respons, varighet eller frist)',
  },
  en: {
    rules_changed: 'changed by the new rules',
    registered_late: 'registered after the last report',
    deleted: 'deleted or marked for deletion',
    restored: 'no longer deleted',
    reopened: 'reopened',
    resolution_added: 'given a resolution time',
    resolution_moved: 'given another resolution time',
    resolution_removed: 'no longer resolved',
    reclassified: 'reclassified (type, category, municipality or priority)',
    created_moved: 'given another creation time',
    other: 'changed otherwise (response, duration or due time)',
  },
};

export const reasonText = (reason: Reason, lang: ChartLanguage) => REASON_TEXT[lang][reason];

const CLASS_TEXT = { nb: { incident: 'hendelser', request: 'forespørsler', total: 'saker' }, en: { incident: 'incidents', request: 'requests', total: 'tickets' } } as const;

const MEASURE_TEXT: Record<ChartLanguage, Record<string, string>> = {
  nb: {
    n: 'antall løst',
    meanHours: 'snitt løsningstid (timer)',
    medianHours: 'median løsningstid (timer)',
    p90Hours: '90-persentil løsningstid (timer)',
    meanServiceHours: 'snitt løsningstid (tjenestetimer)',
    medianServiceHours: 'median løsningstid (tjenestetimer)',
    p90ServiceHours: '90-persentil løsningstid (tjenestetimer)',
    nOld: 'gamle saker',
    meanHoursExcludingOld: 'snitt uten gamle saker (timer)',
    met: 'løst innenfor mål',
    breached: 'løst over mål',
    compliance: 'andel løst innenfor mål',
    openBreached: 'åpne over fristen',
    responseMet: 'respons innenfor mål',
    responseBreached: 'respons over mål',
    responseCompliance: 'andel respons innenfor mål',
  },
  en: {
    n: 'resolved',
    meanHours: 'mean resolution time (hours)',
    medianHours: 'median resolution time (hours)',
    p90Hours: '90th percentile resolution time (hours)',
    meanServiceHours: 'mean resolution time (service hours)',
    medianServiceHours: 'median resolution time (service hours)',
    p90ServiceHours: '90th percentile resolution time (service hours)',
    nOld: 'old cases',
    meanHoursExcludingOld: 'mean without old cases (hours)',
    met: 'resolved within target',
    breached: 'resolved past target',
    compliance: 'share resolved within target',
    openBreached: 'open past due',
    responseMet: 'response within target',
    responseBreached: 'response past target',
    responseCompliance: 'share of responses within target',
  },
};

/** A figure's name in words: "åpne saker", "nye saker fra Molde", "SLA Kritisk: løst over mål". */
export function figureText(path: readonly string[], lang: ChartLanguage): string {
  const nb = lang === 'nb';
  const [group, key, name] = path as [string, string, string | undefined];
  const cls = (k: string) => CLASS_TEXT[lang][k as 'incident' | 'request' | 'total'] ?? k;
  switch (group) {
    case 'new':
      if (key === 'securityAlerts') return nb ? 'sikkerhetsvarsler' : 'security alerts';
      if (key === 'byCategory') return nb ? `nye saker i kategorien ${name}` : `new tickets in category ${name}`;
      if (key === 'byMunicipality') return nb ? `nye saker fra ${name}` : `new tickets from ${name}`;
      return nb ? `nye ${cls(key)}` : `new ${cls(key)}`;
    case 'open':
      if (key === 'naiveTotal') return nb ? 'åpne saker etter løst-dato alene' : 'open tickets by the resolved date alone';
      if (key === 'adjustment') return nb ? 'justering for manglende løst-dato' : 'adjustment for missing resolved dates';
      if (key === 'byMunicipality') return nb ? `åpne saker i ${name}` : `open tickets in ${name}`;
      if (key === 'changeByMunicipality') return nb ? `endring i åpne saker i ${name}` : `change in open tickets in ${name}`;
      return nb ? `åpne ${cls(key)}` : `open ${cls(key)}`;
    case 'resolved':
      if (key === 'reopened') return nb ? `gjenåpnede blant løste ${cls(name!)}` : `reopened among resolved ${cls(name!)}`;
      if (key === 'reopenRate') return nb ? `andel gjenåpnede blant løste ${cls(name!)}` : `reopened share of resolved ${cls(name!)}`;
      return nb ? `løste ${cls(key)}` : `resolved ${cls(key)}`;
    case 'balance':
      return nb ? `balanse for ${cls(key)}` : `balance of ${cls(key)}`;
    case 'resolution':
      return `${cls(key)} ${path[3]}: ${MEASURE_TEXT[lang][path[4]!] ?? path[4]}`;
    case 'sla':
      return `SLA ${key === 'byPriority' ? name : key}: ${MEASURE_TEXT[lang][path[3]!] ?? path[3]}`;
    default:
      return path.join('.');
  }
}

/** A number as the page writes it: decimal comma and a true minus in Norwegian. */
export function numberText(n: number | null, lang: ChartLanguage): string {
  if (n === null) return lang === 'nb' ? 'ingen verdi' : 'no value';
  const text = String(Math.abs(Math.round(n * 100) / 100));
  return (n < 0 ? (lang === 'nb' ? '−' : '-') : '') + (lang === 'nb' ? text.replace('.', ',') : text);
}

export function signedText(n: number, lang: ChartLanguage): string {
  return n > 0 ? `+${numberText(n, lang)}` : n < 0 ? numberText(n, lang) : '±0';
}

const tickets = (n: number, lang: ChartLanguage) => (lang === 'nb' ? `${n} ${n === 1 ? 'sak' : 'saker'}` : `${n} ${n === 1 ? 'ticket' : 'tickets'}`);

/** "2 saker gjenåpnet, 1 sak registrert etter forrige rapport" (with each group's sum where it is not +1 per ticket). */
export function reasonsText(figure: RestatedFigure, lang: ChartLanguage): string {
  return figure.reasons
    .map((r) => {
      const sum = r.contribution !== null && r.contribution !== r.tickets ? ` (${signedText(r.contribution, lang)})` : '';
      return `${tickets(r.tickets, lang)} ${reasonText(r.reason, lang)}${sum}`;
    })
    .join(', ');
}

/** "åpne saker 428 → 431 (+3): 2 saker gjenåpnet, …" */
export function figureChangeText(f: RestatedFigure, lang: ChartLanguage): string {
  const change = f.difference === null ? '' : ` (${signedText(f.difference, lang)})`;
  const reasons = reasonsText(f, lang);
  return `${figureText(f.path, lang)} ${numberText(f.published, lang)} → ${numberText(f.value, lang)}${change}${reasons ? `: ${reasons}` : ''}`;
}

/** The figures a month's sentence names, in this order; the rest are counted. */
const HEADLINE = ['open.total', 'new.total', 'resolved.total', 'open.naiveTotal'];

/** The words of the restatement sentences, per language. */
const SENTENCE_TEXT = {
  nb: {
    publication: (month: string, version: number) => `rapporten for ${month} (versjon ${version})`,
    othersToo: (n: number) => `${n} ${n === 1 ? 'annet tall' : 'andre tall'} er også endret`,
    othersOnly: (n: number) => `${n} tall er endret`,
    monthChanged: (month: string, publication: string) => `Tallene for ${month} er endret siden ${publication}`,
    months: (n: number, window: number) => (n === window ? `alle ${n} månedene` : `${n} av ${window} måneder`),
    range: (from: string, to: string) => `fra ${from} til ${to}`,
    perMonth: 'per måned',
    byAdjustment: (range: string) => `med justeringen for manglende løst-dato, ${range} per måned`,
    rulesRecomputed: (publication: string, figures: number, months: string) => `Reglene er endret siden ${publication}: ${figures} tall i ${months} er regnet om med de nye reglene.`,
    rulesOpen: (publication: string, months: string, how: string, figures: number) =>
      `Reglene er endret siden ${publication}, så åpne saker ved månedsslutt er regnet om for ${months} (${how}); til sammen ${figures} tall er endret.`,
  },
  en: {
    publication: (month: string, version: number) => `the report for ${month} (version ${version})`,
    othersToo: (n: number) => `${n} other figure${n === 1 ? '' : 's'} changed too`,
    othersOnly: (n: number) => `${n} figure${n === 1 ? '' : 's'} changed`,
    monthChanged: (month: string, publication: string) => `The figures for ${month} have changed since ${publication}`,
    months: (n: number, window: number) => (n === window ? `all ${n} months` : `${n} of ${window} months`),
    range: (from: string, to: string) => `from ${from} to ${to}`,
    perMonth: 'per month',
    byAdjustment: (range: string) => `by the adjustment for missing resolved dates, ${range} per month`,
    rulesRecomputed: (publication: string, figures: number, months: string) => `The rules have changed since ${publication}: ${figures} figures in ${months} are recomputed by the new rules.`,
    rulesOpen: (publication: string, months: string, how: string, figures: number) =>
      `The rules have changed since ${publication}, so open tickets at month end are recomputed for ${months} (${how}); ${figures} figures changed in all.`,
  },
} as const;

/** One sentence per restated month; one for all months of a baseline whose rules differ. */
export function restatementSentences(restatements: Restatements, lang: ChartLanguage): string[] {
  const t = SENTENCE_TEXT[lang];
  const sentences: string[] = [];
  for (const baseline of restatements.against) {
    const figures = restatements.figures.filter((f) => f.publishedIn.reportMonth === baseline.reportMonth && f.publishedIn.version === baseline.version);
    if (figures.length === 0) continue;
    const publication = t.publication(monthName(baseline.reportMonth, lang), baseline.version);
    if (baseline.rulesChanged) {
      sentences.push(rulesSentence(figures, baseline.months.length, publication, lang));
      continue;
    }
    const months = [...new Set(figures.map((f) => f.month))];
    for (const month of months) {
      const inMonth = figures.filter((f) => f.month === month);
      const named = HEADLINE.map((k) => inMonth.find((f) => f.figure === k)).filter((f): f is RestatedFigure => f !== undefined);
      const others = inMonth.length - named.length;
      const parts = named.map((f) => figureChangeText(f, lang));
      const rest = parts.length === 0 ? t.othersOnly(others) : others === 0 ? '' : `; ${t.othersToo(others)}`;
      sentences.push(`${t.monthChanged(monthName(month, lang), publication)}: ${parts.join('; ')}${rest}.`);
    }
  }
  return sentences;
}

function rulesSentence(figures: readonly RestatedFigure[], windowMonths: number, publication: string, lang: ChartLanguage): string {
  const t = SENTENCE_TEXT[lang];
  const open = figures.filter((f) => f.figure === 'open.total' && f.difference !== null);
  const months = new Set(figures.map((f) => f.month)).size;
  if (open.length === 0) return t.rulesRecomputed(publication, figures.length, t.months(months, windowMonths));
  const diffs = open.map((f) => f.difference!);
  const lo = Math.min(...diffs);
  const hi = Math.max(...diffs);
  const range = lo === hi ? signedText(lo, lang) : t.range(signedText(hi, lang), signedText(lo, lang));
  // The seed's own case: the repair of missing resolved dates turned on moves every month by exactly its adjustment (OPEN-2).
  const byAdjustment = open.every((f) => {
    const adjustment = figures.find((g) => g.month === f.month && g.figure === 'open.adjustment');
    return adjustment !== undefined && adjustment.value !== null && adjustment.difference !== null && f.difference === -adjustment.difference;
  });
  const how = byAdjustment ? t.byAdjustment(range) : `${range} ${t.perMonth}`;
  return t.rulesOpen(publication, t.months(open.length, windowMonths), how, figures.length);
}

/** The section's heading, texts and table headers, for the dashboard and the report document. */
export const RESTATEMENT_SECTION = {
  nb: {
    title: 'Endringer i tidligere publiserte tall',
    none: 'Ingen tall i tidligere publiserte rapporter er endret.',
    nothingPublished: 'Ingen tidligere rapport er publisert for disse månedene, så det er ingenting å sammenligne med.',
    tableSummary: (n: number) => `Alle ${n} endrede tall`,
    columns: ['Måned', 'Tall', 'Publisert', 'Nå', 'Endring', 'Hvorfor'],
    detailsHint: 'Sak for sak: psa changes --db <database>, eller visningen v_restatements i databasen.',
  },
  en: {
    title: 'Changes to figures published earlier',
    none: 'No figure of an earlier published report has changed.',
    nothingPublished: 'No earlier report was published for these months, so there is nothing to compare with.',
    tableSummary: (n: number) => `All ${n} changed figures`,
    columns: ['Month', 'Figure', 'Published', 'Now', 'Change', 'Why'],
    detailsHint: 'Ticket by ticket: psa changes --db <database>, or the view v_restatements in the database.',
  },
} as const;

/** The section's rows: month, figure, published, now, change, why. */
export function restatementRows(restatements: Restatements, lang: ChartLanguage): string[][] {
  return restatements.figures.map((f) => [
    monthName(f.month, lang),
    figureText(f.path, lang),
    numberText(f.published, lang),
    numberText(f.value, lang),
    f.difference === null ? '' : signedText(f.difference, lang),
    reasonsText(f, lang),
  ]);
}
