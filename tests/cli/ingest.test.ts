import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/main.ts';
import { ExitCode } from '../../cli/failures.ts';
import { messages } from '../../ingest/messages.ts';
import { fixture, runPsa, tempDir } from '../helpers.ts';

const ingestFixture = (name: string) => fixture('ingest', name);

describe('psa', () => {
  it('lists its commands with --help', async () => {
    const result = await runPsa(['--help']);
    expect(result.code).toBe(ExitCode.success);
    for (const command of COMMANDS) expect(result.stdout).toContain(`  ${command.name}`);
  });

  it.each(COMMANDS.map((c) => c.name))('%s --help prints its usage and exits 0', async (name) => {
    const result = await runPsa([name, '--help']);
    expect(result.code).toBe(ExitCode.success);
    expect(result.stdout).toContain(`Usage: psa ${name}`);
  });

  it('exits 2 on an unknown command or option, pointing at --help', async () => {
    expect(await runPsa(['frobnicate'])).toMatchObject({ code: ExitCode.usage, stderr: expect.stringContaining('unknown command "frobnicate"') });
    const badOption = await runPsa(['ingest', 'x.csv', '--db', 'x.sqlite', '--frob']);
    expect(badOption.code).toBe(ExitCode.usage);
    expect(badOption.stderr).toContain('See: psa ingest --help');
  });
});

describe('psa ingest', () => {
  it('requires --db and a file', async () => {
    expect(await runPsa(['ingest', ingestFixture('utf8-bom-semicolon.csv')])).toMatchObject({ code: ExitCode.usage, stderr: expect.stringContaining('--db <path> is required') });
    expect(await runPsa(['ingest', '--db', 'x.sqlite'])).toMatchObject({ code: ExitCode.usage, stderr: expect.stringContaining('no export file given') });
  });

  it('exits 0 when every row loads, and prints read = loaded + rejected', async () => {
    const db = join(tempDir(), 'psa.sqlite');
    const result = await runPsa(['ingest', ingestFixture('utf8-bom-semicolon.csv'), '--db', db]);
    expect(result.code).toBe(ExitCode.success);
    expect(result.stdout).toContain(`utf8-bom-semicolon.csv: ${messages.readSummary(3, 3, 0)}`);
    expect(result.stdout).toContain('tickets: 3 new, 0 updated, 0 unchanged');
    expect(result.stderr).toBe('');
  });

  it('exits 3 when rows were rejected, naming file, line and column of each', async () => {
    const db = join(tempDir(), 'psa.sqlite');
    const result = await runPsa(['ingest', ingestFixture('ragged-rows.csv'), '--db', db]);
    expect(result.code).toBe(ExitCode.partial);
    expect(result.stdout).toContain(messages.readSummary(4, 2, 2));
    expect(result.stdout).toContain(`ragged-rows.csv:3:6 (Endret) FIELD_COUNT: ${messages.fieldCount(7, 5)}`);
  });

  it('exits 1 when a file cannot be loaded, creating no database for it', async () => {
    const db = join(tempDir(), 'psa.sqlite');
    const result = await runPsa(['ingest', ingestFixture('missing-required-column.csv'), '--db', db]);
    expect(result.code).toBe(ExitCode.failure);
    // Issue 13 item 9: "not loaded" is an error, on stderr.
    expect(result.stderr).toContain('missing-required-column.csv:1: not loaded: missing required column Sakstype (ticketType)');
    expect(result.stdout).not.toContain('not loaded');
    expect(existsSync(db)).toBe(false);
  });

  it('loads the other files when one fails, and still exits 1', async () => {
    const db = join(tempDir(), 'psa.sqlite');
    const result = await runPsa(['ingest', ingestFixture('utf8-bom-semicolon.csv'), ingestFixture('empty.csv'), ingestFixture('tab-delimited.csv'), '--db', db, '--json']);
    expect(result.code).toBe(ExitCode.failure);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ rowsRead: 4, rowsLoaded: 4, failed: 1, exitCode: 1 });
    expect(summary.files.map((f: { ok: boolean }) => f.ok)).toEqual([true, false, true]);
  });

  it('--json prints one object with the counts, and says when a file was already loaded', async () => {
    const db = join(tempDir(), 'psa.sqlite');
    const first = await runPsa(['ingest', ingestFixture('bad-dates.csv'), '--db', db, '--json']);
    expect(first.code).toBe(ExitCode.partial);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ rowsRead: 7, rowsLoaded: 2, rowsRejected: 5, ticketsInserted: 2, ticketsUpdated: 0, alreadyLoaded: false });
    expect(summary.files[0].rejects[0]).toEqual({ line: 3, column: 5, columnName: 'Opprettet', code: 'BAD_TIMESTAMP', message: messages.badTimestamp('Opprettet', '30.02.2024 08:15') });
    const again = await runPsa(['ingest', ingestFixture('bad-dates.csv'), '--db', db, '--json']);
    expect(again.code).toBe(ExitCode.success);
    expect(JSON.parse(again.stdout)).toMatchObject({ rowsRead: 0, rowsLoaded: 0, alreadyLoaded: true });
  });

  it('reads a columns file, and refuses a bad one or a bad zone as usage errors', async () => {
    const db = join(tempDir(), 'psa.sqlite');
    const ok = await runPsa(['ingest', ingestFixture('custom-headers.csv'), '--db', db, '--columns', ingestFixture('custom-headers.columns.json')]);
    expect(ok.code).toBe(ExitCode.success);
    const bad = await runPsa(['ingest', ingestFixture('custom-headers.csv'), '--db', db, '--columns', ingestFixture('custom-headers.csv')]);
    expect(bad).toMatchObject({ code: ExitCode.usage, stderr: expect.stringContaining('cannot read the columns file') });
    const zone = await runPsa(['ingest', ingestFixture('custom-headers.csv'), '--db', db, '--zone', 'Europe/Molde']);
    expect(zone).toMatchObject({ code: ExitCode.usage, stderr: expect.stringContaining('"Europe/Molde" is not an IANA time zone') });
  });
});
