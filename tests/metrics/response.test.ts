/**
 * RESP-1 on hand-built exports: first-response times of the incidents
 * resolved in a month, per priority, in calendar and service hours, beside
 * SLA-3's compliance; a response before creation is not measured; not
 * available without a first-response column.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { computeMetrics } from '../../metrics/compute.ts';
import type { PsaDatabase } from '../../store/open.ts';
import { handBuiltStore, type HandTicket } from './hand-built.ts';
import { closeStores, metrics, month } from './rules-helpers.ts';

afterEach(closeStores);

const tickets: HandTicket[] = [
  // Kritisk: 10 minutes to the first response, inside service hours
  { nr: 1, priority: 'Kritisk', created: '2024-10-01 09:00', responded: '2024-10-01 09:10', resolved: '2024-10-01 10:00' },
  // Kritisk: 40 minutes, 15:20 Friday → 16:00 (10 of them in service hours)
  { nr: 2, priority: 'Kritisk', created: '2024-10-04 15:20', responded: '2024-10-04 16:00', resolved: '2024-10-07 09:00' },
  // a response before creation: no response time (DUR-1), neither here nor in SLA-3
  { nr: 3, priority: 'Kritisk', created: '2024-10-02 09:00', responded: '2024-10-02 08:50', resolved: '2024-10-02 10:00' },
  // Normal has no response target: times, compliance null
  { nr: 4, priority: 'Normal', created: '2024-10-03 10:00', responded: '2024-10-03 11:30', resolved: '2024-10-03 12:00' },
  // requests and still-open incidents are not measured
  { nr: 5, type: 'Forespørsel', created: '2024-10-03 10:00', responded: '2024-10-03 10:05', resolved: '2024-10-03 12:00' },
  { nr: 6, priority: 'Kritisk', created: '2024-10-03 10:00', responded: '2024-10-03 10:05' },
  // resolved in September: September's figure
  { nr: 7, priority: 'Høy', created: '2024-09-30 15:00', responded: '2024-10-01 08:30', resolved: '2024-10-01 09:00' },
];

describe('RESP-1: first-response times per priority for incidents', () => {
  it('gives n, mean, median and p90 in calendar and service hours over SLA-3\'s incidents, with its compliance', async () => {
    const doc = await metrics(tickets);
    const october = month(doc, '2024-10');
    expect(october.response).toEqual({
      byPriority: {
        Høy: { n: 1, meanHours: 17.5, medianHours: 17.5, p90Hours: 17.5, meanServiceHours: 1, medianServiceHours: 1, p90ServiceHours: 1, responseCompliance: 1 },
        Kritisk: {
          n: 2,
          meanHours: 0.42, // (1/6 + 2/3) / 2
          medianHours: 0.42,
          p90Hours: 0.62, // 1/6 + 0.9 × 1/2
          meanServiceHours: 0.17, // (1/6 + 1/6) / 2
          medianServiceHours: 0.17,
          p90ServiceHours: 0.17,
          responseCompliance: 1,
        },
        Normal: { n: 1, meanHours: 1.5, medianHours: 1.5, p90Hours: 1.5, meanServiceHours: 1.5, medianServiceHours: 1.5, p90ServiceHours: 1.5, responseCompliance: null },
      },
    });
    // Beside SLA-3: the same incidents (the response before creation is in neither).
    expect(october.sla.byPriority['Kritisk']).toMatchObject({ responseMet: 2, responseBreached: 0, responseCompliance: 1 });
    expect(month(doc, '2024-09').response).toEqual({ byPriority: {} });
    // The hand-built export has no Gjenåpnet: only REOPEN-1 is not available.
    expect(Object.keys(doc.notAvailable)).toEqual(['REOPEN-1']);
  });

  it('is null, not an empty table, when the export has no first-response column', async () => {
    const store: PsaDatabase = await handBuiltStore([...tickets, { nr: 999, type: 'Internsak', created: '2024-10-31 12:00' }], { omitColumns: ['Første respons'] });
    try {
      const doc = computeMetrics(store);
      expect(month(doc, '2024-10').response).toBeNull();
      expect(doc.notAvailable['RESP-1']).toMatch(/no export loaded has a first-response column/);
    } finally {
      await store.close();
    }
  });
});
