/**
 * AGE-1 on hand-built exports: the open cases at each month end by age in
 * whole local days, the bucket edges at 7/8 days across both DST changes,
 * per class and municipality, the median, and the oldest open cases.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ageBuckets, DEFAULT_AGE_BUCKET_DAYS, parseRules } from '../../transform/rules.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.ts';
import type { HandTicket } from './hand-built.ts';
import { closeStores, metrics, month } from './rules-helpers.ts';

afterEach(closeStores);

const zero = { '0-7': 0, '8-30': 0, '31-90': 0, '91-365': 0, '366+': 0 };

describe('AGE-1: open cases by age at the month end', () => {
  it('has the default buckets 0-7, 8-30, 31-90, 91-365 and 366+', () => {
    expect(ageBuckets(DEFAULT_AGE_BUCKET_DAYS).map((b) => b.key)).toEqual(['0-7', '8-30', '31-90', '91-365', '366+']);
    expect(ageBuckets([0, 3, 10])).toEqual([
      { key: '0-2', fromDays: 0, toDays: 2 },
      { key: '3-9', fromDays: 3, toDays: 9 },
      { key: '10+', fromDays: 10, toDays: null },
    ]);
  });

  it('counts whole local days: 00:00 on the 24th is 8 days before the 1st, a minute later 7, across the October DST change (25 h day)', async () => {
    // 27 October 2024 has 25 hours: 24.10 00:00 → 01.11 00:00 is 8 days and 1 hour, 24.10 00:01 → 01.11 is 8 days less 59 minutes of 24-hour days.
    const doc = await metrics([
      { nr: 1, created: '2024-10-24 00:00' },
      { nr: 2, created: '2024-10-24 00:01' },
      { nr: 3, created: '2024-10-31 23:59' },
    ]);
    expect(month(doc, '2024-10').open.byAge).toEqual({ ...zero, '0-7': 2, '8-30': 1 });
    expect(doc.oldestOpen.map((t) => [t.ticketNumber, t.ageDays])).toEqual([[1, 8], [2, 7], [3, 0]]);
  });

  it('counts whole local days across the March DST change (23 h day): 24.03 00:00 is 8 days before 01.04, though less than 8 × 24 hours', async () => {
    const doc = await metrics([
      { nr: 1, created: '2024-03-24 00:00', resolved: '2024-04-10 10:00' },
      { nr: 2, created: '2024-03-24 00:01', resolved: '2024-04-10 10:00' },
      { nr: 3, created: '2024-03-23 23:59', resolved: '2024-04-10 10:00' },
    ]);
    expect(month(doc, '2024-03').open.byAge).toEqual({ ...zero, '0-7': 1, '8-30': 2 });
    expect(month(doc, '2024-04').open.byAge).toEqual(zero);
    expect(month(doc, '2024-04').open.medianAgeDays).toBeNull();
  });

  it('moves a case through the buckets month by month, per class and municipality, with the median', async () => {
    const tickets: HandTicket[] = [
      { nr: 1, created: '2023-09-15 10:00', company: 'Rauma kommune' },
      { nr: 2, created: '2024-07-20 10:00', type: 'Forespørsel' },
      { nr: 3, created: '2024-09-30 10:00' },
      { nr: 4, created: '2024-10-02 10:00', resolved: '2024-10-03 10:00' },
    ];
    const doc = await metrics(tickets);
    // End of September: #1 381 days, #2 72, #3 0 (created the last day, at 10:00).
    expect(month(doc, '2024-09').open).toMatchObject({
      byAge: { ...zero, '0-7': 1, '31-90': 1, '366+': 1 },
      byAgeByClass: { incident: { ...zero, '0-7': 1, '366+': 1 }, request: { ...zero, '31-90': 1 } },
      byAgeByMunicipality: { Molde: { ...zero, '0-7': 1, '31-90': 1 }, Rauma: { ...zero, '366+': 1 } },
      medianAgeDays: 72,
    });
    // End of October: 412, 103, 31.
    expect(month(doc, '2024-10').open).toMatchObject({ byAge: { ...zero, '31-90': 1, '91-365': 1, '366+': 1 }, medianAgeDays: 103 });
    // End of October 2023: #1 alone, 46 days.
    expect(month(doc, '2023-10').open).toMatchObject({ byAge: { ...zero, '31-90': 1 }, medianAgeDays: 46 });
    expect(doc.oldestOpen).toEqual([
      { ticketNumber: 1, ageDays: 412, municipality: 'Rauma', category: 'Infrastruktur', priority: 'Normal' },
      { ticketNumber: 2, ageDays: 103, municipality: 'Molde', category: 'Infrastruktur', priority: 'Normal' },
      { ticketNumber: 3, ageDays: 31, municipality: 'Molde', category: 'Infrastruktur', priority: 'Normal' },
    ]);
  });

  it('lists the ten oldest open cases of the report month, by creation then ticket number, without their subjects', async () => {
    const tickets: HandTicket[] = Array.from({ length: 12 }, (_, i) => ({ nr: 100 - i, created: `2024-09-${String(10 + (i >> 1)).padStart(2, '0')} 10:00`, subject: 'Hemmelig emne' }));
    const doc = await metrics(tickets);
    expect(doc.oldestOpen.map((t) => t.ticketNumber)).toEqual([99, 100, 97, 98, 95, 96, 93, 94, 91, 92]);
    expect(JSON.stringify(doc.oldestOpen)).not.toContain('Hemmelig');
    expect(month(doc, '2024-10').open.medianAgeDays).toBe(48.5);
  });

  it('takes its buckets from the rules (ageBucketDays), which must start at 0 and rise', () => {
    const text = readFileSync(join(ROOT, 'transform', 'default-rules.yaml'), 'utf8');
    expect(parseRules(`${text}\nageBucketDays: [0, 2, 5]\n`, 'r.yaml').ageBuckets.map((b) => b.key)).toEqual(['0-1', '2-4', '5+']);
    expect(() => parseRules(`${text}\nageBucketDays: [1, 5]\n`, 'r.yaml')).toThrow(/starts at 0 days/);
    expect(() => parseRules(`${text}\nageBucketDays: [0, 5, 5]\n`, 'r.yaml')).toThrow(/the edges rise/);
  });
});
