import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTimestampParser, formatUtc, ZoneClock } from '../../core/timestamps.ts';

const parse = createTimestampParser('Europe/Oslo');

describe('TIME-1: timestamps are stored as UTC ISO-8601 text YYYY-MM-DDTHH:MM:SSZ', () => {
  it('formats instants to the second', () => {
    expect(formatUtc(Date.UTC(2024, 9, 11, 6, 15, 30, 999))).toBe('2024-10-11T06:15:30Z');
    expect(formatUtc(Date.UTC(2000, 1, 29))).toBe('2000-02-29T00:00:00Z');
  });

  it('agrees with Date#toISOString for any instant from 1970 to 2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(formatUtc(ms)).toBe(new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
      }),
    );
  });

  it('agrees with Date#toISOString for runs of instants on the same day and the days around it, years before 1000 and after 9999 among them', () => {
    const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
    const day = 86_400_000;
    const instant = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: -2 * day, max: 2 * day }).map((d) => Date.UTC(2024, 2, 31) + d) },
      { weight: 1, arbitrary: fc.integer({ min: -day, max: day }).map((d) => Date.UTC(999, 11, 31, 12) + d) },
      { weight: 1, arbitrary: fc.integer({ min: -day, max: day }).map((d) => Date.UTC(10_000, 0, 1) + d) },
    );
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 40 }), (instants) => {
        for (const ms of instants) expect(formatUtc(ms)).toBe(iso(ms));
      }),
    );
  });
});

describe('TIME-2: export timestamps without an offset are Europe/Oslo wall-clock time', () => {
  it.each([
    ['11.10.2024 08:15', '2024-10-11T06:15:00Z'], // summer time, +02:00
    ['11.12.2024 08:15', '2024-12-11T07:15:00Z'], // winter time, +01:00
    ['11.10.2024 08:15:42', '2024-10-11T06:15:42Z'],
    ['1.2.2024 9:05', '2024-02-01T08:05:00Z'],
    ['11.10.2024', '2024-10-10T22:00:00Z'], // a date alone is local midnight
    ['2024-10-11T08:15', '2024-10-11T06:15:00Z'],
    ['2024-10-11T08:15:00', '2024-10-11T06:15:00Z'],
    ['2024-10-11 08:15:00', '2024-10-11T06:15:00Z'],
    ['2024-10-11T08:15:00.123', '2024-10-11T06:15:00Z'], // fractions of a second are dropped
    ['2024-10-11', '2024-10-10T22:00:00Z'],
    [' 11.10.2024 08:15 ', '2024-10-11T06:15:00Z'],
  ])('%s → %s', (text, utc) => {
    expect(parse(text)).toBe(utc);
  });

  it('takes a timestamp with an offset or Z as written', () => {
    expect(parse('2024-10-11T08:15:00+02:00')).toBe('2024-10-11T06:15:00Z');
    expect(parse('2024-10-11T08:15:00+0200')).toBe('2024-10-11T06:15:00Z');
    expect(parse('2024-10-11T08:15:00+02')).toBe('2024-10-11T06:15:00Z');
    expect(parse('2024-10-11T08:15:00-05:30')).toBe('2024-10-11T13:45:00Z');
    expect(parse('2024-10-11T06:15:00Z')).toBe('2024-10-11T06:15:00Z');
    expect(parse('2024-12-11T06:15:00.5Z')).toBe('2024-12-11T06:15:00Z');
    // An explicit offset wins even when Oslo would say otherwise.
    expect(parse('2024-07-01T12:00:00+01:00')).toBe('2024-07-01T11:00:00Z');
  });

  describe('spring forward (last Sunday of March, 02:00 → 03:00)', () => {
    it('reads times before and after the gap normally', () => {
      expect(parse('31.03.2024 01:59')).toBe('2024-03-31T00:59:00Z');
      expect(parse('31.03.2024 03:00')).toBe('2024-03-31T01:00:00Z');
      expect(parse('31.03.2024 03:01')).toBe('2024-03-31T01:01:00Z');
    });

    it('moves a time in the gap forward by the gap', () => {
      expect(parse('31.03.2024 02:00')).toBe('2024-03-31T01:00:00Z'); // = 03:00 CEST
      expect(parse('31.03.2024 02:30')).toBe('2024-03-31T01:30:00Z'); // = 03:30 CEST
      expect(parse('31.03.2024 02:59:59')).toBe('2024-03-31T01:59:59Z');
      expect(parse('29.03.2020 02:15')).toBe('2020-03-29T01:15:00Z');
    });
  });

  describe('fall back (last Sunday of October, 03:00 → 02:00)', () => {
    it('gives an ambiguous time the earlier instant (summer time)', () => {
      expect(parse('27.10.2024 02:00')).toBe('2024-10-27T00:00:00Z');
      expect(parse('27.10.2024 02:30')).toBe('2024-10-27T00:30:00Z');
      expect(parse('27.10.2024 02:59:59')).toBe('2024-10-27T00:59:59Z');
      expect(parse('25.10.2020 02:30')).toBe('2020-10-25T00:30:00Z');
    });

    it('reads times around the repeated hour normally', () => {
      expect(parse('27.10.2024 01:59')).toBe('2024-10-26T23:59:00Z');
      expect(parse('27.10.2024 03:00')).toBe('2024-10-27T02:00:00Z');
      expect(parse('27.10.2024 12:00')).toBe('2024-10-27T11:00:00Z');
    });

    it('lets an offset pick the second 02:30', () => {
      expect(parse('2024-10-27T02:30:00+01:00')).toBe('2024-10-27T01:30:00Z');
    });
  });

  it.each([
    ['30.02.2024 08:15', 'no 30 February'],
    ['29.02.2023', 'not a leap year'],
    ['01.10.2024 25:00', 'no hour 25'],
    ['01.10.2024 08:60', 'no minute 60'],
    ['10/01/2024 08:15', 'US format'],
    ['2024-13-01', 'no month 13'],
    ['01.10.24 08:15', 'two-digit year'],
    ['i går', 'words'],
    ['2024-10-11T08:15:00+25:00', 'offset out of range'],
    ['2024-10-11T08:15:00 CEST', 'zone abbreviation'],
    ['01.10.2024T08:15', 'T after a Norwegian date'],
    ['01.10.2024 08:15+02:00', 'offset after a Norwegian time'],
  ])('rejects %j (%s)', (text) => {
    expect(parse(text)).toBeNull();
  });

  it('agrees with a direct search of the zone for every quarter hour of 2024', () => {
    const clock = new ZoneClock('Europe/Oslo');
    const start = Date.UTC(2024, 0, 1);
    for (let wall = start; wall < Date.UTC(2025, 0, 1); wall += 15 * 60_000) {
      const d = new Date(wall);
      const utc = clock.toUtcMillis(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), 0);
      // The wall-clock time of the result is the input (or, in the gap, the input plus the gap).
      const offset = clock.offsetAt(utc);
      const shownWall = utc + offset * 60_000;
      expect(shownWall === wall || shownWall === wall + 3_600_000).toBe(true);
      if (shownWall !== wall) expect(d.getUTCMonth()).toBe(2); // only in March's gap
    }
  });
});

describe('ZoneClock.wallClock: a UTC instant as local wall-clock time', () => {
  it('agrees with luxon for random instants, the hours of the clock changes included', () => {
    const clock = new ZoneClock('Europe/Oslo');
    const changes = [Date.UTC(2024, 2, 31, 1), Date.UTC(2024, 9, 27, 1)];
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.constantFrom(...changes).chain((c) => fc.integer({ min: c - 3_600_000, max: c + 3_600_000 }))), (t) => {
        const second = Math.floor(t / 1000) * 1000;
        expect(clock.wallClock(second)).toBe(DateTime.fromMillis(second, { zone: 'Europe/Oslo' }).toFormat("yyyy-MM-dd'T'HH:mm:ss"));
      }),
    );
  });
});
