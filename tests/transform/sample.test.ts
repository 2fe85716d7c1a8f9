/**
 * The transform on the bundled sample agrees, ticket by ticket, with the
 * generator's own model of each ticket (which never runs the pipeline):
 * class, counted, municipality and where it came from, report category,
 * security alert, the effective and naive resolution instants and their
 * source (RESOLVED-1..3), durations in calendar and service hours (DUR-1,
 * HOURS-1, checked against the generator's independent calendar), and the
 * planted findings.
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSample } from '../../fixtures/sample/model.ts';
import { FINDINGS, type SampleTicket } from '../../fixtures/sample/ticket.ts';
import { SAMPLE_FILES } from '../../fixtures/sample/write-sample.ts';
import { formatUtc } from '../../core/timestamps.ts';
import type { FctTicket } from '../../store/schema.ts';
import { fixture, runPsa, tempDir } from '../helpers.ts';

let facts: Map<number, FctTicket>;
let findings: Map<number, string[]>;
let model: readonly SampleTicket[];

beforeAll(async () => {
  const db = join(tempDir(), 'psa.sqlite');
  expect((await runPsa(['ingest', fixture(SAMPLE_FILES.export), '--db', db])).code).toBe(0);
  const transform = await runPsa(['transform', '--db', db]);
  expect(transform.code, transform.stderr).toBe(0);
  const sqlite = new SQLite(db, { readonly: true });
  try {
    facts = new Map((sqlite.prepare('SELECT * FROM fct_tickets').all() as FctTicket[]).map((f) => [f.ticket_number, f]));
    findings = new Map();
    for (const { ticket_number, rule } of sqlite.prepare('SELECT ticket_number, rule FROM fct_findings ORDER BY rule').all() as { ticket_number: number; rule: string }[]) {
      findings.set(ticket_number, [...(findings.get(ticket_number) ?? []), rule]);
    }
  } finally {
    sqlite.close();
  }
  model = buildSample().tickets;
}, 120_000);

const instant = (ms: number | null) => (ms === null ? null : formatUtc(ms));
const round = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);

describe('the transform of the sample agrees with the generator model', () => {
  it('has a fact row for every ticket of the export', () => {
    expect(facts.size).toBe(model.length);
  });

  it('classifies every ticket as the model says (CLASS-1, STATUS-2, municipality, category, NEW-2)', () => {
    const wrong: string[] = [];
    for (const { fields, truth } of model) {
      const f = facts.get(fields.ticketNumber)!;
      const got = [f.ticket_class, f.counted === 1, f.municipality, f.municipality_source, f.former_municipality, f.report_category, f.security_alert_source];
      const want = [truth.ticketClass, truth.counted, truth.municipality, truth.placedBy, truth.historicalName, truth.category, truth.securityAlert];
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${fields.ticketNumber}: got ${JSON.stringify(got)}, model ${JSON.stringify(want)}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('repairs resolution instants as the model says (RESOLVED-1, RESOLVED-3)', () => {
    const wrong: string[] = [];
    for (const { fields, truth } of model) {
      const f = facts.get(fields.ticketNumber)!;
      const got = [f.resolved, f.resolved_source];
      const want = [instant(truth.effective), truth.effectiveSource];
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${fields.ticketNumber}: got ${JSON.stringify(got)}, model ${JSON.stringify(want)}`);
      expect(f.naive_resolved_month === null, String(fields.ticketNumber)).toBe(truth.naive === null);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('measures durations in calendar and service hours as the model\'s own calendar does (DUR-1, HOURS-1)', () => {
    const wrong: string[] = [];
    let withService = 0;
    for (const { fields, truth } of model) {
      const f = facts.get(fields.ticketNumber)!;
      const got = [round(f.resolution_hours), round(f.resolution_service_hours)];
      const want = [round(truth.hours), round(truth.serviceHours)];
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${fields.ticketNumber}: got ${JSON.stringify(got)}, model ${JSON.stringify(want)}`);
      if (truth.serviceHours !== null && truth.serviceHours > 0) withService++;
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(withService).toBeGreaterThan(10_000);
  });

  it('records exactly the findings the model planted', () => {
    const wrong: string[] = [];
    for (const { fields, truth } of model) {
      const got = (findings.get(fields.ticketNumber) ?? []).filter((r) => (FINDINGS as readonly string[]).includes(r));
      const want = [...truth.findings].sort();
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${fields.ticketNumber}: got ${got.join(' ')}, model ${want.join(' ')}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});
