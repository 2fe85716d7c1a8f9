/**
 * Issue 15's property: for every figure and every month, the per-ticket
 * contributions sum exactly to the figure's difference between a
 * publication and the one before it. Random sequences of exports (tickets
 * registered late, resolved, reopened, backfilled, reclassified, deleted
 * and undeleted, first responses added, priorities changed) and of rules
 * (the repair of missing resolved dates on or off), each one published.
 * Checks every count figure of the monthly part (NEW-1/2, OPEN-1..4,
 * OPEN-3, DUR-2's n and nOld, SLA-2/3, REOPEN-1's reopened: the exports
 * carry a reopen count), restated or not.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricsDocument } from '../../metrics/document.ts';
import { addMonths } from '../../core/months.ts';
import { contributions, figureKey, mergeNames, monthFigures, namesOf } from '../../publications/figures.ts';
import { changedTickets } from '../../publications/snapshot.ts';
import { DEFAULT_RULES_PATH, loadRules } from '../../transform/rules.ts';
import { tempDir } from '../helpers.ts';
import type { HandTicket } from '../metrics/hand-built.ts';
import { Publisher } from './publish-helpers.ts';

const publishers: Publisher[] = [];
afterEach(async () => {
  while (publishers.length > 0) await publishers.pop()!.close();
});

const day = fc.integer({ min: 0, max: 420 });
/** A day from 2023-09-01 on, as Oslo wall-clock text. */
const time = (d: number, hour = 10) => {
  const t = new Date(Date.UTC(2023, 8, 1 + d, hour, 0));
  return `${t.toISOString().slice(0, 10)} ${String(hour).padStart(2, '0')}:00`;
};

interface Ticket {
  readonly present: boolean;
  readonly type: string;
  readonly status: string;
  readonly priority: string;
  readonly company: string;
  readonly category: string;
  readonly created: number;
  readonly respondedAfter: number | null;
  readonly resolvedAfter: number | null;
  readonly closedAfter: number | null;
  readonly deleted: boolean;
  /** Gjenåpnet. */
  readonly reopened: number;
}

const ticket: fc.Arbitrary<Ticket> = fc.record({
  present: fc.boolean(),
  type: fc.constantFrom('Feil', 'Forespørsel', 'Internsak'),
  status: fc.constantFrom('Ny', 'Under arbeid', 'Løst', 'Lukket'),
  priority: fc.constantFrom('Kritisk', 'Høy', 'Normal'),
  company: fc.constantFrom('Molde kommune', 'Rauma kommune', 'Aukra kommune'),
  category: fc.constantFrom('Infrastruktur', 'Programvare'),
  created: day,
  respondedAfter: fc.option(fc.integer({ min: 0, max: 3 })),
  resolvedAfter: fc.option(fc.integer({ min: -2, max: 120 })),
  closedAfter: fc.option(fc.integer({ min: 0, max: 70 })),
  deleted: fc.boolean(),
  reopened: fc.constantFrom(0, 0, 1, 2),
});

const step = fc.record({ tickets: fc.array(ticket, { minLength: 6, maxLength: 6 }), repair: fc.boolean() });

function exportOf(tickets: readonly Ticket[], stepIndex: number): HandTicket[] {
  const rows: HandTicket[] = [];
  tickets.forEach((t, i) => {
    if (!t.present) return;
    const created = Math.min(t.created, 425);
    rows.push({
      nr: 100 + i,
      type: t.type,
      status: t.status,
      priority: t.priority,
      company: t.company,
      email: `ola@${t.company.split(' ')[0]!.toLowerCase()}.kommune.no`,
      category: t.category,
      created: time(created, 9),
      ...(t.respondedAfter === null ? {} : { responded: time(created, 9 + t.respondedAfter) }),
      ...(t.resolvedAfter === null ? {} : { resolved: time(Math.max(0, created + t.resolvedAfter), 14) }),
      ...(t.closedAfter === null ? {} : { closed: time(created + t.closedAfter, 15) }),
      modified: `2024-11-${String(stepIndex + 1).padStart(2, '0')} 10:00`,
      deleted: t.deleted,
      reopened: t.reopened,
    });
  });
  // The marker: the data run to November, so every step reports on October.
  rows.push({ nr: 999, type: 'Internsak', created: `2024-11-${String(stepIndex + 1).padStart(2, '0')} 10:00` });
  return rows;
}

describe('the sum property (issue 15)', () => {
  it('per-ticket contributions sum exactly to every count figure’s difference, in every month, over random sequences of edits', async () => {
    const dir = tempDir();
    const norepair = join(dir, 'norepair.yaml');
    writeFileSync(norepair, readFileSync(DEFAULT_RULES_PATH, 'utf8').replace('repairMissingResolvedDates: true', 'repairMissingResolvedDates: false'));
    const rules = { true: loadRules(), false: loadRules(norepair) };
    let checkedFigures = 0;
    let checkedReopened = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: 3 }), async (steps) => {
        const p = await Publisher.open();
        publishers.push(p);
        let previous: { doc: MetricsDocument; pubId: number } | null = null;
        for (const [i, s] of steps.entries()) {
          const { report, publication } = await p.publish(exportOf(s.tickets, i), { rules: rules[`${s.repair}`], month: '2024-10' });
          const doc = publication.document;
          if (previous !== null && publication.isNew) {
            const changed = changedTickets(p.store, previous.pubId);
            for (const month of doc.window) {
              const before = previous.doc.monthly.find((m) => m.month === month)!;
              const after = doc.monthly.find((m) => m.month === month)!;
              const names = mergeNames(namesOf([before]), namesOf([after]));
              const old = new Map(monthFigures(before, names).map((f) => [figureKey(f.path), f]));
              const sums = new Map<string, number>();
              const context = { month, previous: addMonths(month, -1), endText: endOf(month) };
              for (const t of changed) {
                const a = contributions(t.before, context);
                const b = contributions(t.after, context);
                for (const k of new Set([...a.keys(), ...b.keys()])) sums.set(k, (sums.get(k) ?? 0) + (b.get(k) ?? 0) - (a.get(k) ?? 0));
              }
              for (const f of monthFigures(after, names)) {
                const o = old.get(figureKey(f.path))!;
                if (!f.count || !o.count) continue;
                expect((o.value as number) + (sums.get(figureKey(f.path)) ?? 0), `${month} ${figureKey(f.path)}`).toBe(f.value);
                checkedFigures++;
                if (f.path[1] === 'reopened') checkedReopened++;
              }
            }
            // And what the document says of each restated count figure adds up.
            for (const d of report.restatementDetails) {
              if (!d.figure.count) continue;
              expect(d.tickets.reduce((sum, t) => sum + t.contribution!, 0), `${d.figure.month} ${d.figure.figure}`).toBe(d.figure.difference);
              expect(d.figure.reasons.reduce((sum, r) => sum + r.contribution!, 0)).toBe(d.figure.difference);
            }
          }
          previous = { doc, pubId: publication.pubId };
        }
        await p.close();
        publishers.pop();
      }),
      { numRuns: 25 },
    );
    expect(checkedFigures).toBeGreaterThan(1000);
    // REOPEN-1 was among them (the exports carry Gjenåpnet).
    expect(checkedReopened).toBeGreaterThan(100);
  }, 480_000);
});

/** end(M) in Oslo as stored instants are written: local midnight, UTC+1 or +2 (summer time from the last Sunday of March to the last Sunday of October). */
function endOf(month: string): string {
  const next = addMonths(month, 1);
  const [y, m] = next.split('-').map(Number) as [number, number];
  const lastSunday = (mm: number) => {
    const d = new Date(Date.UTC(y, mm, 0));
    return d.getUTCDate() - d.getUTCDay();
  };
  const summer = (m > 3 && m < 10) || (m === 3 && 1 > lastSunday(3)) || (m === 10 && 1 <= lastSunday(10));
  return new Date(Date.UTC(y, m - 1, 1, summer ? -2 : -1)).toISOString().replace('.000Z', 'Z');
}
