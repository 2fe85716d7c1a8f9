/**
 * The incremental transform (transform/incremental.ts, migration 0012):
 * recomputing only what changed must give exactly what a full rebuild
 * gives, in every table the transform writes, and its summary; and the
 * decision between full, incremental and nothing at all.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/load.ts';
import type { PsaDatabase } from '../../store/open.ts';
import { DEFAULT_RULES_PATH, loadRules, type Rules } from '../../transform/rules.ts';
import { findMissingFromExport } from '../../transform/missing-from-export.ts';
import { transformDatabase, type TransformSummary } from '../../transform/transform-database.ts';
import { tempDir, tempStore } from '../helpers.ts';

const HEADER = 'Saksnummer;Sakstype;Status;Prioritet;Firma;Kategori 1;Opprettet;Endret;Løst;Lukket;Merket for sletting';

interface Ticket {
  readonly ticket: number;
  readonly type: string;
  readonly status: string;
  readonly priority: string;
  readonly company: string;
  readonly category: string;
  readonly created: string;
  readonly modified: string;
  readonly resolved: string;
  readonly closed: string;
  readonly deleted: string;
}

const record = (t: Ticket) => [t.ticket, t.type, t.status, t.priority, t.company, t.category, t.created, t.modified, t.resolved, t.closed, t.deleted].join(';');

const day = (d: number, hour: number) => {
  const date = new Date(Date.UTC(2024, 9, 1 + d, hour));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(date.getUTCDate())}.${p(date.getUTCMonth() + 1)}.${date.getUTCFullYear()} ${p(hour)}:00`;
};

/**
 * A ticket's values: created in October or November 2024; modified, resolved
 * and closed after it, some of them in December (after the November export's
 * date: FUTURE_TIMESTAMP there, not in a later export).
 */
const ticketArb = (ticket: number): fc.Arbitrary<Ticket> =>
  fc
    .record({
      type: fc.constantFrom('Feil', 'Forespørsel', 'Feil', 'Ukjent type'),
      status: fc.constantFrom('Ny', 'Under arbeid', 'Løst', 'Lukket', 'Lukket', 'Rart'),
      priority: fc.constantFrom('Kritisk', 'Høy', 'Normal', 'Lav', '', 'Haster'),
      company: fc.constantFrom('Molde kommune', 'Midsund kommune', 'Vestnes kommune', '', 'Firma AS'),
      category: fc.constantFrom('Skriver', 'Nettverk', '', 'Tilgang'),
      created: fc.integer({ min: 0, max: 55 }),
      hour: fc.integer({ min: 7, max: 17 }),
      later: fc.integer({ min: 0, max: 40 }),
      resolvedKind: fc.constantFrom('none', 'resolved', 'closed-only', 'both'),
      deleted: fc.constantFrom('', '', '', '', 'Nei', 'Ja'),
    })
    .map((r) => {
      const end = r.created + r.later;
      return {
        ticket,
        type: r.type,
        status: r.status,
        priority: r.priority,
        company: r.company,
        category: r.category,
        created: day(r.created, r.hour),
        modified: day(end, r.hour),
        resolved: r.resolvedKind === 'resolved' || r.resolvedKind === 'both' ? day(end, r.hour) : '',
        closed: r.resolvedKind === 'closed-only' || r.resolvedKind === 'both' ? day(end, Math.min(r.hour + 1, 23)) : '',
        deleted: r.deleted,
      };
    });

/**
 * What next month's export does with one ticket of this month's: the same
 * row, another, or none (`drop`: gone for good; `skip`: left out this
 * month and back, unchanged, the month after).
 */
const fateArb = fc.constantFrom('keep', 'keep', 'keep', 'keep', 'keep', 'keep', 'keep', 'keep', 'change', 'drop', 'skip');

interface Step {
  /** Next month's export: each ticket kept, changed or left out, and new tickets. */
  readonly fates: readonly string[];
  readonly changed: readonly Ticket[];
  readonly added: number;
  /** A small export of a few tickets (a filtered one: it decides no deletion) loaded after it. */
  readonly partial: number;
  /** An UPDATE or DELETE of stg_tickets by hand, or none. */
  readonly edit: 'none' | 'update' | 'delete';
  /** Whether this step's transform switches to the other rules file. */
  readonly rules: 'same' | 'switch';
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  fates: fc.array(fateArb, { minLength: 1, maxLength: 30 }),
  changed: fc.array(
    fc.integer({ min: 1, max: 1000 }).chain((n) => ticketArb(n)),
    { minLength: 1, maxLength: 6 },
  ),
  added: fc.integer({ min: 0, max: 4 }),
  partial: fc.constantFrom(0, 0, 0, 2),
  edit: fc.constantFrom('none', 'none', 'none', 'update', 'delete'),
  rules: fc.constantFrom('same', 'same', 'same', 'switch'),
});

/** Every table the transform writes, as comparable rows (run ids and times left out). */
function transformTables(store: PsaDatabase): Record<string, unknown[]> {
  const all = (sql: string) => store.sqlite.prepare(sql).all();
  return {
    fct_tickets: all('SELECT * FROM fct_tickets ORDER BY ticket_number'),
    fct_findings: all('SELECT * FROM fct_findings ORDER BY ticket_number, rule'),
    dim_priorities: all('SELECT * FROM dim_priorities ORDER BY sort_order'),
    transform_runs: all('SELECT rules_file, rules_sha256, rules_text, last_load_id, data_until, tickets, findings, psa_version FROM transform_runs ORDER BY run_id DESC LIMIT 1'),
    transform_state: all('SELECT state_id, rules_sha256, logic, last_load_id, loads, tally FROM transform_state'),
    transform_pending: all('SELECT * FROM transform_pending'),
  };
}

const comparable = ({ runId: _r, seconds: _s, mode: _m, fullReason: _f, transformed: _t, written: _w, ...summary }: TransformSummary) => summary;

function changedRules(dir: string): Rules {
  const path = join(dir, 'changed-rules.yaml');
  const text = readFileSync(DEFAULT_RULES_PATH, 'utf8')
    .replace('incident: [Feil, Feilmelding', 'incident: [Feilmelding')
    .replace('request: [Forespørsel', 'request: [Feil, Forespørsel')
    .replace('resolutionHours: 2\n', 'resolutionHours: 3\n');
  if (text === readFileSync(DEFAULT_RULES_PATH, 'utf8')) throw new Error('the rules change did not apply');
  writeFileSync(path, text);
  return loadRules(path);
}

/** findMissingFromExport as it is (ranges recorded by the loader), and with no ranges recorded (every load read from its rows). */
function status3BothWays(store: PsaDatabase): [unknown, unknown] {
  const shown = (d: ReturnType<typeof findMissingFromExport>) => (d === null ? null : { fullExports: d.fullExports, missing: [...d.missing].sort((x, y) => x[0] - y[0]) });
  const fromRanges = shown(findMissingFromExport(store.sqlite));
  store.sqlite.exec('SAVEPOINT rows_only; DELETE FROM raw_load_tickets;');
  try {
    return [fromRanges, shown(findMissingFromExport(store.sqlite))];
  } finally {
    store.sqlite.exec('ROLLBACK TO rows_only; RELEASE rows_only;');
  }
}

/** Whether the latest load holds every current ticket (STATUS-3's shortcut applies). */
function holdsEveryTicket(store: PsaDatabase): boolean {
  const n = (sql: string) => store.sqlite.prepare(sql).pluck().get() as number;
  const latest = n('SELECT max(load_id) FROM raw_loads WHERE rows_loaded > 0');
  return n(`SELECT count(*) FROM raw_load_tickets r JOIN stg_tickets s ON s.ticket_number BETWEEN r.first_ticket AND r.last_ticket WHERE r.load_id = ${latest}`) === n('SELECT count(*) FROM stg_tickets');
}

const write = (path: string, tickets: readonly Ticket[]) => writeFileSync(path, `${[HEADER, ...tickets.map(record)].join('\n')}\n`);

describe('the incremental transform', () => {
  it('gives exactly the tables and summary of a full rebuild, over random change sets (property)', async () => {
    const dir = tempDir();
    const rulesOf = { default: loadRules(), changed: changedRules(dir) };
    let run = 0;
    let incremental = 0;
    let reclassified = 0;
    let missingSeen = 0;
    let heldAll = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 5, max: 40 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => ticketArb(i + 1)))),
        fc.array(stepArb, { minLength: 1, maxLength: 4 }),
        async (base, steps) => {
          run++;
          // A: transformed after every load, incrementally; B: the same loads, rebuilt in full each time.
          const a = await tempStore();
          const b = await tempStore();
          try {
            let current = [...base];
            let month = 10;
            const load = async (tickets: readonly Ticket[], name: string) => {
              const path = join(dir, `run-${run}-${name}`);
              write(path, tickets);
              await ingestFile(a, path);
              await ingestFile(b, path);
            };
            await load(current, 'export-2024-10-31.csv');
            await transformDatabase(a, rulesOf.default);
            let rules = rulesOf.default;
            for (const step of steps) {
              month++;
              const next: Ticket[] = [];
              const exported: Ticket[] = [];
              current.forEach((t, i) => {
                const fate = step.fates[i % step.fates.length]!;
                if (fate === 'drop') return;
                const kept = fate === 'change' ? { ...step.changed[i % step.changed.length]!, ticket: t.ticket } : t;
                next.push(kept);
                if (fate !== 'skip') exported.push(kept);
              });
              const top = Math.max(0, ...current.map((t) => t.ticket));
              for (let k = 0; k < step.added; k++) {
                const added = { ...step.changed[k % step.changed.length]!, ticket: top + k + 1 };
                next.push(added);
                exported.push(added);
              }
              if (exported.length === 0) continue;
              current = next;
              const stamp = month <= 12 ? `2024-${month}-${month === 11 ? 30 : 31}` : `2025-0${month - 12}-28`;
              await load(exported, `export-${stamp}.csv`);
              if (step.partial > 0) await load(exported.slice(0, step.partial), `partial-${stamp}.csv`);
              for (const store of [a, b]) {
                if (step.edit === 'update') store.sqlite.prepare("UPDATE stg_tickets SET priority = 'Kritisk', company = 'Midsund kommune' WHERE ticket_number = (SELECT min(ticket_number) FROM stg_tickets)").run();
                if (step.edit === 'delete') store.sqlite.prepare('DELETE FROM stg_tickets WHERE ticket_number = (SELECT max(ticket_number) FROM stg_tickets)').run();
              }
              if (step.rules === 'switch') rules = rules === rulesOf.default ? rulesOf.changed : rulesOf.default;
              // STATUS-3 from the recorded ranges (migration 0013) decides as it does from the loads' rows.
              const [fromRanges, fromRows] = status3BothWays(a);
              expect(fromRanges).toEqual(fromRows);
              if (holdsEveryTicket(a)) heldAll++;
              const pending = (a.sqlite.prepare('SELECT count(*) AS n FROM transform_pending').get() as { n: number }).n;
              // Never full for the share of changed tickets: more may be new than there were tickets before.
              const inc = await transformDatabase(a, rules, { maxChangedShare: Number.POSITIVE_INFINITY });
              const full = await transformDatabase(b, rules, { full: true });
              expect(transformTables(a)).toEqual(transformTables(b));
              expect(comparable(inc)).toEqual(comparable(full));
              if (step.rules === 'switch') {
                expect(inc).toMatchObject({ mode: 'full', fullReason: 'rules' });
              } else {
                expect(inc.mode).toBe('incremental');
                expect(inc.transformed).toBeGreaterThanOrEqual(step.edit === 'delete' ? pending - 1 : pending);
                incremental++;
                reclassified += inc.transformed;
                missingSeen += inc.findingsByRule.MISSING_FROM_EXPORT;
              }
            }
          } finally {
            await a.close();
            await b.close();
          }
        },
      ),
      { numRuns: 30 },
    );
    // Not a comparison of two full rebuilds: incremental runs recomputed tickets, and STATUS-3 deleted some.
    expect(incremental).toBeGreaterThan(10);
    expect(reclassified).toBeGreaterThan(0);
    expect(missingSeen).toBeGreaterThan(0);
    // STATUS-3's shortcut for an export that holds every ticket was taken, and so was the other way.
    expect(heldAll).toBeGreaterThan(0);
    expect(heldAll).toBeLessThan(incremental);
  }, 300_000);
});

describe('full or incremental: the decision', () => {
  const ticket = (n: number, over: Partial<Ticket> = {}): Ticket => ({
    ticket: n,
    type: 'Feil',
    status: 'Løst',
    priority: 'Høy',
    company: 'Molde kommune',
    category: 'Skriver',
    created: day(n % 20, 9),
    modified: day(n % 20 + 1, 10),
    resolved: day(n % 20 + 1, 10),
    closed: '',
    deleted: '',
    ...over,
  });
  const tickets = Array.from({ length: 40 }, (_, i) => ticket(i + 1));

  /** A database with the 40 tickets loaded and transformed, and the statements its connection runs from then on. */
  async function transformed() {
    const dir = tempDir();
    const store = await tempStore();
    const path = join(dir, 'export-2024-11-30.csv');
    write(path, tickets);
    await ingestFile(store, path);
    // The first load, before any transform, records nothing pending.
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM transform_pending').get()).toEqual({ n: 0 });
    const first = await transformDatabase(store, loadRules());
    expect(first).toMatchObject({ mode: 'full', fullReason: 'first', transformed: 40, tickets: 40, written: true });
    const statements: string[] = [];
    const exec = store.sqlite.exec.bind(store.sqlite);
    store.sqlite.exec = (sql: string) => {
      statements.push(sql);
      return exec(sql);
    };
    return { dir, store, first, statements };
  }
  const runs = (store: PsaDatabase) => store.sqlite.prepare('SELECT run_id, mode, tickets_transformed, last_load_id FROM transform_runs ORDER BY run_id').all();
  const facts = (store: PsaDatabase) => store.sqlite.prepare('SELECT * FROM fct_tickets ORDER BY ticket_number').all();

  it('nothing changed: nothing is written, the facts and the log are untouched', async () => {
    const { store, first, statements } = await transformed();
    const before = facts(store);
    const reader = new SQLite(join(store.dir, 'psa.sqlite'), { readonly: true });
    try {
      const version = reader.pragma('data_version', { simple: true });
      const again = await transformDatabase(store, loadRules());
      expect(again).toMatchObject({ mode: 'incremental', fullReason: null, transformed: 0, written: false, runId: first.runId });
      expect(comparable(again)).toEqual(comparable(first));
      // Another connection sees no commit since (SQLite's data_version changes with every commit of another connection).
      expect(reader.pragma('data_version', { simple: true })).toBe(version);
    } finally {
      reader.close();
    }
    expect(statements.filter((s) => !/^(BEGIN IMMEDIATE|ROLLBACK)$/.test(s))).toEqual([]);
    expect(facts(store)).toEqual(before);
    expect(runs(store)).toEqual([{ run_id: 1, mode: 'full', tickets_transformed: 40, last_load_id: 1 }]);
  });

  it('one ticket changed by hand: it alone is classified again, the indexes are updated in place, the pending list emptied', async () => {
    const { store, statements } = await transformed();
    store.sqlite.prepare("UPDATE stg_tickets SET ticket_type = 'Forespørsel' WHERE ticket_number = 7").run();
    expect(store.sqlite.prepare('SELECT ticket_number FROM transform_pending').all()).toEqual([{ ticket_number: 7 }]);
    const summary = await transformDatabase(store, loadRules());
    expect(summary).toMatchObject({ mode: 'incremental', transformed: 1, tickets: 40, byClass: { incident: 39, request: 1, other: 0 } });
    expect(store.sqlite.prepare('SELECT ticket_class FROM fct_tickets WHERE ticket_number = 7').get()).toEqual({ ticket_class: 'request' });
    expect(statements.filter((s) => /\b(DROP|CREATE) INDEX\b/i.test(s))).toEqual([]);
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM transform_pending').get()).toEqual({ n: 0 });
    expect(runs(store)).toEqual([
      { run_id: 1, mode: 'full', tickets_transformed: 40, last_load_id: 1 },
      { run_id: 2, mode: 'incremental', tickets_transformed: 1, last_load_id: 1 },
    ]);
    // A full rebuild drops and builds the indexes: the check above can see them.
    await transformDatabase(store, loadRules(), { full: true });
    expect(statements.filter((s) => /\bDROP INDEX\b/i.test(s)).length).toBeGreaterThan(0);
  });

  it('an incremental run that fails part-way leaves every table as it was, the changed tickets still pending', async () => {
    const { store } = await transformed();
    store.sqlite.exec("UPDATE stg_tickets SET status = 'Ny' WHERE ticket_number IN (3, 5)");
    const before = transformTables(store);
    await expect(
      transformDatabase(store, loadRules(), {
        onProgress: () => {
          throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
    expect(transformTables(store)).toEqual(before);
    expect(before.transform_pending).toEqual([{ ticket_number: 3 }, { ticket_number: 5 }]);
    expect(await transformDatabase(store, loadRules())).toMatchObject({ mode: 'incremental', transformed: 2, resolution: { open: 2 } });
  });

  it('another rules file, another psa, or too many changed tickets: a full rebuild, and it says why', async () => {
    const { dir, store } = await transformed();
    expect(await transformDatabase(store, changedRules(dir))).toMatchObject({ mode: 'full', fullReason: 'rules', transformed: 40 });
    expect(await transformDatabase(store, changedRules(dir))).toMatchObject({ written: false });
    store.sqlite.exec("UPDATE transform_state SET logic = 'made by another psa'");
    expect(await transformDatabase(store, changedRules(dir))).toMatchObject({ mode: 'full', fullReason: 'logic', transformed: 40 });
    // 10 of 40 is a quarter: still incremental; 11 is more.
    store.sqlite.exec('UPDATE stg_tickets SET priority = NULL WHERE ticket_number <= 10');
    expect(await transformDatabase(store, changedRules(dir))).toMatchObject({ mode: 'incremental', transformed: 10 });
    store.sqlite.exec("UPDATE stg_tickets SET priority = 'Normal' WHERE ticket_number <= 11");
    expect(await transformDatabase(store, changedRules(dir))).toMatchObject({ mode: 'full', fullReason: 'many-changed', transformed: 40 });
    // A database transformed by a psa before migration 0012 has no state.
    store.sqlite.exec('DELETE FROM transform_state');
    expect(await transformDatabase(store, changedRules(dir))).toMatchObject({ mode: 'full', fullReason: 'first' });
  });

  it("next month's export with the same rows: nothing classified, but the run is logged with the new load (the facts are up to date for metrics)", async () => {
    const { dir, store } = await transformed();
    const path = join(dir, 'export-2024-12-31.csv');
    writeFileSync(path, `${[HEADER, ...tickets.map(record)].join('\r\n')}\r\n`);
    const load = await ingestFile(store, path);
    expect(load).toMatchObject({ loadId: 2, ticketsUnchanged: 40 });
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM transform_pending').get()).toEqual({ n: 0 });
    const summary = await transformDatabase(store, loadRules());
    expect(summary).toMatchObject({ mode: 'incremental', transformed: 0, written: true, tickets: 40 });
    expect(runs(store).at(-1)).toEqual({ run_id: 2, mode: 'incremental', tickets_transformed: 0, last_load_id: 2 });
  });

  it('a ticket the new full export leaves out is deleted (STATUS-3) without its row changing, and counts again when an export holds it again', async () => {
    const { dir, store } = await transformed();
    const without = join(dir, 'export-2024-12-31.csv');
    write(without, tickets.filter((t) => t.ticket !== 12));
    await ingestFile(store, without);
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM transform_pending').get()).toEqual({ n: 0 });
    const deleted = await transformDatabase(store, loadRules());
    expect(deleted).toMatchObject({ mode: 'incremental', transformed: 1, counted: 39, findingsByRule: { MISSING_FROM_EXPORT: 1 } });
    expect(store.sqlite.prepare("SELECT ticket_number FROM fct_findings WHERE rule = 'MISSING_FROM_EXPORT'").all()).toEqual([{ ticket_number: 12 }]);
    // The same rows as the first export, in other bytes (CRLF): not the same file, so loaded, its rows unchanged.
    const back = join(dir, 'export-2025-01-31.csv');
    writeFileSync(back, `${[HEADER, ...tickets.map(record)].join('\r\n')}\r\n`);
    expect(await ingestFile(store, back)).toMatchObject({ loadId: 3, ticketsUnchanged: 40 });
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM transform_pending').get()).toEqual({ n: 0 });
    const restored = await transformDatabase(store, loadRules());
    expect(restored).toMatchObject({ mode: 'incremental', transformed: 1, counted: 40, findingsByRule: { MISSING_FROM_EXPORT: 0 } });
    expect(store.sqlite.prepare('SELECT counted FROM fct_tickets WHERE ticket_number = 12').get()).toEqual({ counted: 1 });
  });
});

describe('the triggers that record changed tickets', () => {
  it('do not exist before the first transform (a first load runs none), and every transform leaves them', async () => {
    const store = await tempStore();
    const triggers = () => store.sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").pluck().all();
    const path = join(tempDir(), 'export-2024-10-31.csv');
    write(path, Array.from({ length: 5 }, (_, i) => ({ ticket: i + 1, type: 'Feil', status: 'Ny', priority: 'Normal', company: 'Molde kommune', category: 'Skriver', created: '01.10.2024 07:00', modified: '01.10.2024 07:00', resolved: '', closed: '', deleted: '' })));
    await ingestFile(store, path);
    expect(triggers()).toEqual([]);
    expect(store.sqlite.prepare('SELECT count(*) FROM transform_pending').pluck().get()).toBe(0);
    await transformDatabase(store, loadRules());
    expect(triggers()).toEqual(['stg_tickets_pending_delete', 'stg_tickets_pending_insert', 'stg_tickets_pending_renumber', 'stg_tickets_pending_update']);
    store.sqlite.prepare("UPDATE stg_tickets SET priority = 'Høy' WHERE ticket_number = 2").run();
    expect(store.sqlite.prepare('SELECT ticket_number FROM transform_pending').pluck().all()).toEqual([2]);
    await transformDatabase(store, loadRules(), { full: true });
    expect(triggers()).toHaveLength(4);
    expect(store.sqlite.prepare('SELECT count(*) FROM transform_pending').pluck().get()).toBe(0);
  });
});
