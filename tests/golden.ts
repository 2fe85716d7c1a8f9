/**
 * Golden files: an output is compared byte for byte with a reviewed copy
 * committed under fixtures/golden/.
 *
 * - Equal: fine (and a stale `.golden.new.json` is removed).
 * - Different or missing: the output is written beside the golden as
 *   `<name>.golden.new.json` for review, and the check fails, in CI too.
 *   Review with `diff`, then rename it over the golden to accept it, or run
 *   the tests with UPDATE_GOLDEN=1 to accept every change at once.
 *
 * A golden is JSON (`.golden.json`) or Markdown (`.golden.md`).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/** Checks `actual` against the golden file at `goldenPath` (ending in `.golden.json` or `.golden.md`); returns what is wrong, or null. */
export function checkGolden(goldenPath: string, actual: string): string | null {
  if (!/\.golden\.(json|md)$/.test(goldenPath)) throw new Error(`a golden file's name ends in .golden.json or .golden.md: ${goldenPath}`);
  const proposed = goldenPath.replace(/\.golden\.(json|md)$/, '.golden.new.$1');
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(goldenPath, actual);
    rmSync(proposed, { force: true });
    return null;
  }
  const expected = existsSync(goldenPath) ? readFileSync(goldenPath, 'utf8') : null;
  if (expected === actual) {
    rmSync(proposed, { force: true });
    return null;
  }
  writeFileSync(proposed, actual);
  return expected === null
    ? `${goldenPath} is missing: the output is in ${proposed}; review it and rename it to accept it`
    : `${goldenPath} changed: see diff ${goldenPath} ${proposed}; rename the new file over the golden to accept it`;
}
