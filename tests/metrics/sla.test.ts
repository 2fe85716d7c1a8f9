/**
 * Each METRICS.md rule on a small hand-built export whose answer can be
 * worked out by hand. Times are Oslo wall-clock; the shipped rules apply
 * (Feil → incident, Forespørsel → request, Internsak → other; Kritisk 2 h
 * and Høy 4 h resolution targets in service hours, Mon–Fri 08:00–15:30).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HandTicket } from './hand-built.ts';
import { metrics, month, closeStores } from './rules-helpers.ts';

afterEach(closeStores);

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
