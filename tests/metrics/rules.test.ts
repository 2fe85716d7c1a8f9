/**
 * Each METRICS.md rule on a small hand-built export whose answer can be
 * worked out by hand. Times are Oslo wall-clock; the shipped rules apply
 * (Feil → incident, Forespørsel → request, Internsak → other; Kritisk 2 h
 * and Høy 4 h resolution targets in service hours, Mon–Fri 08:00–15:30).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { computeMetrics, type MetricsOptions } from '../../metrics/compute.ts';
import type { MetricsDocument, MonthFigures } from '../../metrics/document.ts';
import { trend } from '../../metrics/figures.ts';
import { MonthClock, windowEnding } from '../../core/months.ts';
import type { PsaDatabase } from '../../store/open.ts';
import { loadRules } from '../../transform/rules.ts';
import { ROOT } from '../helpers.ts';
import { handBuiltStore, type HandTicket } from './hand-built.ts';

const validate = new Ajv.default({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
  JSON.parse(readFileSync(join(ROOT, 'metrics', 'metrics.schema.json'), 'utf8')),
);

const stores: PsaDatabase[] = [];
afterEach(async () => {
  while (stores.length > 0) await stores.pop()!.close();
});

/** Metrics for the tickets; by default the report month is 2024-10 (a ticket modified on 31.10.2024 sets the data's end). */
async function metrics(tickets: readonly HandTicket[], options: MetricsOptions = {}): Promise<MetricsDocument> {
  const marker: HandTicket = { nr: 999, type: 'Internsak', created: '2024-10-31 12:00' };
  const store = await handBuiltStore([...tickets, marker]);
  stores.push(store);
  const doc = computeMetrics(store, options);
  // Every document, however small its data, follows the published schema.
  expect(validate(JSON.parse(JSON.stringify(doc))), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  return doc;
}

const month = (doc: MetricsDocument, m: string): MonthFigures => {
  const found = doc.monthly.find((x) => x.month === m);
  if (!found) throw new Error(`${m} is not in the window`);
  return found;
};

describe('TIME-3/TIME-4: months, the as-of instant and the window', () => {
  it('takes as-of as the local midnight after the latest timestamp, and the report month as the last month ended by then', async () => {
    const doc = await metrics([{ nr: 1, created: '2024-10-02 09:00' }]);
    expect(doc.asOf).toBe('2024-10-31T23:00:00Z');
    expect(doc.reportMonth).toBe('2024-10');
    expect(doc.window).toEqual(windowEnding('2024-10'));
    expect(doc.window[0]).toBe('2023-10');
    expect(doc.monthly.map((m) => m.month)).toEqual(doc.window);
  });

  it('an export taken on 4 November gives as-of 5 November 00:00 and October as the report month', async () => {
    const doc = await metrics([{ nr: 1, created: '2024-11-04 10:15' }]);
    expect(doc.asOf).toBe('2024-11-04T23:00:00Z');
    expect(doc.reportMonth).toBe('2024-10');
  });

  it('--month picks an earlier report month and refuses one that has not ended', async () => {
    const tickets = [{ nr: 1, created: '2024-09-02 09:00' }];
    expect((await metrics(tickets, { month: '2024-09' })).window.at(-1)).toBe('2024-09');
    await expect(metrics(tickets, { month: '2024-11' })).rejects.toThrow(/2024-11 has not ended by the as-of instant 2024-10-31T23:00:00Z.*latest month to report on is 2024-10/);
  });

  it('month boundaries are local midnights, across both DST changes', () => {
    const clock = new MonthClock(loadRules().calendar);
    expect(clock.endText('2024-03')).toBe('2024-03-31T22:00:00Z');
    expect(clock.endText('2024-10')).toBe('2024-10-31T23:00:00Z');
    expect(clock.date(Date.parse('2024-03-31T21:59:00Z'))).toBe('2024-03-31');
    expect(clock.date(Date.parse('2024-03-31T22:00:00Z'))).toBe('2024-04-01');
    expect(clock.reportMonthFor(Date.parse('2024-11-01T00:00:00Z'))).toBe('2024-10');
    expect(clock.reportMonthFor(Date.parse('2024-10-31T22:59:59Z'))).toBe('2024-09');
  });
});

describe('NEW-1/NEW-2: new tickets', () => {
  it('counts incidents and requests created in the month, by category and municipality, at local month boundaries', async () => {
    const doc = await metrics([
      { nr: 1, created: '2024-09-30 23:59' }, // September in Oslo, though 21:59 UTC
      { nr: 2, created: '2024-10-01 00:00', type: 'Forespørsel', category: 'Skole', company: 'Hustadvika kommune' },
      { nr: 3, created: '2024-10-15 10:00', category: 'Skole' },
      { nr: 4, created: '2024-10-15 11:00', type: 'Internsak' }, // other: not counted (CLASS-1)
      { nr: 5, created: '2024-10-16 11:00', deleted: true }, // marked for deletion (STATUS-2)
    ]);
    expect(month(doc, '2024-09').new).toMatchObject({ incident: 1, request: 0, total: 1 });
    expect(month(doc, '2024-10').new).toEqual({
      incident: 1,
      request: 1,
      total: 2,
      securityAlerts: 0,
      byCategory: { Skole: 2 },
      byMunicipality: { Hustadvika: 1, Molde: 1 },
      byClassAndCategory: { incident: { Skole: 1 }, request: { Skole: 1 } },
      byClassAndMunicipality: { incident: { Molde: 1 }, request: { Hustadvika: 1 } },
      securityAlertsBySource: {},
      securityAlertsByCategory: {},
    });
  });

  it('counts security alerts on their own and in their report category', async () => {
    const doc = await metrics([
      { nr: 1, created: '2024-10-03 03:12', type: 'Hendelse', email: 'soc@atea.no', category: 'Sikkerhet', subject: '[Atea SOC] Mulig sikkerhetshendelse – test' },
      { nr: 2, created: '2024-10-04 10:00', category: 'Skole' },
    ]);
    const october = month(doc, '2024-10').new;
    expect(october.securityAlerts).toBe(1);
    expect(october.byCategory).toEqual({ Infrastruktur: 1, Skole: 1 });
    expect(october.securityAlertsBySource).toEqual({ 'Atea SOC': 1 });
    expect(october.securityAlertsByCategory).toEqual({ Infrastruktur: 1 });
    expect(october.byClassAndCategory).toEqual({ incident: { Infrastruktur: 1, Skole: 1 }, request: {} });
  });
});

describe('OPEN-1..OPEN-4: open at month end, the naive count, the balance, the change', () => {
  const tickets: HandTicket[] = [
    // open across the end of September: resolved at 00:00 on 1 October is after end(September)
    { nr: 1, created: '2024-09-10 10:00', resolved: '2024-10-01 00:00' },
    // resolved one minute before the end of September
    { nr: 2, created: '2024-09-10 10:00', resolved: '2024-09-30 23:59' },
    // closed without a resolved date: repaired from Lukket (RESOLVED-1), naive open forever (RESOLVED-3)
    { nr: 3, created: '2024-08-05 10:00', status: 'Lukket', closed: '2024-08-20 12:00', type: 'Forespørsel' },
    // reopened: an open status keeps it open whatever its old resolved date says
    { nr: 4, created: '2024-08-05 10:00', status: 'Under arbeid', resolved: '2024-08-06 12:00', company: 'Rauma kommune' },
    // never resolved
    { nr: 5, created: '2024-10-20 10:00', type: 'Forespørsel', company: 'Rauma kommune' },
  ];

  it('counts a ticket open from creation until its effective resolution (OPEN-1)', async () => {
    const doc = await metrics(tickets);
    expect(month(doc, '2024-07').open).toMatchObject({ incident: 0, request: 0, total: 0 });
    expect(month(doc, '2024-08').open).toMatchObject({ incident: 1, request: 0, total: 1, byMunicipality: { Rauma: 1 } });
    expect(month(doc, '2024-09').open).toMatchObject({ incident: 2, request: 0, total: 2, byMunicipality: { Molde: 1, Rauma: 1 } });
    expect(month(doc, '2024-10').open).toMatchObject({ incident: 1, request: 1, total: 2, byMunicipality: { Rauma: 2 } });
  });

  it('publishes the naive count (the export\'s resolved date alone) and the adjustment (OPEN-2)', async () => {
    const doc = await metrics(tickets);
    // August: #3 naive-open (no Løst), #4 naive-resolved on 6 August
    expect(month(doc, '2024-08').open).toMatchObject({ total: 1, naiveTotal: 1, adjustment: 0 });
    expect(month(doc, '2024-10').open).toMatchObject({ total: 2, naiveTotal: 2, adjustment: 0 });
    expect(month(doc, '2024-09').open).toMatchObject({ total: 2, naiveTotal: 2 });
    const extra = await metrics([...tickets, { nr: 6, created: '2024-09-02 10:00', status: 'Lukket', closed: '2024-09-03 10:00' }]);
    expect(month(extra, '2024-10').open).toMatchObject({ total: 2, naiveTotal: 3, adjustment: 1 });
  });

  it('counts resolved in the month and balances open(M) = open(M−1) + new(M) − resolved(M) (OPEN-3)', async () => {
    const doc = await metrics(tickets);
    expect(month(doc, '2024-09').resolved).toEqual({ incident: 1, request: 0, total: 1 });
    expect(month(doc, '2024-10').resolved).toEqual({ incident: 1, request: 0, total: 1 });
    expect(month(doc, '2024-08').resolved).toEqual({ incident: 0, request: 1, total: 1 });
    for (const m of doc.monthly) expect(m.balance, m.month).toEqual({ incident: 0, request: 0 });
  });

  it('publishes the imbalance of a ticket resolved before it was created, never hides it (OPEN-3, RESOLVED-2)', async () => {
    const doc = await metrics([{ nr: 1, created: '2024-06-03 10:00', resolved: '2024-05-28 10:00', type: 'Forespørsel' }]);
    expect(month(doc, '2024-05').balance).toEqual({ incident: 0, request: 1 });
    expect(month(doc, '2024-06').balance).toEqual({ incident: 0, request: -1 });
    expect(month(doc, '2024-05').resolved.request).toBe(1);
    expect(month(doc, '2024-05').resolution.request.byPriority).toEqual({});
  });

  it('gives the change since last month per municipality, down to zero (OPEN-4)', async () => {
    const doc = await metrics(tickets);
    expect(month(doc, '2024-09').open.changeByMunicipality).toEqual({ Molde: 1, Rauma: 0 });
    expect(month(doc, '2024-10').open.changeByMunicipality).toEqual({ Molde: -1, Rauma: 1 });
    expect(month(doc, '2024-10').open.byMunicipality).toEqual({ Rauma: 2 });
  });
});

describe('TREND-1: trend of an open series', () => {
  const months = windowEnding('2024-10');
  it('gives the least-squares slope per month and the month from which the series has not risen', () => {
    // peaks at 26 in June 2024, then 25, 25 (not risen), 20, 10
    const series = [10, 12, 14, 16, 18, 20, 22, 24, 26, 25, 25, 20, 10];
    expect(trend(series, 8, months)).toEqual({ slopePerMonth: 0.72, fallingSince: '2024-07' }); // numpy.polyfit: 0.7198
  });
  it('is null when the report month rose, and the window\'s first month when nothing rose', () => {
    expect(trend([5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2], 6, months).fallingSince).toBeNull();
    expect(trend([5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1], 6, months).fallingSince).toBe('2023-10');
    expect(trend([5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1], 4, months).fallingSince).toBe('2023-11');
  });
});

describe('DUR-2: resolution time by resolved month, class and priority', () => {
  it('gives n, mean, median and p90 as simple-statistics does, in calendar and service hours', async () => {
    // Created Monday 7 October 2024 08:00; resolved 1, 2, 3 and 10 calendar hours later.
    const doc = await metrics([
      { nr: 1, created: '2024-10-07 08:00', resolved: '2024-10-07 09:00' },
      { nr: 2, created: '2024-10-07 08:00', resolved: '2024-10-07 10:00' },
      { nr: 3, created: '2024-10-07 08:00', resolved: '2024-10-07 11:00' },
      { nr: 4, created: '2024-10-07 08:00', resolved: '2024-10-07 18:00' },
      { nr: 5, created: '2024-10-07 08:00', resolved: '2024-10-07 08:30', type: 'Forespørsel', priority: 'Lav' },
    ]);
    const normal = month(doc, '2024-10').resolution.incident.byPriority.Normal;
    expect(normal).toEqual({
      n: 4,
      meanHours: 4,
      medianHours: 2.5,
      p90Hours: 7.9, // linear between the 3rd and 4th of 4 (quantile type 7): 3 + 0.7 × 7
      meanServiceHours: 3.38, // 1, 2, 3 and 7.5 service hours: 13.5 / 4 = 3.375
      medianServiceHours: 2.5,
      p90ServiceHours: 6.15, // 3 + 0.7 × 4.5
      nOld: 0,
      meanHoursExcludingOld: 4,
      medianHoursExcludingOld: 2.5,
    });
    expect(month(doc, '2024-10').resolution.request.byPriority).toEqual({
      Lav: { n: 1, meanHours: 0.5, medianHours: 0.5, p90Hours: 0.5, meanServiceHours: 0.5, medianServiceHours: 0.5, p90ServiceHours: 0.5, nOld: 0, meanHoursExcludingOld: 0.5, medianHoursExcludingOld: 0.5 },
    });
  });

  it('reports old cases (over 90 calendar days) on their own, with the mean without them', async () => {
    const doc = await metrics([
      { nr: 1, created: '2024-10-07 08:00', resolved: '2024-10-07 10:00' },
      { nr: 2, created: '2024-06-01 10:00', resolved: '2024-10-07 10:00' }, // 128 days
      { nr: 3, created: '2024-07-09 10:00', resolved: '2024-10-07 10:00', type: 'Forespørsel' }, // exactly 90 days: not old
      { nr: 4, created: '2024-05-01 10:00', resolved: '2024-10-07 10:00', type: 'Forespørsel', priority: 'Lav' },
    ]);
    const { incident, request } = month(doc, '2024-10').resolution;
    expect(incident.byPriority.Normal).toMatchObject({ n: 2, nOld: 1, meanHoursExcludingOld: 2, medianHoursExcludingOld: 2, meanHours: (2 + 128 * 24) / 2 });
    expect(request.byPriority.Normal).toMatchObject({ n: 1, nOld: 0, meanHoursExcludingOld: 90 * 24 });
    expect(request.byPriority.Lav).toMatchObject({ n: 1, nOld: 1, meanHoursExcludingOld: null, medianHoursExcludingOld: null });
  });
});

describe('SLA-1..SLA-4: compliance, open breaches and the critical/high list', () => {
  const tickets: HandTicket[] = [
    // Kritisk, 2 service hours: Tuesday 1 October 08:00 → met at 10:00, breached at 10:01
    { nr: 1, created: '2024-10-01 08:00', priority: 'Kritisk', resolved: '2024-10-01 10:00', responded: '2024-10-01 08:15', subject: 'Nettverk nede i Molde' },
    { nr: 2, created: '2024-10-01 08:00', priority: 'Kritisk', resolved: '2024-10-01 10:01', responded: '2024-10-01 08:16' },
    { nr: 3, created: '2024-10-02 08:00', priority: 'Kritisk', resolved: '2024-10-02 09:00' },
    // Høy, 4 service hours: Friday 15:00 + 0.5 h Friday + 3.5 h Monday → due Monday 28 October 11:30
    { nr: 4, created: '2024-10-25 15:00', priority: 'Høy', company: 'Aukra kommune' },
    // Høy created Thursday 31 October 14:00: due Friday 1 November, after the end of October
    { nr: 5, created: '2024-10-31 14:00', priority: 'Høy' },
    // a request with a priority that has a target is no incident: not in SLA-2 or SLA-4
    { nr: 6, created: '2024-10-01 08:00', priority: 'Kritisk', type: 'Forespørsel', resolved: '2024-10-01 12:00' },
  ];

  it('gives compliance to 4 decimals over incidents resolved in the month, with the response figures (SLA-2, SLA-3)', async () => {
    const doc = await metrics(tickets);
    const { Kritisk, Høy, Normal, Lav } = month(doc, '2024-10').sla.byPriority;
    expect(Kritisk).toEqual({ met: 2, breached: 1, compliance: 0.6667, openBreached: 0, responseMet: 1, responseBreached: 1, responseCompliance: 0.5 });
    expect(Høy).toEqual({ met: 0, breached: 0, compliance: null, openBreached: 1, responseMet: 0, responseBreached: 0, responseCompliance: null });
    // SLA-1: no target, no figure
    const none = { met: null, breached: null, compliance: null, openBreached: null, responseMet: null, responseBreached: null, responseCompliance: null };
    expect(Normal).toEqual(none);
    expect(Lav).toEqual(none);
  });

  it('counts an open incident as breached only once the end of the month is past its due instant (SLA-2 openBreached)', async () => {
    const september = await metrics([{ nr: 1, created: '2024-09-30 12:00', priority: 'Høy' }]);
    // Due Tuesday 1 October 08:30: open but not yet breached at the end of September, breached at the end of October.
    expect(month(september, '2024-09').sla.byPriority.Høy!.openBreached).toBe(0);
    expect(month(september, '2024-10').sla.byPriority.Høy!.openBreached).toBe(1);
  });

  it('lists the incidents behind the month\'s breached and openBreached figures, by due instant (SLA-2)', async () => {
    const doc = await metrics(tickets);
    // 2 missed its target by a minute; 4 was open at the end of October past its due instant
    // (Monday 28 October 11:30); 5 falls due in November; the request 6 is no incident.
    expect(doc.slaBreaches).toEqual([
      {
        ticketNumber: 2, state: 'breached', priority: 'Kritisk', municipality: 'Molde', created: '2024-10-01T06:00:00Z', date: '2024-10-01',
        due: '2024-10-01T08:00:00Z', subject: null, status: 'Løst', resolved: '2024-10-01T08:01:00Z', resolutionHours: 2.02, resolutionServiceHours: 2.02,
      },
      {
        ticketNumber: 4, state: 'openPastTarget', priority: 'Høy', municipality: 'Aukra', created: '2024-10-25T13:00:00Z', date: '2024-10-25',
        due: '2024-10-28T10:30:00Z', subject: null, status: 'Ny', resolved: null, resolutionHours: null, resolutionServiceHours: null,
      },
    ]);
    const september = await metrics([{ nr: 1, created: '2024-09-30 12:00', priority: 'Høy' }], { month: '2024-09' });
    expect(september.slaBreaches).toEqual([]);
  });

  it('lists every critical and high incident created in the report month, without subjects unless asked (SLA-4)', async () => {
    const doc = await metrics(tickets);
    expect(doc.criticalAndHigh.map((t) => t.ticketNumber)).toEqual([1, 2, 3, 4, 5]);
    expect(doc.criticalAndHigh[0]).toEqual({
      ticketNumber: 1,
      created: '2024-10-01T06:00:00Z',
      date: '2024-10-01',
      priority: 'Kritisk',
      municipality: 'Molde',
      subject: null,
      status: 'Løst',
      resolved: '2024-10-01T08:00:00Z',
      resolutionHours: 2,
      resolutionServiceHours: 2,
      met: true,
    });
    expect(doc.criticalAndHigh[1]).toMatchObject({ met: false, resolutionHours: 2.02 });
    expect(doc.criticalAndHigh[3]).toMatchObject({ ticketNumber: 4, municipality: 'Aukra', status: 'Ny', resolved: null, resolutionHours: null, met: null });
    const withSubjects = await metrics(tickets, { includeSubjects: true });
    expect(withSubjects.criticalAndHigh[0]!.subject).toBe('Nettverk nede i Molde');
  });
});

describe('PROV-1 and data quality', () => {
  it('names the export, the rules\' hash and each metric\'s version, and counts findings per rule and created month', async () => {
    const doc = await metrics([
      { nr: 1, created: '2024-10-02 09:00', status: 'Lukket', closed: '2024-10-03 09:00' },
      { nr: 2, created: '2024-09-02 09:00', company: '', email: 'someone@gmail.com' },
    ]);
    expect(doc.provenance.exports).toEqual([{ file: 'export.csv', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), rows: 3 }]);
    expect(doc.provenance.rulesSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.provenance.metrics['OPEN-1']).toBe(1);
    expect(doc.dataQuality.byRule).toEqual({ MISSING_RESOLVED_DATE: 1, UNKNOWN_MUNICIPALITY: 1 });
    expect(doc.dataQuality.byMonth.map((m) => m.month)).toEqual(doc.window);
    expect(doc.dataQuality.byMonth.find((m) => m.month === '2024-10')!.byRule).toEqual({ MISSING_RESOLVED_DATE: 1 });
    expect(doc.dataQuality.byMonth.find((m) => m.month === '2024-09')!.byRule).toEqual({ UNKNOWN_MUNICIPALITY: 1 });
  });
});
