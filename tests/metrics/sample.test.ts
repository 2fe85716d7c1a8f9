/**
 * `psa metrics` on the bundled sample: the acceptance test against the
 * generator's truth file, the JSON Schema, determinism, personal data and
 * the golden files of metrics.json and every chart spec.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { round2, round4 } from '../../metrics/figures.ts';
import type { MetricsDocument } from '../../metrics/document.ts';
import { checkGolden } from '../golden.ts';
import { fixture, ROOT, runPsa } from '../helpers.ts';

const SAMPLE = fixture('sample', 'pureservice-export-2024-10-31.csv');
const GOLDEN = join(ROOT, 'fixtures', 'golden', 'metrics');
const truth = JSON.parse(readFileSync(fixture('sample', 'truth.json'), 'utf8'));

const ajv = new Ajv.default({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'metrics', 'metrics.schema.json'), 'utf8')));

let dir: string;
let db: string;
/** The outputs of `psa metrics --out <dir>` on the sample: file name → text. */
let outputs: Map<string, string>;
let doc: MetricsDocument;

afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'psa-metrics-'));
  db = join(dir, 'psa.sqlite');
  for (const args of [['ingest', SAMPLE, '--db', db], ['transform', '--db', db]]) {
    const result = await runPsa(args);
    expect(result.code, result.stderr).toBe(0);
  }
  const out = join(dir, 'metrics');
  const result = await runPsa(['metrics', '--db', db, '--out', out]);
  expect(result.code, result.stderr).toBe(0);
  outputs = new Map(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
  doc = JSON.parse(outputs.get('metrics.json')!);
}, 120_000);

/** What the truth file holds: the document without the figures the truth leaves out. */
function comparable(d: MetricsDocument): unknown {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- keys are deleted by name below
  const copy = structuredClone(d) as unknown as Record<string, any>;
  delete copy.provenance;
  delete copy.priorities;
  delete copy.dataQuality.byMonth;
  delete copy.slaBreaches;
  // The truth models the tickets, not publications; one fresh database has restated nothing (checked below).
  delete copy.restatements;
  for (const m of copy.monthly) delete m.open.changeByMunicipality;
  for (const item of copy.criticalAndHigh) item.subject = truth.criticalAndHigh.find((t: { ticketNumber: number }) => t.ticketNumber === item.ticketNumber)?.subject;
  return copy;
}

describe('psa metrics on the bundled sample', () => {
  it('equals the truth file for every month and figure', () => {
    expect(comparable(doc)).toEqual(truth);
  });

  it('restates nothing when nothing was published before (issue 15)', () => {
    expect(doc.restatements).toEqual({ against: [], figures: [] });
  });

  it('gives the report\'s October 2024 figures (NEW-1, NEW-2, OPEN-1, OPEN-2, OPEN-4, TREND-1, SLA-2, SLA-4)', () => {
    expect(doc.reportMonth).toBe('2024-10');
    const october = doc.monthly.at(-1)!;
    expect(october.new).toMatchObject({ total: 1456, incident: 744, request: 712, securityAlerts: 280 });
    expect(october.open).toMatchObject({ incident: 80, request: 255, total: 335, naiveTotal: 357, adjustment: 22 });
    expect(october.open.changeByMunicipality.Hustadvika).toBe(-55);
    expect(doc.monthly.map((m) => m.open.total)).toEqual([422, 428, 439, 430, 427, 439, 425, 431, 439, 460, 448, 427, 335]);
    expect(doc.trends.openTotal).toEqual({ slopePerMonth: -2.12, fallingSince: '2024-08' });
    expect(doc.criticalAndHigh.map((t) => [t.ticketNumber, t.priority, t.municipality, t.met])).toEqual([
      [112377, 'Kritisk', 'Molde', true],
      [112740, 'Kritisk', 'Molde', false],
      [113245, 'Høy', 'Hustadvika', true],
      [113257, 'Høy', 'Hustadvika', true],
    ]);
    expect(october.sla.byPriority.Kritisk).toMatchObject({ met: 1, breached: 1, compliance: 0.5 });
  });

  it('lists the incidents behind the report month\'s SLA-2 breached and openBreached figures, per priority', () => {
    const october = doc.monthly.at(-1)!;
    expect(doc.slaBreaches.length).toBeGreaterThan(0);
    for (const p of doc.priorities.filter((p) => p.resolutionTargetHours !== null)) {
      const listed = (state: string) => doc.slaBreaches.filter((b) => b.priority === p.name && b.state === state).length;
      expect(listed('breached'), p.name).toBe(october.sla.byPriority[p.name]!.breached);
      expect(listed('openPastTarget'), p.name).toBe(october.sla.byPriority[p.name]!.openBreached);
    }
    const end = '2024-10-31T23:00:00Z';
    for (const b of doc.slaBreaches) {
      expect(b.due < end, String(b.ticketNumber)).toBe(true);
      expect(b.subject).toBeNull();
      if (b.state === 'breached') expect(b.resolved! > '2024-09-30T22:00:00Z' && b.resolved! < end && b.resolved! > b.due).toBe(true);
      else expect(b.resolved).toBeNull();
    }
    // The SLA-4 ticket that missed its target is among them.
    expect(doc.slaBreaches.find((b) => b.ticketNumber === 112740)).toMatchObject({ state: 'breached', priority: 'Kritisk', municipality: 'Molde' });
    expect(doc.slaBreaches.map((b) => b.due)).toEqual(doc.slaBreaches.map((b) => b.due).sort());
  });

  it('validates against the shipped JSON Schema, with and without subjects', async () => {
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const withSubjects = await runPsa(['metrics', '--db', db, '--out', '-', '--include-subjects']);
    expect(withSubjects.code, withSubjects.stderr).toBe(0);
    const subjects = JSON.parse(withSubjects.stdout) as MetricsDocument;
    expect(validate(subjects), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(subjects.criticalAndHigh.map((t) => t.subject)).toEqual(truth.criticalAndHigh.map((t: { subject: string }) => t.subject));
  });

  it('rounds hours and slopes to 2 decimals and compliance to 4', () => {
    const figures = doc.monthly.flatMap((m) => [
      ...Object.values(m.resolution.incident.byPriority),
      ...Object.values(m.resolution.request.byPriority),
    ]);
    expect(figures.length).toBeGreaterThan(40);
    for (const f of figures) {
      for (const [key, value] of Object.entries(f)) if (typeof value === 'number' && key !== 'n' && key !== 'nOld') expect(value, key).toBe(round2(value));
    }
    for (const m of doc.monthly) for (const s of Object.values(m.sla.byPriority)) for (const c of [s.compliance, s.responseCompliance]) if (c !== null) expect(c).toBe(round4(c));
    for (const t of Object.values(doc.trends)) expect(t.slopePerMonth).toBe(round2(t.slopePerMonth));
  });

  it('lists the configured priorities with their targets (SLA-1)', () => {
    expect(doc.priorities.map((p) => [p.name, p.resolutionTargetHours])).toEqual([['Kritisk', 2], ['Høy', 4], ['Normal', null], ['Lav', null]]);
  });

  it('names its inputs (PROV-1)', () => {
    expect(doc.provenance.exports).toEqual([{ file: 'pureservice-export-2024-10-31.csv', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), rows: 17284 }]);
    expect(doc.dataQuality.byMonth.map((m) => m.month)).toEqual(doc.window);
  });

  it('gives byte-identical JSON on every run (PROV-1)', async () => {
    const again = await runPsa(['metrics', '--db', db, '--out', '-']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(outputs.get('metrics.json'));
  });

  it('carries no personal data: no requester, e-mail address or subject appears in any output', () => {
    const sqlite = new SQLite(db, { readonly: true });
    const values = new Set<string>();
    for (const row of sqlite.prepare('SELECT requester, requester_email, subject FROM stg_tickets').raw(true).iterate() as Iterable<(string | null)[]>) {
      for (const v of row) if (v !== null && v.length >= 6) values.add(v);
    }
    sqlite.close();
    // The alert sources' requesters are the rules' own names for them (NEW-2's securityAlertsBySource), not a person's.
    for (const source of Object.keys(doc.monthly.at(-1)!.new.securityAlertsBySource)) values.delete(source);
    expect(values.size).toBeGreaterThan(1000);
    for (const [file, text] of outputs) {
      const leaked = [...values].filter((v) => text.includes(JSON.stringify(v).slice(1, -1)));
      expect(leaked, file).toEqual([]);
    }
  });

  it('matches the golden files of metrics.json and every chart spec', () => {
    expect([...outputs.keys()].filter((f) => f !== 'metrics.json').length).toBeGreaterThan(0);
    const problems = [...outputs].map(([file, text]) => checkGolden(join(GOLDEN, file.replace(/\.json$/, '.golden.json')), text));
    expect(problems.filter((p) => p !== null)).toEqual([]);
  });
});
