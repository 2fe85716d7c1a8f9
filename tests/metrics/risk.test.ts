/**
 * RISK-1 on hand-built exports: the critical and high incidents open at the
 * as-of instant with the service time left to their resolution target
 * (Kritisk 2 h, Høy 4 h in service hours, Mon–Fri 08:00–15:30).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HandTicket } from './hand-built.ts';
import { closeStores, metrics } from './rules-helpers.ts';

afterEach(closeStores);

describe('RISK-1: open critical and high incidents and their time to breach', () => {
  // As of Wednesday 30 October 2024 13:00 Oslo.
  const asOf = '2024-10-30T13:00:00+01:00';
  const tickets: HandTicket[] = [
    // due 11:00: breached, 2 service hours ago
    { nr: 1, priority: 'Kritisk', created: '2024-10-30 09:00' },
    // due 13:30: within the hour
    { nr: 2, priority: 'Kritisk', created: '2024-10-30 11:30' },
    // 3.5 h to 15:30, then 0.5 h Thursday: due 31.10 08:30, 3 service hours left
    { nr: 3, priority: 'Høy', created: '2024-10-30 12:00', company: 'Aukra kommune' },
    // resolved after the as-of instant: open then; due 30.10 10:30, breached 2.5 h ago
    { nr: 4, priority: 'Høy', created: '2024-10-29 14:00', resolved: '2024-10-30 14:00' },
    // due exactly at the as-of instant: not yet breached, 0 left
    { nr: 5, priority: 'Kritisk', created: '2024-10-30 11:00' },
    // not listed: resolved before the as-of instant, no target, a request, created after it
    { nr: 6, priority: 'Høy', created: '2024-10-30 08:00', resolved: '2024-10-30 12:00' },
    { nr: 7, priority: 'Normal', created: '2024-10-01 09:00' },
    { nr: 8, priority: 'Kritisk', type: 'Forespørsel', created: '2024-10-30 09:00' },
    { nr: 9, priority: 'Kritisk', created: '2024-10-30 14:00' },
  ];

  it('lists them by due instant with the service hours left, negative once breached, and counts each state', async () => {
    const doc = await metrics(tickets, { asOf });
    expect(doc.breachRisk).toEqual({
      asOf: '2024-10-30T12:00:00Z',
      asOfLocal: '2024-10-30T13:00:00',
      breached: 2,
      dueWithinHour: 2,
      later: 1,
      cases: [
        { ticketNumber: 4, priority: 'Høy', municipality: 'Molde', created: '2024-10-29T13:00:00Z', due: '2024-10-30T09:30:00Z', dueLocal: '2024-10-30T10:30:00', remainingHours: -2.5, state: 'breached' },
        { ticketNumber: 1, priority: 'Kritisk', municipality: 'Molde', created: '2024-10-30T08:00:00Z', due: '2024-10-30T10:00:00Z', dueLocal: '2024-10-30T11:00:00', remainingHours: -2, state: 'breached' },
        { ticketNumber: 5, priority: 'Kritisk', municipality: 'Molde', created: '2024-10-30T10:00:00Z', due: '2024-10-30T12:00:00Z', dueLocal: '2024-10-30T13:00:00', remainingHours: 0, state: 'dueWithinHour' },
        { ticketNumber: 2, priority: 'Kritisk', municipality: 'Molde', created: '2024-10-30T10:30:00Z', due: '2024-10-30T12:30:00Z', dueLocal: '2024-10-30T13:30:00', remainingHours: 0.5, state: 'dueWithinHour' },
        { ticketNumber: 3, priority: 'Høy', municipality: 'Aukra', created: '2024-10-30T11:00:00Z', due: '2024-10-31T07:30:00Z', dueLocal: '2024-10-31T08:30:00', remainingHours: 3, state: 'later' },
      ],
    });
  });

  it('is empty when no critical or high incident is open', async () => {
    const doc = await metrics([{ nr: 1, priority: 'Normal', created: '2024-10-01 09:00' }]);
    expect(doc.breachRisk).toMatchObject({ breached: 0, dueWithinHour: 0, later: 0, cases: [] });
  });
});
