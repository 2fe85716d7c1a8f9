/**
 * Numbers and dates in the report's running text: Norwegian by default
 * ("1 456", "2,62", "31. oktober", "11.10", "okt. 2024"), English with
 * `--lang en` ("1,456", "2.62", "31 October", "11 Oct", "Oct 2024").
 * Thousands are grouped with a no-break space in Norwegian, so a number is
 * never split over two lines.
 */
import { formatNumber, monthLabel, type ChartLanguage } from '../metrics/charts/i18n.ts';

export type ReportLanguage = ChartLanguage;

const MONTHS: Readonly<Record<ReportLanguage, readonly string[]>> = {
  nb: ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
const SHORT_MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A count: "1 456" / "1,456". A negative count takes a real minus sign in Norwegian. */
export function count(n: number, lang: ReportLanguage): string {
  const digits = String(Math.abs(Math.trunc(n))).replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'nb' ? '\u00a0' : ',');
  return (n < 0 ? (lang === 'nb' ? '−' : '-') : '') + digits;
}

/** A signed change: "−55", "+1", "0". */
export function change(n: number, lang: ReportLanguage): string {
  return n > 0 ? `+${count(n, lang)}` : count(n, lang);
}

/** A figure with up to 2 decimals: "2,62" / "2.62". */
export function decimal(x: number, lang: ReportLanguage): string {
  return formatNumber(x, lang, 2);
}

/** A compliance fraction as a whole-number percentage: "50 %" / "50%". */
export function percent(fraction: number, lang: ReportLanguage): string {
  const p = formatNumber(fraction * 100, lang, 0);
  return lang === 'nb' ? `${p}\u00a0%` : `${p}%`;
}

/** A fraction as a percentage with one decimal: "1,5 %" / "1.5%" (REOPEN-1's rate; "2 %" when the decimal is 0). */
export function percentOneDecimal(fraction: number, lang: ReportLanguage): string {
  const p = formatNumber(Math.round(fraction * 1000) / 10, lang, 1);
  return lang === 'nb' ? `${p}\u00a0%` : `${p}%`;
}

/** A local wall-clock time `YYYY-MM-DDTHH:MM:SS` as the time of day: "19.12" / "19:12". */
export function timeOfDay(local: string, lang: ReportLanguage): string {
  return local.slice(11, 16).replace(':', lang === 'nb' ? '.' : ':');
}

/** A local date `YYYY-MM-DD` in running text: "29. oktober" / "29 October". */
export function dayAndMonthName(date: string, lang: ReportLanguage): string {
  const day = Number(date.slice(8, 10));
  const month = monthName(date.slice(0, 7), lang);
  return lang === 'nb' ? `${day}. ${month}` : `${day} ${month}`;
}

/** Hours as days, rounded to 2 decimals as the figures are (METRICS.md: rounding). */
export function hoursToDays(hours: number): number {
  return Math.round((hours / 24) * 100) / 100;
}

/** "oktober" / "October". */
export function monthName(month: string, lang: ReportLanguage): string {
  return MONTHS[lang][Number(month.slice(5, 7)) - 1]!;
}

/** "oktober", or "desember 2023" when the year differs from `reportMonth`'s. */
export function monthNameIn(month: string, reportMonth: string, lang: ReportLanguage): string {
  return month.slice(0, 4) === reportMonth.slice(0, 4) ? monthName(month, lang) : `${monthName(month, lang)} ${month.slice(0, 4)}`;
}

/** "okt. 2024" / "Oct 2024". */
export function shortMonth(month: string, lang: ReportLanguage): string {
  return monthLabel(month, lang);
}

/** The last day of `YYYY-MM`. */
export function lastDay(month: string): number {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The month's last day: "31. oktober" / "31 October". */
export function monthEndDate(month: string, lang: ReportLanguage): string {
  return lang === 'nb' ? `${lastDay(month)}. ${monthName(month, lang)}` : `${lastDay(month)} ${monthName(month, lang)}`;
}

/** A local date `YYYY-MM-DD` in a list: "11.10" / "11 Oct". */
export function dayAndMonth(date: string, lang: ReportLanguage): string {
  const day = Number(date.slice(8, 10));
  const month = Number(date.slice(5, 7));
  return lang === 'nb' ? `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}` : `${day} ${SHORT_MONTHS_EN[month - 1]}`;
}

/** "A", "A og B", "A, B og C" / "A, B and C". */
export function listOf(items: readonly string[], lang: ReportLanguage): string {
  const and = lang === 'nb' ? 'og' : 'and';
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`;
}
