/**
 * The pull row of `npm run bench`: `psa pull` (the built CLI, Node's
 * start-up included) of 100,000 tickets from the fake Pureservice, 500 to a
 * page, without pacing, into a new database. The fake runs in a process of
 * its own, as a real server would be elsewhere. Target: more than 20,000
 * tickets/s. It also prints how long the same pull would take against a
 * real tenant's limit of about 100 requests a minute.
 *
 * Alone: `tsx bench/pull.ts [--tickets N] [--runs N]` (after npm run build).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './common.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const KEY = 'bench-key';
const PAGE = 500;
const LIMIT_PER_MINUTE = 100;

export interface PullBench {
  readonly tickets: number;
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly runs: readonly number[];
  readonly requests: number;
}

/** Starts the fake server process; resolves to its URL and a stop function. */
async function startServer(tickets: number): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'fixtures/pureservice/serve.ts'), '--tickets', String(tickets), '--key', KEY], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench: the fake Pureservice stopped (exit ${code})`)));
  });
  return { url: line.trim(), stop: () => child.kill('SIGTERM') };
}

export async function benchPull(tickets = 100_000, runs = 5): Promise<PullBench> {
  const dir = mkdtempSync(join(tmpdir(), 'psa-bench-pull-'));
  const server = await startServer(tickets);
  try {
    const config = join(dir, 'api.json');
    writeFileSync(config, JSON.stringify({ requestsPerMinute: 0, pageSize: PAGE }));
    const measured: { seconds: number; rss: number; requests: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const db = join(dir, 'pull.sqlite');
      for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
      spawnSync('sync');
      const result = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, join(root, 'bin/psa.js'), 'pull', '--url', server.url, '--db', db, '--api-config', config, '--json'], {
        encoding: 'utf8',
        env: { ...process.env, PSA_PURESERVICE_KEY: KEY },
        maxBuffer: 1 << 26,
      });
      if (result.status !== 0) throw new Error(`bench: psa pull failed (exit ${result.status}):\n${result.stderr}`);
      const summary = JSON.parse(result.stdout) as { rowsLoaded: number; requests: number };
      if (summary.rowsLoaded !== tickets) throw new Error(`bench: psa pull loaded ${summary.rowsLoaded} of ${tickets} tickets`);
      const [seconds, kb] = (result.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
      measured.push({ seconds: seconds!, rss: kb! / 1024, requests: summary.requests });
    }
    return { tickets, seconds: median(measured.map((m) => m.seconds)), peakRssMb: Math.max(...measured.map((m) => m.rss)), runs: measured.map((m) => m.seconds), requests: measured[0]!.requests };
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bench's lines for a result. */
export function pullLines(b: PullBench): string[] {
  const rate = b.tickets / b.seconds;
  // A sliding limit of 100 a minute: 100 requests at once, then 100 more each minute.
  const minutes = Math.floor((b.requests - 1) / LIMIT_PER_MINUTE);
  const label = `psa pull, ${b.tickets.toLocaleString('en-US')} tickets (fake API)`;
  return [
    `  ${label.padEnd(38)} ${b.seconds.toFixed(2).padStart(7)} s  ${b.peakRssMb.toFixed(0).padStart(5)} MB  ${Math.round(rate).toLocaleString('en-US')} tickets/s, ${b.requests} requests of ${PAGE}, no rate limit`,
    `  runs: psa pull ${b.runs.map((s) => s.toFixed(2)).join(', ')} s`,
    `  target pull > 20,000 tickets/s: ${Math.round(rate).toLocaleString('en-US')} — ${rate > 20_000 ? 'met' : 'NOT MET'}`,
    `  a real tenant's ${LIMIT_PER_MINUTE} requests/minute: ${b.requests} requests take at least ${minutes} min ${minutes === 0 ? '' : `(the first ${LIMIT_PER_MINUTE} at once, then ${LIMIT_PER_MINUTE} a minute) `}+ ${b.seconds.toFixed(1)} s of work, about ${(minutes + b.seconds / 60).toFixed(1)} min for the first full pull; a monthly incremental pull is a few requests`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { tickets: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' } } });
  const result = await benchPull(Number(values.tickets), Number(values.runs));
  console.log(pullLines(result).join('\n'));
}
