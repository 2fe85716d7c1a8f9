/**
 * The built psa skips the schema check for the shipped rules file, by its
 * SHA-256 (transform/rules.ts, scripts/build.mjs). That is only sound when
 * those very bytes pass the check, which this test makes them do, and when
 * the SHA-256 the bundle carries is the one of the file beside it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES_PATH, parseRules } from '../../transform/rules.ts';
import { ROOT } from '../helpers.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the shipped rules', () => {
  it('pass the schema check', () => {
    const text = readFileSync(DEFAULT_RULES_PATH, 'utf8');
    expect(() => parseRules(text, DEFAULT_RULES_PATH, { schemaChecked: false })).not.toThrow();
  });

  it('are the bytes the bundle skips the check for', () => {
    const expected = sha256(readFileSync(DEFAULT_RULES_PATH));
    expect(sha256(readFileSync(join(ROOT, 'dist/default-rules.yaml')))).toBe(expected);
    const bundle = readFileSync(join(ROOT, 'dist/psa.js'), 'utf8');
    expect([...bundle.matchAll(/CHECKED_DEFAULT_RULES = true \? "([0-9a-f]{64})"/g)].map((m) => m[1])).toEqual([expected]);
  });
});
