/**
 * Each METRICS.md rule on a small hand-built export whose answer can be
 * worked out by hand. Times are Oslo wall-clock; the shipped rules apply
 * (Feil → incident, Forespørsel → request, Internsak → other; Kritisk 2 h
 * and Høy 4 h resolution targets in service hours, Mon–Fri 08:00–15:30).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { metrics, closeStores } from './rules-helpers.ts';

afterEach(closeStores);

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
