/** Shared by the pull tests: the fake Pureservice serving the bundled sample, a test key, fast API settings. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { dataFromExportFields, FakePureservice, type FakeOptions } from '../../fixtures/pureservice/fake-server.ts';
import { buildSample } from '../../fixtures/sample/model.ts';
import type { ExportFields } from '../../fixtures/sample/ticket.ts';
import { runPsa, type RunResult } from '../helpers.ts';

/** A key that would be easy to find anywhere it leaked to. */
export const KEY = 'psa-test-key-7f3a9c2e51b84d06';

let fields: readonly ExportFields[] | null = null;
/** The sample's tickets as exported (built once per test file: about 2 s). */
export function sampleFields(): readonly ExportFields[] {
  return (fields ??= buildSample().tickets.map((t) => t.fields));
}

const servers: FakePureservice[] = [];
afterEach(async () => {
  while (servers.length > 0) await servers.pop()!.close();
});

/** A fake Pureservice with its own copy of the sample (tests change tickets), closed after the test. */
export async function startFake(options: Partial<FakeOptions> = {}, rows: readonly ExportFields[] = sampleFields()): Promise<{ fake: FakePureservice; url: string }> {
  const fake = new FakePureservice({ key: KEY, data: dataFromExportFields(rows), ...options });
  servers.push(fake);
  return { fake, url: await fake.start() };
}

/** API settings for tests: no pacing, short backoff. */
export function fastApiConfig(dir: string, extra: Record<string, unknown> = {}): string {
  const path = join(dir, 'api.json');
  writeFileSync(path, JSON.stringify({ requestsPerMinute: 0, retry: { baseDelayMs: 20, maxDelayMs: 200 }, ...extra }));
  return path;
}

/** `psa pull` as a user runs it, the key in the environment. */
export function psaPull(url: string, db: string, args: readonly string[] = [], env: Record<string, string> = { PSA_PURESERVICE_KEY: KEY }): Promise<RunResult> {
  return runPsa(['pull', '--url', url, '--db', db, ...args], { env: { ...process.env, ...env } });
}
