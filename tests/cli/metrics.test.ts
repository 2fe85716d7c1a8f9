/** `psa metrics` on the command line: its errors and exit codes, and writing its files safely. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOutputs } from '../../core/write-outputs.ts';
import { fixture, runPsa, tempDir } from '../helpers.ts';

const EXPORT = fixture('ingest', 'utf8-bom-semicolon.csv');

async function transformed(): Promise<string> {
  const db = join(tempDir(), 'psa.sqlite');
  for (const args of [['ingest', EXPORT, '--db', db], ['transform', '--db', db]]) expect((await runPsa(args)).code).toBe(0);
  return db;
}

describe('psa metrics', () => {
  it('writes metrics.json into the database\'s folder by default and prints the headline figures', async () => {
    const db = await transformed();
    const result = await runPsa(['metrics', '--db', db]);
    expect(result.code, result.stderr).toBe(0);
    // The export's latest timestamp is on 16 October 2024: September is the last month that has ended.
    expect(result.stdout).toMatch(/^Report month 2024-09 \(window 2023-09 to 2024-09, as of 2024-10-16T22:00:00Z\):\n {2}new {8}0 \(0 incidents, 0 requests\)/);
    const dir = join(db, '..');
    expect(result.stdout).toContain(`Wrote 14 files to ${dir}: metrics.json, new-by-category.vl.json, new-by-municipality.vl.json,`);
    expect(result.stdout).toContain('resolution-time.vl.json, open-age.vl.json, reopen-rate.vl.json\n');
    expect(JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')).reportMonth).toBe('2024-09');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'open-month-end.vl.json'), 'utf8')).title.text).toBe('Åpne saker ved månedsslutt');

    const english = await runPsa(['metrics', '--db', db, '--lang', 'en', '--out', join(dir, 'en')]);
    expect(english.code, english.stderr).toBe(0);
    expect(english.stdout).toContain(`Wrote 14 files to ${join(dir, 'en')}: metrics.json, new-by-category.vl.json,`);
    expect(JSON.parse(readFileSync(join(dir, 'en', 'open-month-end.vl.json'), 'utf8')).title.text).toBe('Open tickets at month end');
  });

  it('says what to do when the database is missing, not transformed, or loaded since the transform (exit 1)', async () => {
    const missing = await runPsa(['metrics', '--db', join(tempDir(), 'none.sqlite')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no database at .*none\.sqlite; load exports with psa ingest and run psa transform first/);

    const db = join(tempDir(), 'psa.sqlite');
    expect((await runPsa(['ingest', EXPORT, '--db', db])).code).toBe(0);
    const untransformed = await runPsa(['metrics', '--db', db]);
    expect(untransformed.code).toBe(1);
    expect(untransformed.stderr).toContain('the database has no transformed tickets: run psa transform first');

    expect((await runPsa(['transform', '--db', db])).code).toBe(0);
    expect((await runPsa(['ingest', fixture('ingest', 'multiline-subjects.csv'), '--db', db])).code).toBe(0);
    const stale = await runPsa(['metrics', '--db', db, '--out', '-']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('load 2 came after the last transform (run 1), so the facts are out of date: run psa transform first');
    expect(stale.stdout).toBe('');
  });

  it('rejects bad arguments with exit code 2', async () => {
    const db = await transformed();
    const cases: [string[], RegExp][] = [
      [[], /--db <path> is required/],
      [['--db', db, '--month', '2024-13'], /--month expects a month as YYYY-MM, got "2024-13"/],
      [['--db', db, '--lang', 'sv'], /--lang expects nb or en, got "sv"/],
      [['--db', db, '--month', '2024-10'], /--month 2024-10: 2024-10 has not ended by the as-of instant 2024-10-16T22:00:00Z .*: the latest month to report on is 2024-09/],
      [['--db', db, '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const result = await runPsa(['metrics', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });

  it('documents itself in --help', async () => {
    const result = await runPsa(['metrics', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: psa metrics --db <path> [--month YYYY-MM] [--out <dir>] [--lang nb|en] [--include-subjects]');
  });
});

describe('writing output files', () => {
  it('renames every file into place only when all are written, and leaves the folder as it was on failure', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), 'old a');
    mkdirSync(join(dir, '.b.json.' + process.pid + '.tmp')); // writing b's temporary file will fail
    expect(() => writeOutputs(dir, [{ name: 'a.json', content: 'new a' }, { name: 'b.json', content: 'b' }])).toThrow();
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('old a');
    expect(existsSync(join(dir, 'b.json'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['.b.json.' + process.pid + '.tmp', 'a.json']);

    const out = join(dir, 'new');
    expect(writeOutputs(out, [{ name: 'a.json', content: 'new a' }, { name: 'b.json', content: 'b' }])).toEqual([join(out, 'a.json'), join(out, 'b.json')]);
    expect(readdirSync(out).sort()).toEqual(['a.json', 'b.json']);
  });
});
