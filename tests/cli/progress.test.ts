import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../../cli/progress.ts';

function stream(isTTY: boolean) {
  const s = Object.assign(new PassThrough(), { isTTY, columns: 80 });
  let text = '';
  s.on('data', (d: Buffer) => (text += d.toString()));
  return { s, text: () => text };
}

describe('ProgressBar', () => {
  it('draws on a terminal and clears its line when done', () => {
    const out = stream(true);
    const bar = new ProgressBar(out.s, 'export.csv');
    bar.update(50, 100, 1234);
    bar.done();
    expect(out.text()).toMatch(/\rexport\.csv \[#{12}-{12}\] {2}50% {2}1,234 rows/);
    expect(out.text().endsWith('\r\x1b[K')).toBe(true);
  });

  it('stays silent when stderr is not a terminal', () => {
    const out = stream(false);
    const bar = new ProgressBar(out.s, 'export.csv');
    bar.update(100, 100, 10);
    bar.done();
    expect(out.text()).toBe('');
  });
});
