/**
 * Timestamps in Pureservice exports, turned into UTC instants (METRICS.md
 * TIME-1, TIME-2).
 *
 * Accepted forms:
 * - ISO-8601: `2024-10-11T08:15`, `2024-10-11T08:15:30`, `2024-10-11 08:15:30.123`,
 *   optionally followed by `Z` or an offset (`+02:00`, `+0200`, `+02`);
 * - Norwegian: `11.10.2024 08:15`, `11.10.2024 08:15:30`, `11.10.2024`
 *   (day and month may have one digit, the hour one or two);
 * - a date alone means local midnight.
 *
 * A time without an offset is wall-clock time in the configured zone
 * (Europe/Oslo): one in the spring-forward gap is moved forward by the gap,
 * an ambiguous one in the autumn takes the earlier instant (summer time).
 * Fractions of a second are dropped. Every day's offset is looked up once,
 * so a million timestamps cost a few hundred milliseconds, not a generic
 * date-library call each.
 */
import { IANAZone } from 'luxon';

export const DEFAULT_ZONE = 'Europe/Oslo';

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

/** Turns export text into `YYYY-MM-DDTHH:MM:SSZ`, or null when the text is not a timestamp. */
export type TimestampParser = (text: string) => string | null;

const MS_PER_DAY = 86_400_000;

/** What one local calendar day needs for converting its wall-clock times. */
interface LocalDay {
  /** Date.UTC of the day's midnight: wall-clock times are counted from it. */
  readonly wallStart: number;
  /** Offset (minutes east of UTC) at the start of the day. */
  readonly atStart: number;
  /** Offset at the end of the day; differs from atStart on a transition day. */
  readonly atEnd: number;
  /** On a transition day: the first instant (UTC ms) with the new offset. */
  readonly transition: number;
}

/** Converts local wall-clock times of one zone to UTC instants. */
export class ZoneClock {
  readonly zone: string;
  private readonly iana: IANAZone;
  private readonly days = new Map<number, LocalDay>();

  constructor(zone: string = DEFAULT_ZONE) {
    const iana = IANAZone.create(zone);
    if (!iana.isValid) throw new Error(`unknown time zone "${zone}"`);
    this.zone = zone;
    this.iana = iana;
  }

  /** Offset of the zone at a UTC instant, in minutes east of UTC. */
  offsetAt(utcMillis: number): number {
    return this.iana.offset(utcMillis);
  }

  /** UTC hour → the zone's offset through that whole hour (the same at its start and its last millisecond), or null when it changes within it. */
  private readonly hourOffsets = new Map<number, number | null>();

  /**
   * A UTC instant as local wall-clock time, `YYYY-MM-DDTHH:MM:SS`. Offsets
   * are looked up once per UTC hour (luxon's lookup is slow), exactly: an
   * hour in which the offset changes is looked up instant by instant.
   */
  wallClock(utcMillis: number): string {
    const hour = Math.floor(utcMillis / MS_PER_HOUR);
    let offset = this.hourOffsets.get(hour);
    if (offset === undefined) {
      const start = this.offsetAt(hour * MS_PER_HOUR);
      offset = start === this.offsetAt((hour + 1) * MS_PER_HOUR - 1) ? start : null;
      this.hourOffsets.set(hour, offset);
    }
    return formatUtc(utcMillis + (offset ?? this.offsetAt(utcMillis)) * MS_PER_MINUTE).slice(0, -1);
  }

  /**
   * The UTC instant (epoch milliseconds) of a local wall-clock time, resolved
   * as TIME-2 says: in a spring-forward gap, moved forward by the gap; in the
   * repeated autumn hour, the earlier instant.
   */
  toUtcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
    const local = this.localDay(year, month, day);
    const wall = local.wallStart + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * 1000;
    const before = wall - local.atStart * MS_PER_MINUTE;
    if (local.atStart === local.atEnd) return before;
    const after = wall - local.atEnd * MS_PER_MINUTE;
    const beforeValid = before < local.transition;
    const afterValid = after >= local.transition;
    if (beforeValid && afterValid) return Math.min(before, after); // repeated hour: the earlier instant
    if (afterValid) return after;
    // Valid only before the change, or in the skipped hour: read with the
    // offset in force before the gap, which lands as far past the gap's end
    // as the time is past its start.
    return before;
  }

  private localDay(year: number, month: number, day: number): LocalDay {
    const key = year * 10_000 + month * 100 + day;
    const cached = this.days.get(key);
    if (cached !== undefined) return cached;
    const wallStart = Date.UTC(year, month - 1, day);
    // Noon UTC the day before and the day after bracket the whole local day
    // in any zone within ±12 h.
    const from = wallStart - 12 * MS_PER_HOUR;
    const to = wallStart + 36 * MS_PER_HOUR;
    const atStart = this.dayEdgeOffset(from);
    const atEnd = this.dayEdgeOffset(to);
    const local: LocalDay = { wallStart, atStart, atEnd, transition: atStart === atEnd ? Infinity : this.findTransition(from, to, atStart) };
    this.days.set(key, local);
    return local;
  }

  /** Offsets at the edges localDay() brackets a day with: a day's end is the start of the day after next, so each is asked twice. */
  private readonly edgeOffsets = new Map<number, number>();

  private dayEdgeOffset(utcMillis: number): number {
    let offset = this.edgeOffsets.get(utcMillis);
    if (offset === undefined) {
      offset = this.offsetAt(utcMillis);
      this.edgeOffsets.set(utcMillis, offset);
    }
    return offset;
  }

  /** First instant in (from, to] whose offset is not `initial`, to the second. */
  private findTransition(from: number, to: number, initial: number): number {
    let lo = from;
    let hi = to;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (this.offsetAt(mid) === initial) lo = mid;
      else hi = mid;
    }
    return hi;
  }
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));

/**
 * `YYYY-MM-DDTHH:MM:SSZ` for an instant (TIME-1); seconds precision, fractions
 * dropped. The calendar date comes from days since the epoch by integer
 * arithmetic (H. Hinnant's civil_from_days), which is several times faster
 * than going through a Date object on the ingest hot path.
 */
export function formatUtc(utcMillis: number): string {
  const days = Math.floor(utcMillis / MS_PER_DAY);
  const secondOfDay = Math.floor((utcMillis - days * MS_PER_DAY) / 1000);
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1000 || year > 9999) return new Date(utcMillis).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[secondOfDay % 60]}Z`;
}

// Character codes used by the hand-written scanner below.
const C0 = 48;
const C9 = 57;
const DOT = 46;
const DASH = 45;
const COLON = 58;
const SPACE = 32;
const T_UPPER = 84;
const T_LOWER = 116;
const Z_UPPER = 90;
const Z_LOWER = 122;
const PLUS = 43;
const COMMA = 44;

/** Reads the digits in text[from, to) as a number; -1 when any is not a digit. */
export function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < C0 || c > C9) return -1;
    value = value * 10 + (c - C0);
  }
  return value;
}

/** Index of the first non-digit at or after `from`. */
function digitRunEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < C0 || c > C9) break;
    i++;
  }
  return i;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

interface Parsed {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC when the text carries an offset or Z; null for wall-clock time. */
  offset: number | null;
}

/**
 * Parses the time-of-day part starting at `i` (after the date and its
 * separator): `HH:mm[:ss[.fff]]` and an optional offset. Fills `out`; false
 * when the text does not follow the form.
 */
function parseTimeOfDay(text: string, i: number, out: Parsed, allowOffset: boolean): boolean {
  const hourEnd = digitRunEnd(text, i);
  if (hourEnd - i < 1 || hourEnd - i > 2 || text.charCodeAt(hourEnd) !== COLON) return false;
  out.hour = digits(text, i, hourEnd);
  i = hourEnd + 1;
  out.minute = digits(text, i, i + 2);
  if (out.minute < 0) return false;
  i += 2;
  if (text.charCodeAt(i) === COLON) {
    out.second = digits(text, i + 1, i + 3);
    if (out.second < 0) return false;
    i += 3;
    const c = text.charCodeAt(i);
    if (c === DOT || c === COMMA) {
      const fractionEnd = digitRunEnd(text, i + 1);
      if (fractionEnd === i + 1) return false;
      i = fractionEnd;
    }
  }
  if (i === text.length) return true;
  if (!allowOffset) return false;
  const c = text.charCodeAt(i);
  if ((c === Z_UPPER || c === Z_LOWER) && i + 1 === text.length) {
    out.offset = 0;
    return true;
  }
  if (c !== PLUS && c !== DASH) return false;
  const sign = c === PLUS ? 1 : -1;
  const rest = text.length - i - 1;
  let hours: number;
  let minutes = 0;
  if (rest === 2) {
    hours = digits(text, i + 1, i + 3);
  } else if (rest === 4) {
    hours = digits(text, i + 1, i + 3);
    minutes = digits(text, i + 3, i + 5);
  } else if (rest === 5 && text.charCodeAt(i + 3) === COLON) {
    hours = digits(text, i + 1, i + 3);
    minutes = digits(text, i + 4, i + 6);
  } else {
    return false;
  }
  if (hours < 0 || minutes < 0 || hours > 18 || minutes > 59) return false;
  out.offset = sign * (hours * 60 + minutes);
  return true;
}

function parseParts(text: string, out: Parsed): boolean {
  out.hour = 0;
  out.minute = 0;
  out.second = 0;
  out.offset = null;
  if (text.length >= 10 && text.charCodeAt(4) === DASH) {
    // ISO: YYYY-MM-DD[(T| )time[offset]]
    out.year = digits(text, 0, 4);
    out.month = digits(text, 5, 7);
    out.day = digits(text, 8, 10);
    if (out.year < 0 || out.month < 0 || out.day < 0 || text.charCodeAt(7) !== DASH) return false;
    if (text.length === 10) return true;
    const sep = text.charCodeAt(10);
    if (sep !== T_UPPER && sep !== T_LOWER && sep !== SPACE) return false;
    return parseTimeOfDay(text, 11, out, true);
  }
  // Norwegian: d.m.yyyy[ H:mm[:ss]]
  const dayEnd = digitRunEnd(text, 0);
  if (dayEnd < 1 || dayEnd > 2 || text.charCodeAt(dayEnd) !== DOT) return false;
  const monthEnd = digitRunEnd(text, dayEnd + 1);
  if (monthEnd - dayEnd - 1 < 1 || monthEnd - dayEnd - 1 > 2 || text.charCodeAt(monthEnd) !== DOT) return false;
  const yearEnd = digitRunEnd(text, monthEnd + 1);
  if (yearEnd - monthEnd - 1 !== 4) return false;
  out.day = digits(text, 0, dayEnd);
  out.month = digits(text, dayEnd + 1, monthEnd);
  out.year = digits(text, monthEnd + 1, yearEnd);
  if (yearEnd === text.length) return true;
  let i = yearEnd;
  if (text.charCodeAt(i) !== SPACE) return false;
  while (text.charCodeAt(i) === SPACE) i++;
  return parseTimeOfDay(text, i, out, false);
}

function isValidParts(p: Parsed): boolean {
  return (
    p.year >= 1900 &&
    p.month >= 1 &&
    p.month <= 12 &&
    p.day >= 1 &&
    p.day <= daysInMonth(p.year, p.month) &&
    p.hour <= 23 &&
    p.minute <= 59 &&
    p.second <= 59
  );
}

/**
 * A parser for export timestamps in one zone. The returned function keeps a
 * per-day offset cache and allocates nothing but its result.
 */
export function createTimestampParser(zone: string = DEFAULT_ZONE): TimestampParser {
  const clock = new ZoneClock(zone);
  const parts: Parsed = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, offset: null };
  return (raw: string): string | null => {
    const text = raw.length > 0 && (raw.charCodeAt(0) === SPACE || raw.charCodeAt(raw.length - 1) === SPACE) ? raw.trim() : raw;
    if (!parseParts(text, parts) || !isValidParts(parts)) return null;
    const { year, month, day, hour, minute, second, offset } = parts;
    const utc =
      offset === null
        ? clock.toUtcMillis(year, month, day, hour, minute, second)
        : Date.UTC(year, month - 1, day, hour, minute, second) - offset * MS_PER_MINUTE;
    return formatUtc(utc);
  };
}
