/**
 * Golden files: an output is compared byte for byte with a reviewed copy
 * committed beside the tests' fixtures.
 *
 * - Equal: passes (and removes a stale `.golden.new.json`).
 * - Different or missing: the output is written beside the golden as
 *   `<name>.golden.new.json` for review, and the test fails, in CI too.
 *   Review with `diff`, then rename it over the golden to accept it, or run
 *   the tests with UPDATE_GOLDEN=1 to accept every change at once.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

/** `goldenPath` ends in `.golden.json`. */
export function expectGolden(goldenPath: string, actual: string): void {
  if (!goldenPath.endsWith('.golden.json')) throw new Error(`a golden file's name ends in .golden.json: ${goldenPath}`);
  const proposed = goldenPath.replace(/\.golden\.json$/, '.golden.new.json');
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(goldenPath, actual);
    rmSync(proposed, { force: true });
    return;
  }
  if (!existsSync(goldenPath)) {
    writeFileSync(proposed, actual);
    expect.fail(`no golden file ${goldenPath}: the output is in ${proposed}; review it and rename it to accept it`);
  }
  const expected = readFileSync(goldenPath, 'utf8');
  if (expected === actual) {
    rmSync(proposed, { force: true });
    return;
  }
  writeFileSync(proposed, actual);
  expect(actual, `${goldenPath} changed: the new output is in ${proposed}; review it and rename it to accept it`).toBe(expected);
}
