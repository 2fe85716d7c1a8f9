/**
 * The ticket numbers a load holds, gathered as ranges (ingest/ticket-ranges.ts,
 * `raw_load_tickets`, migration 0013): whatever the order of the rows, the
 * ranges are ascending, disjoint, not touching, and cover exactly the
 * numbers added.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TicketRanges } from '../../ingest/ticket-ranges.ts';

function rangesOf(tickets: readonly number[]): [number, number][] {
  const ranges = new TicketRanges();
  for (const t of tickets) ranges.add(t);
  return ranges.ranges();
}

/** The expected ranges: the distinct numbers, sorted, cut at every gap. */
function expected(tickets: readonly number[]): [number, number][] {
  const sorted = [...new Set(tickets)].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const t of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && t === last[1] + 1) last[1] = t;
    else out.push([t, t]);
  }
  return out;
}

describe('TicketRanges', () => {
  it('an export sorted either way is one range per gap', () => {
    expect(rangesOf([100, 101, 102, 104, 105])).toEqual([[100, 102], [104, 105]]);
    expect(rangesOf([105, 104, 102, 101, 100])).toEqual([[100, 102], [104, 105]]);
    expect(rangesOf([7])).toEqual([[7, 7]]);
    expect(rangesOf([])).toEqual([]);
  });

  it('repeats, and numbers out of order, join the ranges they touch', () => {
    expect(rangesOf([5, 5, 6, 5, 3, 4, 10, 8, 9])).toEqual([[3, 6], [8, 10]]);
  });

  it('covers exactly the numbers added, in any order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 300 }), (tickets) => {
        expect(rangesOf(tickets)).toEqual(expected(tickets));
      }),
      { numRuns: 300 },
    );
  });

  it('merges as it goes when rows come in no order: a shuffled million-ticket export is one range', () => {
    const n = 200_000;
    const tickets = Array.from({ length: n }, (_, i) => 1 + i);
    // A fixed shuffle (xorshift), so the run is the same every time.
    let x = 2463534242;
    for (let i = n - 1; i > 0; i--) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const j = (x >>> 0) % (i + 1);
      [tickets[i], tickets[j]] = [tickets[j]!, tickets[i]!];
    }
    expect(rangesOf(tickets)).toEqual([[1, n]]);
    // Every other number: as many ranges as numbers, merged more than once on the way.
    const odd = tickets.filter((t) => t % 2 === 1);
    const ranges = rangesOf(odd);
    expect(ranges).toHaveLength(n / 2);
    expect(ranges[0]).toEqual([1, 1]);
    expect(ranges[ranges.length - 1]).toEqual([n - 1, n - 1]);
  });
});
