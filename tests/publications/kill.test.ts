/**
 * Kill safety of publishing (issue 15; issue 13 item 13): psa run is killed
 * with SIGKILL while it publishes version 2 of a month, at the moment its
 * temporary folder appears and a few milliseconds after (while it writes
 * the files and swaps the folders). Every time, the earlier publication and
 * every month folder are whole: each folder holds exactly the files its
 * manifest lists, with their hashes, and version 1's bytes are never lost
 * or mixed with version 2's. The next run removes the dead run's temporary
 * files and finishes the publication.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PSA_BIN, reportFolder, ROOT, runPsa } from '../helpers.ts';
import { exportText } from '../metrics/hand-built.ts';
import { NOVEMBER, OCTOBER } from './publish-helpers.ts';

let dir: string;
let base: string;
let november: string;
let v1: Map<string, Buffer>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'psa-publish-kill-'));
  base = join(dir, 'base');
  const october = join(dir, 'october.csv');
  november = join(dir, 'november.csv');
  writeFileSync(october, exportText(OCTOBER));
  writeFileSync(november, exportText(NOVEMBER));
  const run = await runPsa(['run', october, '--out', base]);
  expect(run.code, run.stderr).toBe(0);
  v1 = files(reportFolder(base));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files = (folder: string) => new Map(readdirSync(folder).map((f) => [f, readFileSync(join(folder, f))]));
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The folder's manifest version, after checking it holds exactly the manifest's files with their sizes and hashes. */
function wholeVersion(folder: string): number {
  const manifest = JSON.parse(readFileSync(join(folder, 'psa-outputs.json'), 'utf8')) as { version: number; files: { name: string; bytes: number; sha256: string }[] };
  expect(readdirSync(folder).sort(), folder).toEqual([...manifest.files.map((f) => f.name), 'psa-outputs.json'].sort());
  for (const f of manifest.files) {
    const content = readFileSync(join(folder, f.name));
    expect([content.byteLength, sha256(content)], `${folder}/${f.name}`).toEqual([f.bytes, f.sha256]);
  }
  if (manifest.version === 1) expect(files(folder)).toEqual(v1);
  return manifest.version;
}

/** Starts psa run publishing October's version 2 into `out`; kills it `delay` ms after its temporary folder appears. */
async function killWhilePublishing(out: string, delay: number): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, [PSA_BIN, 'run', november, '--out', out, '--month', '2024-10'], { cwd: ROOT, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const temporary = join(out, `.2024-10.${child.pid}.tmp`);
  const deadline = Date.now() + 60_000;
  while (!existsSync(temporary)) {
    if (child.exitCode !== null) return null;
    if (Date.now() > deadline) throw new Error('psa run did not start publishing');
    await new Promise((r) => setImmediate(r));
  }
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  child.kill('SIGKILL');
  return exited;
}

describe('a kill while publishing (issue 15)', () => {
  it('leaves the earlier publication and every month folder whole, and the next run finishes the job', async () => {
    let killed = 0;
    for (const delay of [0, 2, 10]) {
      const out = join(dir, `attempt-${delay}`);
      cpSync(base, out, { recursive: true });
      if ((await killWhilePublishing(out, delay)) === 'SIGKILL') killed++;

      // The database: intact, version 1 as published, version 2 either wholly there or not at all.
      const db = new SQLite(join(out, 'psa.sqlite'), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const publications = db.prepare('SELECT pub_id, version, tickets, (SELECT count(*) FROM pub_tickets t WHERE t.pub_id = p.pub_id) AS snapshot FROM pub_publications p ORDER BY pub_id').all() as {
        pub_id: number;
        version: number;
        tickets: number;
        snapshot: number;
      }[];
      db.close();
      expect(publications.length === 1 || publications.length === 2, JSON.stringify(publications)).toBe(true);
      for (const p of publications) expect(p.snapshot).toBe(p.tickets);

      // The folders: each one present is one whole version; version 1 is always somewhere.
      const versions = ['2024-10', '2024-10.v1'].filter((f) => existsSync(join(out, f))).map((f) => wholeVersion(join(out, f)));
      expect(versions, `delay ${delay}`).toContain(1);

      // The next run removes the leftovers and completes version 2 beside version 1.
      const again = await runPsa(['run', november, '--out', out, '--month', '2024-10']);
      expect(again.code, again.stderr).toBe(0);
      expect(wholeVersion(reportFolder(out))).toBe(2);
      expect(wholeVersion(join(out, '2024-10.v1'))).toBe(1);
      expect(readdirSync(out).filter((f) => f.startsWith('.')), `delay ${delay}`).toEqual([]);
    }
    expect(killed).toBeGreaterThanOrEqual(2);
  }, 600_000);
});
