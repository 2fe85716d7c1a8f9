/**
 * The numbers test's two halves: every number written in a report.md, and
 * every figure of the metrics document it may come from. Dates are checked
 * as dates: a list date must be a listed incident's, a month-end date the
 * report month's last day, a month label a window month.
 */
import type { MetricsDocument, MonthFigures } from '../../metrics/document.ts';
import { hoursToDays, lastDay, monthName, shortMonth, dayAndMonth, type ReportLanguage } from '../../report/format.ts';

/** The figures a sentence may state: the report month's, the trends, the window's adjustments, the targets and the listed incidents. */
export function allowedNumbers(doc: MetricsDocument): Set<number> {
  const allowed = new Set<number>();
  const walk = (v: unknown, hours = false): void => {
    if (typeof v === 'number') {
      allowed.add(v);
      allowed.add(Math.abs(v));
      // Compliance as a percentage, hours as days (METRICS.md rounding).
      if (v >= 0 && v <= 1) allowed.add(Math.round(v * 100));
      if (hours) allowed.add(hoursToDays(v));
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, hours));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, hours || /Hours/.test(k));
  };
  const m = doc.monthly.at(-1)!;
  walk(m);
  walk(doc.monthly.at(-2)?.new.securityAlerts ?? 0);
  walk(doc.monthly.map((x) => x.open.adjustment));
  walk(doc.trends);
  walk(doc.priorities);
  walk(doc.criticalAndHigh);
  walk(doc.slaBreaches);
  walk(doc.window.length);
  walk(doc.monthly.filter((x) => x.open.adjustment !== 0).length);
  // REPORT-14: open cases older than 90 days (AGE-1's default buckets from 91 days), at the two last month ends, and their change.
  const old = (x: MonthFigures | undefined) => (x === undefined ? 0 : (x.open.byAge['91-365'] ?? 0) + (x.open.byAge['366+'] ?? 0));
  walk([90, old(m), old(doc.monthly.at(-2)), old(m) - old(doc.monthly.at(-2))]);
  // REPORT-15: reopen rates as percentages with one decimal.
  for (const x of [m, doc.monthly.at(-2)]) if (x?.resolved.reopenRate?.total != null) allowed.add(Math.round(x.resolved.reopenRate.total * 1000) / 10);
  // REPORT-16: the mass closures (QUALITY-1).
  walk(doc.dataQuality.massClosures.map((c) => c.tickets));
  return allowed;
}

const NUMBER: Record<ReportLanguage, RegExp> = {
  nb: /[−+-]?\d{1,3}(?:\u00a0\d{3})+(?:,\d+)?|[−+-]?\d+(?:,\d+)?/g,
  en: /[−+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[−+-]?\d+(?:\.\d+)?/g,
};

export interface NumberCheck {
  /** Numbers in the text that are no figure of the document. */
  readonly unknown: string[];
  /** Dates in the text that are no date of the document. */
  readonly badDates: string[];
  /** How many numbers were checked (so a test sees it found some). */
  readonly checked: number;
}

export function checkNumbers(markdown: string, doc: MetricsDocument, lang: ReportLanguage): NumberCheck {
  const allowed = allowedNumbers(doc);
  const badDates: string[] = [];
  const months = lang === 'nb'
    ? ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember']
    : ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const listDates = new Set([...doc.criticalAndHigh, ...doc.slaBreaches].map((c) => dayAndMonth(c.date, lang)));
  const windowLabels = new Set(doc.window.map((w) => shortMonth(w, lang)));
  const monthEnd = lang === 'nb' ? `${lastDay(doc.reportMonth)}. ${monthName(doc.reportMonth, lang)}` : `${lastDay(doc.reportMonth)} ${monthName(doc.reportMonth, lang)}`;
  let text = markdown
    // Heading numbers (2.1.4.1) are the section's, not figures.
    .replace(/^(#+) [\d.]+ /gm, '$1 ')
    .replace(/\\([.+-])/g, '$1');
  // REPORT-16: a mass closure's local date and times: "29. oktober … (kl. 19.12–19.16)" / "29 October … (19:12–19:16)".
  for (const c of doc.dataQuality.massClosures) {
    const day = Number(c.localFirst.slice(8, 10));
    const name = monthName(c.localFirst.slice(0, 7), lang);
    text = text.replaceAll(lang === 'nb' ? `${day}. ${name}` : `${day} ${name}`, '');
    const time = (local: string) => local.slice(11, 16).replace(':', lang === 'nb' ? '.' : ':');
    text = text.replaceAll(`${time(c.localFirst)}–${time(c.localLast)}`, '');
  }
  // Month-end dates: "31. oktober" / "31 October".
  text = text.replace(new RegExp(`\\b\\d{1,2}\\.? (${months.join('|')})\\b`, 'g'), (d) => {
    if (d !== monthEnd) badDates.push(d);
    return '';
  });
  // Month labels: "okt. 2024" / "Oct 2024", and "desember 2023".
  text = text.replace(/\b(jan\.|feb\.|mars|apr\.|mai|juni|juli|aug\.|sep\.|okt\.|nov\.|des\.|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b/g, (d) => {
    if (!windowLabels.has(d)) badDates.push(d);
    return '';
  });
  text = text.replace(new RegExp(`\\b(${months.join('|')}) (\\d{4})\\b`, 'g'), (d, name: string, year: string) => {
    if (!doc.window.some((w) => w.slice(0, 4) === year && monthName(w, lang) === name)) badDates.push(d);
    return '';
  });
  // List dates: "11.10" / "11 Oct".
  text = text.replace(lang === 'nb' ? /\b\d{2}\.\d{2}\b(?![.,]?\d)/g : /\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/g, (d) => {
    if (!listDates.has(d)) badDates.push(d);
    return '';
  });
  const unknown: string[] = [];
  let checked = 0;
  for (const match of text.matchAll(NUMBER[lang])) {
    const raw = match[0];
    const value = Number((lang === 'nb' ? raw.replace(/\u00a0/g, '').replace(',', '.') : raw.replace(/,/g, '')).replace('−', '-').replace(/^\+/, ''));
    checked++;
    if (!allowed.has(value)) unknown.push(raw);
  }
  return { unknown, badDates, checked };
}
