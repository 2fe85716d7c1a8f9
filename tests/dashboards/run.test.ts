/**
 * `psa run` end to end on the bundled sample, and `psa dashboard` on the
 * database it leaves: every output present, metrics.json and the specs equal
 * to their golden files, SVG and PNG charts with their text, no personal
 * data, byte-identical reruns, English, and the command line's errors.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, reportFolder, ROOT, runPsa, tempDir, type RunResult } from '../helpers.ts';
import { darkPixels, decodePng, inkShare } from './png.ts';

const SAMPLE = fixture('sample', 'pureservice-export-2024-10-31.csv');
const GOLDEN = join(ROOT, 'fixtures', 'golden', 'metrics');
const CHARTS = readdirSync(GOLDEN)
  .filter((f) => f.endsWith('.vl.golden.json'))
  .map((f) => f.replace('.vl.golden.json', ''));

let dir: string;
let out: string;
let run: RunResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'psa-run-'));
  out = join(dir, 'report');
  run = await runPsa(['run', SAMPLE, '--out', out]);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (name: string) => readFileSync(join(reportFolder(out), name));
const svgSize = (svg: string) => {
  const [, width, height] = /<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
  return { width: Number(width), height: Number(height) };
};
const title = (name: string): string => {
  const spec = JSON.parse(read(`${name}.vl.json`).toString());
  return typeof spec.title === 'string' ? spec.title : spec.title.text;
};

describe('psa run on the bundled sample', () => {
  it('exits 0 with one progress line per stage and says where to look', () => {
    expect(run.code, run.stderr).toBe(0);
    const stages = run.stderr.split('\n').filter((l) => /^\[\d\/5\]/.test(l));
    expect(stages.map((l) => l.split(/\s+/)[1])).toEqual(['ingest', 'transform', 'metrics', 'dashboard', 'report']);
    expect(stages[4]).toContain('report.docx, report.md');
    expect(run.stdout).toContain(`Wrote ${join(out, '2024-10', 'report.docx')} and ${join(out, '2024-10', 'report.md')}`);
    expect(stages[0]).toContain('17,284 rows read, 17,284 loaded, 0 rejected');
    expect(run.stdout).toContain('open       335 at month end (80 incidents, 255 requests)');
    expect(run.stdout).toContain(`Open ${join(out, '2024-10', 'index.html')} in a browser; ${join(out, 'index.html')} lists every publication.`);
    expect(run.stdout).toContain('Published 2024-10 as version 1.');
  });

  it('writes every output: the database, the index of publications, and in the month folder index.html, metrics.json, each chart as Vega-Lite, SVG and PNG, the report and the manifest', () => {
    expect(CHARTS).toHaveLength(13);
    // No temporary file or folder is left behind.
    expect(readdirSync(out).filter((f) => !f.startsWith('psa.sqlite-')).sort()).toEqual(['2024-10', 'index.html', 'psa.sqlite']);
    const expected = ['index.html', 'metrics.json', 'psa-outputs.json', 'report.docx', 'report.md', ...CHARTS.flatMap((c) => [`${c}.vl.json`, `${c}.svg`, `${c}.png`])].sort();
    expect(readdirSync(reportFolder(out)).sort()).toEqual(expected);
  });

  it('writes metrics.json and every chart spec equal to their golden files', () => {
    expect(read('metrics.json').toString()).toBe(readFileSync(join(GOLDEN, 'metrics.golden.json'), 'utf8'));
    for (const c of CHARTS) expect(read(`${c}.vl.json`).toString(), c).toBe(readFileSync(join(GOLDEN, `${c}.vl.golden.json`), 'utf8'));
  });

  it('draws each chart as an SVG with its title and axis text', () => {
    for (const c of CHARTS) {
      const svg = read(`${c}.svg`).toString();
      expect(svg.startsWith('<svg'), c).toBe(true);
      expect(svg, c).toContain(`>${title(c)}</text>`);
    }
    expect(read('open-month-end.svg').toString()).toContain('>okt. 2024</text>');
    expect(read('sla-compliance.svg').toString()).toContain('>Kritisk</text>');
  });

  it('draws each chart as a PNG at twice the SVG size, 192 dpi, with ink and with its text', () => {
    for (const c of CHARTS) {
      const size = svgSize(read(`${c}.svg`).toString());
      const png = decodePng(read(`${c}.png`));
      expect(Math.abs(png.width - 2 * size.width), c).toBeLessThanOrEqual(1);
      expect(Math.abs(png.height - 2 * size.height), c).toBeLessThanOrEqual(1);
      // 192 dpi: a chart of 600 px is 15.9 cm wide in a Word report.
      expect(png.pixelsPerMetre, c).toBe(7559);
      expect(png.width / 2, c).toBeLessThanOrEqual(640);
      const ink = inkShare(png);
      expect(ink, c).toBeGreaterThan(0.03);
      expect(ink, c).toBeLessThan(0.6);
      // The title is dark text in the top 22 px (44 rows at 2×): resvg draws no text at all without a font.
      expect(darkPixels(png, 0, 44), c).toBeGreaterThan(400);
    }
  });

  it('carries no personal data: no requester, e-mail address or subject in the page or the charts', () => {
    const sqlite = new SQLite(join(out, 'psa.sqlite'), { readonly: true });
    const values = new Set<string>();
    for (const row of sqlite.prepare('SELECT requester, requester_email, subject FROM stg_tickets').raw(true).iterate() as Iterable<(string | null)[]>) {
      for (const v of row) if (v !== null && v.length >= 6) values.add(v);
    }
    sqlite.close();
    expect(values.size).toBeGreaterThan(1000);
    for (const file of ['index.html', ...CHARTS.map((c) => `${c}.svg`)]) {
      const text = read(file).toString();
      const leaked = [...values].filter((v) => text.includes(v));
      expect(leaked, file).toEqual([]);
    }
  });

  it('gives byte-identical files when psa dashboard renders the same database again', async () => {
    const again = tempDir();
    const result = await runPsa(['dashboard', '--db', join(out, 'psa.sqlite'), '--out', again]);
    expect(result.code, result.stderr).toBe(0);
    const files = readdirSync(again).sort();
    expect(files).toHaveLength(2 + 3 * CHARTS.length);
    for (const f of files) expect(readFileSync(join(again, f)).equals(read(f)), f).toBe(true);
  });

  it('run again on the same folder: the export is recognised as loaded, and every file comes out the same', async () => {
    const before = new Map(readdirSync(reportFolder(out)).map((f) => [f, read(f)]));
    const index = readFileSync(join(out, 'index.html'));
    const again = await runPsa(['run', SAMPLE, '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('[1/5] ingest     0 rows read, 0 loaded, 0 rejected (already loaded)');
    expect(again.stdout).toContain('2024-10 version 1 was already published with these figures: nothing new.');
    expect(readdirSync(reportFolder(out)).sort()).toEqual([...before.keys()].sort());
    for (const [f, bytes] of before) expect(read(f).equals(bytes), f).toBe(true);
    expect(readFileSync(join(out, 'index.html')).equals(index)).toBe(true);
  });

  it('renders in English with --lang en', async () => {
    const en = tempDir();
    const result = await runPsa(['dashboard', '--db', join(out, 'psa.sqlite'), '--out', en, '--lang', 'en']);
    expect(result.code, result.stderr).toBe(0);
    const page = readFileSync(join(en, 'index.html'), 'utf8');
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<title>Service desk: monthly report for October 2024</title>');
    expect(page).toContain('Open incidents at month end');
    expect(readFileSync(join(en, 'open-month-end.svg'), 'utf8')).toContain('>Open tickets at month end</text>');
    expect(readFileSync(join(en, 'open-month-end.svg'), 'utf8')).toContain('>Oct 2024</text>');
  });

  it('shows subjects, escaped, only with --include-subjects', async () => {
    const truth = JSON.parse(readFileSync(fixture('sample', 'truth.json'), 'utf8')) as { criticalAndHigh: { subject: string }[] };
    const subject = truth.criticalAndHigh[0]!.subject;
    expect(read('index.html').toString()).not.toContain('<th>Emne</th>');
    const withSubjects = tempDir();
    const result = await runPsa(['dashboard', '--db', join(out, 'psa.sqlite'), '--out', withSubjects, '--include-subjects']);
    expect(result.code, result.stderr).toBe(0);
    const page = readFileSync(join(withSubjects, 'index.html'), 'utf8');
    expect(page).toContain('<th>Emne</th>');
    expect(page).toContain(`<td>${subject.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</td>`);
  });
});

describe('psa run and psa dashboard: errors', () => {
  it('refuses missing arguments and a bad rules file before writing anything (exit 2)', async () => {
    const target = join(tempDir(), 'never');
    const noOut = await runPsa(['run', SAMPLE]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('run: --out <dir> is required');
    const noExport = await runPsa(['run', '--out', target]);
    expect(noExport.code).toBe(2);
    const badRules = await runPsa(['run', SAMPLE, '--out', target, '--rules', join(ROOT, 'package.json')]);
    expect(badRules.code).toBe(2);
    expect(badRules.stderr).toMatch(/^psa: run: /);
    const badLang = await runPsa(['run', SAMPLE, '--out', target, '--lang', 'fr']);
    expect(badLang.code).toBe(2);
    expect(badLang.stderr).toContain('--lang expects nb or en, got "fr"');
    expect(existsSync(target)).toBe(false);
  });

  it('stops after ingest when an export cannot be loaded (exit 1)', async () => {
    const target = join(tempDir(), 'report');
    const result = await runPsa(['run', join(ROOT, 'package.json'), '--out', target]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not loaded');
    expect(result.stderr).toContain('nothing after ingest was run');
    expect(existsSync(join(target, 'index.html'))).toBe(false);
    expect(existsSync(reportFolder(target))).toBe(false);
  });

  it('writes every output but exits 3 when rows were rejected, and says where they are', async () => {
    const target = join(tempDir(), 'report');
    const result = await runPsa(['run', SAMPLE, fixture('broken', 'bad-timestamps.csv'), '--out', target]);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain('bad-timestamps.csv: read 6 rows = 4 loaded + 2 rejected');
    expect(result.stderr).toContain('bad-timestamps.csv:2:17 (Opprettet) BAD_TIMESTAMP');
    expect(result.stdout).toContain(`Some rows were rejected: SELECT * FROM raw_rejects in ${join(target, 'psa.sqlite')}`);
    for (const file of ['index.html', 'metrics.json', 'open-month-end.png']) expect(existsSync(join(reportFolder(target), file)), file).toBe(true);
  });

  it('psa dashboard: a missing database is a failure (1), a month not ended a usage error (2)', async () => {
    const target = tempDir();
    const missing = await runPsa(['dashboard', '--db', join(target, 'none.sqlite'), '--out', target]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('dashboard: no database at');
    const future = await runPsa(['dashboard', '--db', join(out, 'psa.sqlite'), '--out', target, '--month', '2024-11']);
    expect(future.code).toBe(2);
    expect(future.stderr).toContain('2024-11 has not ended');
    expect(readdirSync(target)).toEqual([]);
  });
});
