/** The golden-file check itself: it must fail on a change and on a missing golden, and leave the output for review. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkGolden } from './golden.ts';
import { tempDir } from './helpers.ts';

describe('checkGolden', () => {
  it('passes on equal bytes, and fails on a change or a missing golden with the output written beside it', () => {
    const dir = tempDir();
    const golden = join(dir, 'x.golden.json');
    const proposed = join(dir, 'x.golden.new.json');
    const saved = process.env.UPDATE_GOLDEN;
    delete process.env.UPDATE_GOLDEN;
    try {
      expect(checkGolden(golden, '{"a":1}\n')).toMatch(/x\.golden\.json is missing/);
      expect(readFileSync(proposed, 'utf8')).toBe('{"a":1}\n');
      writeFileSync(golden, '{"a":1}\n');
      expect(checkGolden(golden, '{"a":1}\n')).toBeNull();
      expect(existsSync(proposed)).toBe(false);
      expect(checkGolden(golden, '{"a":2}\n')).toMatch(/x\.golden\.json changed: see diff/);
      expect(readFileSync(proposed, 'utf8')).toBe('{"a":2}\n');
      expect(readFileSync(golden, 'utf8')).toBe('{"a":1}\n');
    } finally {
      if (saved !== undefined) process.env.UPDATE_GOLDEN = saved;
    }
  });
});
