/**
 * HOURS-1 and DUR-1: service hours are the overlap of an interval with
 * Monday–Friday 08:00–15:30 Europe/Oslo, except Norwegian public holidays.
 * The calendar here is the one the shipped rules build.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../transform/rules.ts';
import { easterSunday, ServiceCalendar } from '../../core/service-calendar.ts';

const calendar = loadRules().calendar;
const H = 3_600_000;
const MINUTE = 60_000;

/** A local Oslo wall-clock time as a UTC instant. */
function oslo(text: string): number {
  const dt = DateTime.fromISO(text, { zone: 'Europe/Oslo' });
  if (!dt.isValid) throw new Error(`bad test time ${text}`);
  return dt.toMillis();
}

const hours = (from: string, to: string) => calendar.serviceMillis(oslo(from), oslo(to)) / H;

/**
 * The oracle: walks minute by minute, asking luxon for each minute's local
 * weekday and time. Slow and obviously right; only for short intervals.
 */
function oracleHours(from: number, to: number): number {
  let minutes = 0;
  for (let t = Math.ceil(from / MINUTE) * MINUTE; t < to; t += MINUTE) {
    const local = DateTime.fromMillis(t, { zone: 'Europe/Oslo' });
    const minuteOfDay = local.hour * 60 + local.minute;
    if (local.weekday > 5 || minuteOfDay < 8 * 60 || minuteOfDay >= 15 * 60 + 30) continue;
    if (calendar.holidayOn(local.year, local.month, local.day) !== null) continue;
    minutes++;
  }
  return minutes / 60;
}

describe('Easter and the Norwegian public holidays (HOURS-1)', () => {
  it('computes Easter Sunday for known years', () => {
    const known: [number, number, number][] = [
      [2019, 4, 21], [2020, 4, 12], [2021, 4, 4], [2022, 4, 17], [2023, 4, 9], [2024, 3, 31], [2025, 4, 20], [2026, 4, 5],
      [2038, 4, 25], [2000, 4, 23], [1818, 3, 22], [2285, 3, 22],
    ];
    for (const [y, m, d] of known) expect(easterSunday(y), String(y)).toEqual([m, d]);
  });

  it('names the 2024 holidays, fixed and movable', () => {
    expect(calendar.holidayOn(2024, 1, 1)).toBe('Første nyttårsdag');
    expect(calendar.holidayOn(2024, 3, 28)).toBe('Skjærtorsdag');
    expect(calendar.holidayOn(2024, 3, 29)).toBe('Langfredag');
    expect(calendar.holidayOn(2024, 4, 1)).toBe('Andre påskedag');
    expect(calendar.holidayOn(2024, 5, 1)).toBe('Arbeidernes dag');
    expect(calendar.holidayOn(2024, 5, 9)).toBe('Kristi himmelfartsdag');
    expect(calendar.holidayOn(2024, 5, 17)).toBe('Grunnlovsdag');
    expect(calendar.holidayOn(2024, 5, 20)).toBe('Andre pinsedag');
    expect(calendar.holidayOn(2024, 12, 25)).toBe('Første juledag');
    expect(calendar.holidayOn(2024, 12, 26)).toBe('Andre juledag');
    expect(calendar.holidayOn(2024, 12, 24)).toBeNull(); // Christmas Eve is a working day in HOURS-1
    expect(calendar.holidayOn(2024, 3, 27)).toBeNull();
  });
});

describe('service hours of an interval (HOURS-1, DUR-1)', () => {
  it('counts a whole working day as 7.5 hours', () => {
    expect(hours('2024-10-15T00:00', '2024-10-16T00:00')).toBe(7.5);
    expect(hours('2024-10-14T00:00', '2024-10-21T00:00')).toBe(37.5);
  });

  it('clips intervals that start or end outside service hours', () => {
    expect(hours('2024-10-15T06:00', '2024-10-15T09:00')).toBe(1); // starts before opening
    expect(hours('2024-10-15T15:00', '2024-10-15T20:00')).toBe(0.5); // ends after closing
    expect(hours('2024-10-15T16:00', '2024-10-16T07:59')).toBe(0); // overnight, all outside
    expect(hours('2024-10-15T10:15', '2024-10-15T10:45')).toBe(0.5);
    expect(hours('2024-10-15T10:00', '2024-10-15T10:00')).toBe(0);
    expect(hours('2024-10-15T12:00', '2024-10-15T10:00')).toBe(0); // reversed: nothing
  });

  it('skips weekends', () => {
    expect(hours('2024-10-11T15:00', '2024-10-14T08:30')).toBe(1); // Friday 15:00 → Monday 08:30
    expect(hours('2024-10-12T09:00', '2024-10-13T14:00')).toBe(0); // Saturday to Sunday
  });

  it('skips Easter: Maundy Thursday, Good Friday and Easter Monday 2024', () => {
    // Wednesday 27 March 14:00 → Tuesday 2 April 09:00: 1.5 h + 1 h.
    expect(hours('2024-03-27T14:00', '2024-04-02T09:00')).toBe(2.5);
  });

  it('skips Ascension Day, 17 May and Whit Monday 2024', () => {
    expect(hours('2024-05-09T00:00', '2024-05-10T00:00')).toBe(0); // Ascension (Thursday)
    expect(hours('2024-05-16T15:00', '2024-05-21T08:30')).toBe(1); // Thu 0.5 h; 17 May, weekend, Whit Monday off; Tue 0.5 h
    expect(hours('2024-05-01T00:00', '2024-06-01T00:00')).toBe(7.5 * (23 - 4)); // 23 weekdays, 4 of them holidays (1, 9, 17, 20 May)
  });

  it('is right across the spring DST change (last Sunday of March)', () => {
    // Friday 29 March 2024 is Good Friday; use 2023: DST began Sunday 26 March.
    expect(hours('2023-03-24T15:00', '2023-03-27T09:00')).toBe(1.5);
    // The calendar hours of that interval are one fewer than the wall clock suggests.
    expect((oslo('2023-03-27T09:00') - oslo('2023-03-24T15:00')) / H).toBe(65);
    expect(hours('2023-03-27T00:00', '2023-03-28T00:00')).toBe(7.5);
  });

  it('is right across the autumn DST change (last Sunday of October)', () => {
    expect(hours('2024-10-25T15:00', '2024-10-28T09:00')).toBe(1.5);
    expect((oslo('2024-10-28T09:00') - oslo('2024-10-25T15:00')) / H).toBe(67);
    expect(hours('2024-10-28T00:00', '2024-10-29T00:00')).toBe(7.5);
  });

  it('is right across year ends and Christmas', () => {
    // Friday 22 Dec 2023 15:00 → Tuesday 2 Jan 2024 09:00: 0.5 (22nd) + 7.5 (27th) + 7.5 (28th) + 7.5 (29th) + 1 (2 Jan);
    // 25 and 26 Dec and 1 Jan are holidays, weekends off.
    expect(hours('2023-12-22T15:00', '2024-01-02T09:00')).toBe(0.5 + 7.5 * 3 + 1);
    // Christmas Eve 2024 is a Tuesday and a working day.
    expect(hours('2024-12-24T00:00', '2024-12-27T00:00')).toBe(7.5);
  });

  it('spans years far apart without walking them (the table grows)', () => {
    const c = new ServiceCalendar(calendar.spec);
    const fiveYears = c.serviceMillis(oslo('2019-01-01T00:00'), oslo('2024-01-01T00:00')) / H;
    // 2019–2023: 1304 weekdays, 41 of them public holidays (counted independently), 7.5 h each.
    expect(fiveYears).toBe((1304 - 41) * 7.5);
    // Asking about an earlier year afterwards moves the origin of the running totals; results do not change.
    expect(c.serviceMillis(oslo('1999-12-31T08:00'), oslo('1999-12-31T09:00')) / H).toBe(1);
    expect(c.serviceMillis(oslo('2019-01-01T00:00'), oslo('2024-01-01T00:00')) / H).toBe(fiveYears);
  });

  it('agrees with a minute-by-minute walk on random intervals (property)', () => {
    const start = oslo('2023-03-01T00:00');
    const span = oslo('2025-01-15T00:00') - start;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: span / MINUTE }), fc.integer({ min: 0, max: 9 * 24 * 60 }), (offset, length) => {
        const from = start + offset * MINUTE;
        const to = from + length * MINUTE;
        expect(calendar.serviceMillis(from, to) / H).toBeCloseTo(oracleHours(from, to), 9);
      }),
      { numRuns: 40 },
    );
  });

  it('never exceeds calendar hours and adds up over split intervals (property)', () => {
    const start = oslo('2018-01-01T00:00');
    const span = oslo('2030-01-01T00:00') - start;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: span }), fc.integer({ min: 0, max: 400 * 24 * H }), fc.double({ min: 0, max: 1, noNaN: true }), (offset, length, cut) => {
        const a = start + offset;
        const c = a + length;
        const b = a + Math.floor(length * cut);
        const whole = calendar.serviceMillis(a, c);
        expect(whole).toBeLessThanOrEqual(c - a);
        expect(whole).toBeGreaterThanOrEqual(0);
        expect(calendar.serviceMillis(a, b) + calendar.serviceMillis(b, c)).toBe(whole);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the instant a target runs out (SLA-1)', () => {
  const due = (from: string, h: number) => DateTime.fromMillis(calendar.dueAfter(oslo(from), h * H)!, { zone: 'Europe/Oslo' }).toFormat("yyyy-MM-dd'T'HH:mm");

  it('is inside the same day when the day has room', () => {
    expect(due('2024-10-11T09:00', 2)).toBe('2024-10-11T11:00');
  });

  it('starts counting at opening when created outside service hours', () => {
    expect(due('2024-10-11T18:00', 2)).toBe('2024-10-14T10:00'); // Friday evening → Monday
    expect(due('2024-10-12T03:00', 0.25)).toBe('2024-10-14T08:15');
  });

  it('moves to the next opening when the target runs out exactly at closing', () => {
    // Friday 11:30 + 4 h ends 15:30; still met until service resumes Monday 08:00.
    expect(due('2024-10-11T11:30', 4)).toBe('2024-10-14T08:00');
  });

  it('skips holidays and DST days', () => {
    expect(due('2024-03-27T14:00', 4)).toBe('2024-04-02T10:30'); // Easter
    expect(due('2024-10-25T15:00', 2)).toBe('2024-10-28T09:30'); // over the autumn change
  });

  it('is exactly where service time reaches the target (property)', () => {
    const start = oslo('2020-01-01T00:00');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 * 365 * 24 * 60 }), fc.integer({ min: 1, max: 40 * 60 }), (offset, budgetMinutes) => {
        const from = start + offset * MINUTE;
        const budget = budgetMinutes * MINUTE;
        const d = calendar.dueAfter(from, budget)!;
        expect(calendar.serviceMillis(from, d)).toBe(budget);
        expect(calendar.serviceMillis(from, d + MINUTE)).toBeGreaterThan(budget);
      }),
      { numRuns: 300 },
    );
  });
});

describe('local months (TIME-3)', () => {
  it('puts instants near midnight in the right Oslo month', () => {
    expect(calendar.localMonth(Date.parse('2024-10-31T22:59:59Z'))).toBe('2024-10');
    expect(calendar.localMonth(Date.parse('2024-10-31T23:00:00Z'))).toBe('2024-11'); // 00:00 on 1 Nov, CET
    expect(calendar.localMonth(Date.parse('2024-09-30T21:59:59Z'))).toBe('2024-09');
    expect(calendar.localMonth(Date.parse('2024-09-30T22:00:00Z'))).toBe('2024-10'); // 00:00 on 1 Oct, CEST
    expect(calendar.localDate(Date.parse('2024-03-30T23:30:00Z'))).toBe('2024-03-31');
  });

  it('gives the month when the question itself makes the calendar lay out or grow its span', () => {
    // A fresh calendar whose first question is a month, then months outside the span laid out.
    const fresh = new ServiceCalendar(calendar.spec);
    expect(fresh.localMonth(Date.parse('2024-10-02T07:00:00Z'))).toBe('2024-10');
    expect(fresh.localMonth(Date.parse('2018-03-05T07:00:00Z'))).toBe('2018-03');
    expect(fresh.localMonth(Date.parse('2031-12-31T22:59:00Z'))).toBe('2031-12');
  });
});

describe('AGE-1: firstMidnightDay, the local day of the first local midnight at or after an instant', () => {
  const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

  it('is the same day at exactly local midnight and the next day a second later, in summer and winter time', () => {
    expect(calendar.firstMidnightDay(oslo('2024-07-24T00:00:00'))).toBe(day('2024-07-24'));
    expect(calendar.firstMidnightDay(oslo('2024-07-24T00:00:01'))).toBe(day('2024-07-25'));
    expect(calendar.firstMidnightDay(oslo('2024-01-24T00:00:00'))).toBe(day('2024-01-24'));
    expect(calendar.firstMidnightDay(oslo('2024-01-24T23:59:59'))).toBe(day('2024-01-25'));
  });

  it('counts the days the clocks change as one day each (23 and 25 hours)', () => {
    // 31 March 2024 has 23 hours, 27 October 2024 has 25.
    expect(calendar.firstMidnightDay(oslo('2024-03-31T12:00:00'))).toBe(day('2024-04-01'));
    expect(calendar.firstMidnightDay(oslo('2024-10-27T23:30:00'))).toBe(day('2024-10-28'));
    expect(calendar.firstMidnightDay(oslo('2024-10-27T00:00:00'))).toBe(day('2024-10-27'));
  });

  it('agrees with luxon for random instants', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) }), (t) => {
        const local = DateTime.fromMillis(t, { zone: 'Europe/Oslo' });
        const start = local.startOf('day');
        const first = start.toMillis() === t ? start : start.plus({ days: 1 });
        expect(calendar.firstMidnightDay(t)).toBe(day(first.toISODate()!));
      }),
    );
  });
});
