/**
 * `psa pull` and `psa run --pull` as a user runs them: the key from a file
 * or the environment and never an argument, and the key in no output, log,
 * error or database file.
 */
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pullMessages } from '../../pull/messages.ts';
import { reportFolder, tempDir, runPsa } from '../helpers.ts';
import { fastApiConfig, KEY, psaPull, sampleFields, startFake } from './fake.ts';

/** Every byte psa left in `dir` (database, WAL, outputs), as text. */
function everything(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name)).toString('latin1'))
    .join('\n');
}

describe('psa pull', () => {
  it('reads the key from --key-file or PSA_PURESERVICE_KEY, and the key shows up nowhere', async () => {
    const { url } = await startFake({}, sampleFields().slice(0, 600));
    const dir = tempDir();
    const db = join(dir, 'psa.sqlite');
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, `${KEY}\n`, { mode: 0o600 });
    const config = fastApiConfig(dir);

    const first = await psaPull(url, db, ['--key-file', keyFile, '--api-config', config], {});
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`${url}: read 600 rows = 600 loaded + 0 rejected (load 1, full pull, 2 pages, 3 requests, 0 retries)`);
    expect(first.stdout).toContain('  tickets: 600 new, 0 updated, 0 unchanged');
    const second = await psaPull(url, db, ['--api-config', config, '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ mode: 'incremental', exitCode: 0, ticketsInserted: 0 });

    // A refused key, and an API that echoes the key in an error: exit 1, the key never repeated.
    const refused = await psaPull(url, db, ['--api-config', config], { PSA_PURESERVICE_KEY: `${KEY}-old` });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(pullMessages.keyRefused(401, `${url}/ticket/`));
    const echo = await startFake({ script: new Map([[1, { status: 400, body: `invalid filter; headers: X-Authorization-Key=${KEY}` }]]) }, sampleFields().slice(0, 10));
    const echoed = await psaPull(echo.url, db, ['--api-config', config]);
    expect(echoed.code).toBe(1);
    expect(echoed.stderr).toContain('X-Authorization-Key=[key]');

    for (const result of [first, second, refused, echoed]) expect(result.stdout + result.stderr).not.toContain(KEY.slice(0, 20));
    expect(everything(dir).replace(readFileSync(keyFile, 'latin1'), '')).not.toContain(KEY.slice(0, 20));
  });

  it('refuses the key as an argument, without repeating it, and says where a key goes when there is none', async () => {
    const dir = tempDir();
    const db = join(dir, 'psa.sqlite');
    for (const args of [['--key', KEY], [`--key=${KEY}`]]) {
      const result = await psaPull('https://molde.pureservice.com/agent/api', db, args, {});
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('the API key is never taken as an argument');
      expect(result.stdout + result.stderr).not.toContain(KEY);
    }
    const none = await runPsa(['pull', '--url', 'https://molde.pureservice.com/agent/api', '--db', db], { env: { ...process.env, PSA_PURESERVICE_KEY: '' } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(pullMessages.noKey());
    const http = await psaPull('http://molde.pureservice.com/agent/api', db);
    expect(http.code).toBe(2);
    expect(http.stderr).toContain(pullMessages.notHttps('http://molde.pureservice.com'));
    // A key file others can read works, with advice.
    const { url } = await startFake({}, sampleFields().slice(0, 5));
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, KEY);
    chmodSync(keyFile, 0o644);
    const loose = await psaPull(url, db, ['--key-file', keyFile, '--api-config', fastApiConfig(dir)], {});
    expect(loose.code, loose.stderr).toBe(0);
    expect(loose.stderr).toContain(`${keyFile} can be read by other users (mode 644); chmod 600 it`);
  });

  it('exits 3 when tickets were set aside, and lists them without their text', async () => {
    const { fake, url } = await startFake({}, sampleFields().slice(0, 50));
    fake.tickets[3]!.statusId = 777;
    const dir = tempDir();
    const result = await psaPull(url, join(dir, 'psa.sqlite'), ['--api-config', fastApiConfig(dir)]);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toContain('read 50 rows = 49 loaded + 1 rejected');
    expect(result.stdout).toContain(`  rejected (UNRESOLVED_LINK 1):\n    ticket #4 of the pull (status) UNRESOLVED_LINK: ${pullMessages.unresolvedLink('status', 'statuses', '777')}`);
    expect(result.stdout).not.toContain(fake.tickets[3]!.subject!);
  });
});

describe('psa run --pull', () => {
  it('pulls first, then transforms, computes and draws; the next run pulls only what changed', async () => {
    const { fake, url } = await startFake();
    const dir = tempDir();
    const out = join(dir, 'out');
    const args = ['run', '--pull', url, '--out', out, '--api-config', fastApiConfig(dir)];
    const env = { env: { ...process.env, PSA_PURESERVICE_KEY: KEY } };
    const first = await runPsa(args, env);
    expect(first.code, first.stderr).toBe(0);
    const stages = first.stderr.split('\n').filter((l) => l.startsWith('['));
    expect(stages.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['[1/5] pull', '[2/5] transform', '[3/5] metrics', '[4/5] dashboard', '[5/5] report']);
    expect(stages[0]).toContain('17,284 tickets read, 17,284 loaded, 0 rejected (full pull, 35 pages)');
    expect(first.stdout).toContain('Report month 2024-10');
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['2024-10', 'index.html', 'psa.sqlite']));
    expect(readdirSync(reportFolder(out))).toEqual(expect.arrayContaining(['index.html', 'metrics.json', 'psa-outputs.json', 'report.docx', 'report.md']));

    fake.touch(fake.tickets[0]!.requestNumber, (t) => (t.subject = 'Endret emne'));
    const second = await runPsa(args, env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/\[1\/5\] pull +\d+ tickets read, \d+ loaded, 0 rejected \(changed since 2024-10-31T\d\d:\d\d:\d\dZ, 1 pages\)/);
    expect(everything(dir)).not.toContain(KEY);
  }, 120_000);

  it('checks the pull arguments before anything is written', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const result = await runPsa(['run', '--pull', 'http://example.org/agent/api', '--out', out], { env: { ...process.env, PSA_PURESERVICE_KEY: KEY } });
    expect(result.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
    const stray = await runPsa(['run', 'x.csv', '--out', out, '--since', '2024-01-01']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('--since goes with --pull <base>');
  });
});
