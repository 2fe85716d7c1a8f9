/**
 * Issue 15's hand-built sequence: an October export is published, then a
 * November export with a late-registered ticket, a reopened one, a
 * backfilled resolved date, a municipality change and a deletion. Each
 * restated figure names its tickets and reasons, and (for a count) their
 * contributions add up to the difference. METRICS.md rules: OPEN-1, NEW-1,
 * OPEN-3, RESOLVED-1, STATUS-2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricsDocument } from '../../metrics/document.ts';
import type { RestatedFigure } from '../../metrics/restatements.ts';
import { restatementSentences } from '../../publications/sentences.ts';
import { ROOT } from '../helpers.ts';
import type { HandTicket } from '../metrics/hand-built.ts';
import { NOVEMBER, OCTOBER, Publisher } from './publish-helpers.ts';

const validate = new Ajv.default({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
  JSON.parse(readFileSync(join(ROOT, 'metrics', 'metrics.schema.json'), 'utf8')),
);

const publishers: Publisher[] = [];
afterEach(async () => {
  while (publishers.length > 0) await publishers.pop()!.close();
});

const figure = (doc: MetricsDocument, month: string, key: string): RestatedFigure | undefined => doc.restatements.figures.find((f) => f.month === month && f.figure === key);

async function octoberThenNovember() {
  const p = await Publisher.open();
  publishers.push(p);
  const october = await p.publish(OCTOBER);
  const november = await p.publish(NOVEMBER);
  return { p, october, november };
}

describe('restatements of an October report by November’s export (issue 15)', () => {
  it('publishes October first with nothing to restate, then November against it', async () => {
    const { october, november } = await octoberThenNovember();
    expect(october.publication).toMatchObject({ reportMonth: '2024-10', version: 1, isNew: true });
    expect(october.report.doc.restatements).toEqual({ against: [], figures: [] });
    expect(november.publication).toMatchObject({ reportMonth: '2024-11', version: 1, isNew: true });
    const doc = november.report.doc;
    expect(validate(JSON.parse(JSON.stringify(doc))), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(doc.schemaVersion).toBe(4);
    // Every window month November's report shares with October's is compared with it.
    expect(doc.restatements.against).toEqual([
      { reportMonth: '2024-10', version: 1, asOf: october.report.doc.asOf, rulesChanged: false, months: doc.window.slice(0, 12) },
    ]);
  });

  it('OPEN-1: September’s open count 3 → 4: one registered late, one reopened, one whose resolved date moved it out', async () => {
    const { november } = await octoberThenNovember();
    const f = figure(november.report.doc, '2024-09', 'open.total')!;
    expect(f).toMatchObject({ published: 3, value: 4, difference: 1, count: true, publishedIn: { reportMonth: '2024-10', version: 1 } });
    expect(f.reasons).toEqual([
      { reason: 'registered_late', tickets: 1, contribution: 1 },
      { reason: 'reopened', tickets: 1, contribution: 1 },
      { reason: 'resolution_moved', tickets: 1, contribution: -1 },
    ]);
    const tickets = november.report.restatementDetails.find((d) => d.figure.month === '2024-09' && d.figure.figure === 'open.total')!.tickets;
    expect(tickets.map((t) => [t.ticketNumber, t.contribution, t.reason])).toEqual([
      [102, 1, 'reopened'],
      [103, -1, 'resolution_moved'],
      [106, 1, 'registered_late'],
    ]);
    expect(tickets.find((t) => t.ticketNumber === 103)!.detail).toContain('resolved 2024-10-02T10:00:00Z → 2024-09-28T10:00:00Z');
  });

  it('the municipality change moves a ticket from Molde to Rauma without changing the total', async () => {
    const { november } = await octoberThenNovember();
    const doc = november.report.doc;
    expect(figure(doc, '2024-09', 'open.byMunicipality.Rauma')).toMatchObject({ published: 0, value: 1, difference: 1, reasons: [{ reason: 'reclassified', tickets: 1, contribution: 1 }] });
    expect(figure(doc, '2024-08', 'new.byMunicipality.Molde')).toMatchObject({ published: 2, value: 1, difference: -1, reasons: [{ reason: 'reclassified', tickets: 1, contribution: -1 }] });
    expect(figure(doc, '2024-08', 'new.total')).toBeUndefined();
  });

  it('STATUS-2: the deletion takes the ticket out of June’s new and July’s resolved', async () => {
    const { november } = await octoberThenNovember();
    const doc = november.report.doc;
    expect(figure(doc, '2024-06', 'new.total')).toMatchObject({ published: 1, value: 0, difference: -1, reasons: [{ reason: 'deleted', tickets: 1, contribution: -1 }] });
    expect(figure(doc, '2024-07', 'resolved.total')).toMatchObject({ published: 1, value: 0, difference: -1, reasons: [{ reason: 'deleted', tickets: 1, contribution: -1 }] });
  });

  it('says it in a sentence like the issue’s', async () => {
    const { november } = await octoberThenNovember();
    const sentences = restatementSentences(november.report.doc.restatements, 'nb');
    const september = sentences.find((s) => s.startsWith('Tallene for september 2024'))!;
    expect(september).toContain('åpne saker 3 → 4 (+1): 1 sak registrert etter forrige rapport, 1 sak gjenåpnet, 1 sak fikk et annet løst-tidspunkt (−1)');
    expect(sentences.find((s) => s.startsWith('Tallene for juni 2024'))).toContain('nye saker 1 → 0 (−1): 1 sak slettet eller merket for sletting');
  });

  it('keeps every restatement and its tickets in the database, for v_restatements and psa changes', async () => {
    const { p, november } = await octoberThenNovember();
    const rows = p.store.sqlite
      .prepare(`SELECT report_month, version, baseline_report_month, month, figure, published_value, new_value, difference, ticket_number, contribution, reason
                FROM v_restatements WHERE month = '2024-09' AND figure = 'open.total' ORDER BY ticket_number`)
      .all();
    expect(rows).toEqual([
      { report_month: '2024-11', version: 1, baseline_report_month: '2024-10', month: '2024-09', figure: 'open.total', published_value: 3, new_value: 4, difference: 1, ticket_number: 102, contribution: 1, reason: 'reopened' },
      { report_month: '2024-11', version: 1, baseline_report_month: '2024-10', month: '2024-09', figure: 'open.total', published_value: 3, new_value: 4, difference: 1, ticket_number: 103, contribution: -1, reason: 'resolution_moved' },
      { report_month: '2024-11', version: 1, baseline_report_month: '2024-10', month: '2024-09', figure: 'open.total', published_value: 3, new_value: 4, difference: 1, ticket_number: 106, contribution: 1, reason: 'registered_late' },
    ]);
    const count = (sql: string) => (p.store.sqlite.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM pub_restatements')).toBe(november.report.doc.restatements.figures.length);
    // The snapshot holds every ticket of each publication.
    expect(count('SELECT count(*) AS n FROM pub_tickets WHERE pub_id = 1')).toBe(OCTOBER.length);
    expect(count('SELECT count(*) AS n FROM pub_tickets WHERE pub_id = 2')).toBe(NOVEMBER.length);
  });

  it('republishing the same inputs changes nothing; recomputing gives back the published document', async () => {
    const { p, november } = await octoberThenNovember();
    const again = await p.publish(NOVEMBER);
    expect(again.publication).toMatchObject({ pubId: november.publication.pubId, version: 1, isNew: false });
    expect(again.publication.documentText).toBe(november.publication.documentText);
    expect(again.report.doc).toEqual(november.report.doc);
    expect((p.store.sqlite.prepare('SELECT count(*) AS n FROM pub_publications').get() as { n: number }).n).toBe(2);
  });

  it('publishing October again from the new data adds version 2, compared with November’s publication, and keeps version 1', async () => {
    const { p, october } = await octoberThenNovember();
    const again = await p.publish(NOVEMBER, { month: '2024-10' });
    expect(again.publication).toMatchObject({ reportMonth: '2024-10', version: 2, isNew: true });
    // Each month against the latest publication covering it: October 2023 only October's did, the rest November's too.
    expect(again.report.doc.restatements.against.map((a) => [a.reportMonth, a.version, a.months.length])).toEqual([
      ['2024-10', 1, 1],
      ['2024-11', 1, 12],
    ]);
    // November's publication already has these facts, and October 2023 did not change: nothing to restate.
    expect(again.report.doc.restatements.figures).toEqual([]);
    const v1 = p.store.sqlite.prepare(`SELECT document FROM pub_publications WHERE report_month = '2024-10' AND version = 1`).get() as { document: string };
    expect(v1.document).toBe(october.publication.documentText);
  });
});

describe('STATUS-3: missing from the new export means deleted only when the export is full (issue 15)', () => {
  // Thirty tickets both exports hold, so that one left out is a small share of a full export.
  const fillers: HandTicket[] = Array.from({ length: 30 }, (_, i) => ({ nr: 201 + i, created: `2024-0${5 + (i % 5)}-1${i % 10} 09:00`, resolved: `2024-0${5 + (i % 5)}-2${i % 10} 09:00` }));
  const october = [...OCTOBER, ...fillers];
  const fullWithout101 = [...NOVEMBER.filter((t) => t.nr !== 101), ...fillers];

  it('a ticket a full export no longer holds is deleted: September and October open lose it', async () => {
    const p = await Publisher.open();
    publishers.push(p);
    await p.publish(october);
    const { report } = await p.publish(fullWithout101);
    // 101 was open since August: every month end from August on loses it (with November's other changes beside it).
    expect(figure(report.doc, '2024-08', 'open.total')).toMatchObject({ published: 2, value: 1, difference: -1, reasons: [{ reason: 'deleted', tickets: 1, contribution: -1 }] });
    const tickets = report.restatementDetails.find((d) => d.figure.month === '2024-08' && d.figure.figure === 'new.total')!.tickets;
    expect(tickets).toEqual([expect.objectContaining({ ticketNumber: 101, contribution: -1, reason: 'deleted' })]);
    expect(tickets[0]!.detail).toContain('deletion null → missing');
    const finding = p.store.sqlite.prepare("SELECT rule, message FROM fct_findings WHERE ticket_number = 101").all();
    expect(finding).toEqual([{ rule: 'MISSING_FROM_EXPORT', message: 'not in load 2, a full export covering its creation: deleted; excluded from every metric' }]);
  });

  it('a partial export (a few tickets) deletes nothing, and the full export before it still decides', async () => {
    const p = await Publisher.open();
    publishers.push(p);
    await p.publish(october);
    const partial = await p.publish([NOVEMBER.find((t) => t.nr === 102)!, NOVEMBER.find((t) => t.nr === 998)!]);
    expect(partial.report.doc.restatements.figures.filter((f) => f.reasons.some((r) => r.reason === 'deleted'))).toEqual([]);
    expect(p.store.sqlite.prepare("SELECT count(*) AS n FROM fct_findings WHERE rule = 'MISSING_FROM_EXPORT'").get()).toEqual({ n: 0 });
    // A full export without 101, then a partial one: 101 stays deleted.
    await p.publish(fullWithout101);
    await p.publish([{ ...NOVEMBER.find((t) => t.nr === 998)!, modified: '2024-12-01 10:00' }]);
    expect(p.store.sqlite.prepare('SELECT counted FROM fct_tickets WHERE ticket_number = 101').get()).toEqual({ counted: 0 });
    // A ticket first seen after the full export is no deletion.
    await p.publish([{ nr: 107, created: '2024-09-16 09:00', modified: '2024-12-02 10:00' }]);
    expect(p.store.sqlite.prepare('SELECT counted FROM fct_tickets WHERE ticket_number = 107').get()).toEqual({ counted: 1 });
  });
});
