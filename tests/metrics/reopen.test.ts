/**
 * REOPEN-1 on hand-built exports: reopened tickets among those resolved in a
 * month, per class, counted once in the month of their effective
 * resolution however often they were reopened; not available without a
 * reopen count.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HandTicket } from './hand-built.ts';
import { closeStores, metrics, month } from './rules-helpers.ts';

afterEach(closeStores);

describe('REOPEN-1: reopened among the resolved', () => {
  const tickets: HandTicket[] = [
    // reopened twice, resolved for good in October: once, in October
    { nr: 1, created: '2024-09-20 10:00', resolved: '2024-10-02 10:00', reopened: 2 },
    { nr: 2, created: '2024-10-01 10:00', resolved: '2024-10-03 10:00', reopened: 0 },
    { nr: 3, created: '2024-10-01 10:00', resolved: '2024-10-03 10:00', type: 'Forespørsel', reopened: 1 },
    { nr: 4, created: '2024-10-01 10:00', resolved: '2024-10-04 10:00', type: 'Forespørsel' },
    { nr: 5, created: '2024-09-02 10:00', resolved: '2024-09-03 10:00' },
    // reopened and still open, with its old resolved date: resolved in no month, so in no month's reopened
    { nr: 6, created: '2024-09-02 10:00', status: 'Under arbeid', resolved: '2024-09-04 10:00', reopened: 1 },
  ];

  it('counts a ticket reopened twice once, in the month of its effective resolution, per class, with the rate', async () => {
    const doc = await metrics(tickets);
    expect(month(doc, '2024-10').resolved).toEqual({
      incident: 2,
      request: 2,
      total: 4,
      reopened: { incident: 1, request: 1, total: 2 },
      reopenRate: { incident: 0.5, request: 0.5, total: 0.5 },
    });
    expect(month(doc, '2024-09').resolved).toEqual({
      incident: 1,
      request: 0,
      total: 1,
      reopened: { incident: 0, request: 0, total: 0 },
      reopenRate: { incident: 0, request: null, total: 0 },
    });
    expect(month(doc, '2024-08').resolved.reopenRate).toEqual({ incident: null, request: null, total: null });
    expect(doc.notAvailable).toEqual({});
  });

  it('rounds the rate to 4 decimals', async () => {
    const doc = await metrics([
      { nr: 1, created: '2024-10-01 10:00', resolved: '2024-10-02 10:00', reopened: 1 },
      { nr: 2, created: '2024-10-01 10:00', resolved: '2024-10-02 10:00' },
      { nr: 3, created: '2024-10-01 10:00', resolved: '2024-10-02 10:00' },
    ]);
    expect(month(doc, '2024-10').resolved.reopenRate).toEqual({ incident: 0.3333, request: null, total: 0.3333 });
  });

  it('is not available, not 0, when the export has no reopen count (Gjenåpnet)', async () => {
    const doc = await metrics(tickets.map(({ reopened: _reopened, ...t }) => t));
    expect(month(doc, '2024-10').resolved).toEqual({ incident: 2, request: 2, total: 4 });
    expect('reopened' in month(doc, '2024-10').resolved).toBe(false);
    expect(doc.notAvailable['REOPEN-1']).toMatch(/no export loaded has a reopen count column \(Gjenåpnet/);
  });
});
