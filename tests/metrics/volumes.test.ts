/**
 * Each METRICS.md rule on a small hand-built export whose answer can be
 * worked out by hand. Times are Oslo wall-clock; the shipped rules apply
 * (Feil → incident, Forespørsel → request, Internsak → other; Kritisk 2 h
 * and Høy 4 h resolution targets in service hours, Mon–Fri 08:00–15:30).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { metrics, month, closeStores } from './rules-helpers.ts';

afterEach(closeStores);

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
