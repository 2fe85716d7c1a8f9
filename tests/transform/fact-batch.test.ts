/** The compact form facts cross from the transform's worker thread in. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TicketFacts } from '../../transform/classify.ts';
import { FACT_COLUMNS, FactDecoder, FactEncoder } from '../../transform/fact-batch.ts';

const text = fc.option(fc.string({ unit: 'grapheme', maxLength: 12 }), { nil: null });
const number = fc.option(fc.double({ noNaN: true }), { nil: null });
const fact: fc.Arbitrary<TicketFacts> = fc.record({
  ticket_number: fc.integer({ min: 1, max: 2 ** 40 }),
  ticket_class: fc.constantFrom('incident', 'request', 'other'),
  status_class: fc.constantFrom('open', 'resolved', 'closed'),
  counted: fc.constantFrom(0, 1),
  priority: text,
  report_category: fc.string({ unit: 'grapheme' }),
  municipality: fc.string({ unit: 'grapheme' }),
  municipality_source: fc.constantFrom('company', 'email', 'department', null),
  former_municipality: text,
  security_alert_source: text,
  created_month: fc.string({ unit: 'grapheme' }),
  resolved: text,
  resolved_source: fc.constantFrom('export', 'closed', 'modified', 'created', null),
  resolved_month: text,
  naive_resolved_month: text,
  resolution_hours: number,
  resolution_service_hours: number,
  is_old_case: fc.constantFrom(0, 1, null),
  response_hours: number,
  response_service_hours: number,
  response_met: fc.constantFrom(0, 1, null),
  resolution_met: fc.constantFrom(0, 1, null),
  resolution_due: text,
  created: fc.string({ unit: 'grapheme' }),
  status: fc.string({ unit: 'grapheme' }),
  reopened: fc.constantFrom(0, 1, null),
  age_from_day: fc.option(fc.integer({ min: 0, max: 30_000 }), { nil: null }),
  closed: text,
});

describe('fact batches', () => {
  it('decode to every value of every row, in FACT_COLUMNS order, batch after batch (property)', () => {
    fc.assert(
      // Several batches through one encoder and decoder: later batches use words the earlier ones brought.
      fc.property(fc.array(fc.array(fact, { maxLength: 20 }), { maxLength: 4 }), (batches) => {
        const encoder = new FactEncoder();
        const decoder = new FactDecoder();
        for (const facts of batches) {
          const values: unknown[] = [];
          let rows = 0;
          decoder.decode(encoder.encode(facts, []), values, () => rows++);
          expect(rows).toBe(facts.length);
          expect(values).toEqual(facts.flatMap((f) => FACT_COLUMNS.map((c) => f[c])));
        }
      }),
    );
  });

  it('send each word once', () => {
    const encoder = new FactEncoder();
    const f = fc.sample(fact, { seed: 1, numRuns: 1 })[0]!;
    const first = encoder.encode([f, { ...f, ticket_number: f.ticket_number + 1 }], []);
    expect(new Set(first.newWords).size).toBe(first.newWords.length);
    expect(encoder.encode([{ ...f, ticket_number: f.ticket_number + 2 }], []).newWords).toEqual([]);
  });

  it('keep empty text apart from null', () => {
    const values: unknown[] = [];
    const f = fc.sample(fact, { seed: 1, numRuns: 1 })[0]!;
    new FactDecoder().decode(new FactEncoder().encode([{ ...f, priority: '', former_municipality: null }], []), values, () => {});
    expect(values[FACT_COLUMNS.indexOf('priority')]).toBe('');
    expect(values[FACT_COLUMNS.indexOf('former_municipality')]).toBeNull();
  });
});
