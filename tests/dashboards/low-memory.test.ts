/**
 * The dashboard's low-memory mode (`psa run` on a large database): every
 * SVG first, the renderer closed, then the PNGs two at a time with a
 * collection after each. The files must be exactly those of the default
 * mode; a chart that fails still fails the dashboard; and the collection
 * really frees what is dead (core/native-memory.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../core/native-memory.ts';
import { dashboardFiles, pngsFewAtOnce } from '../../dashboards/dashboard.ts';
import { SvgRenderer } from '../../dashboards/svg-renderer.ts';
import type { MetricsDocument } from '../../metrics/document.ts';
import { ROOT } from '../helpers.ts';

const DOC = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'golden', 'metrics', 'metrics.golden.json'), 'utf8')) as MetricsDocument;
const OPTIONS = { lang: 'nb', timeZone: 'Europe/Oslo', version: 'test' } as const;
const bytes = (content: string | Uint8Array) => Buffer.from(content);

describe('dashboard files in low-memory mode', () => {
  it('are byte for byte the files of the default mode, in the same order, and the given renderer is closed after its SVGs', async () => {
    const usual = await dashboardFiles(DOC, OPTIONS);
    const renderer = SvgRenderer.start();
    const lean = await dashboardFiles(DOC, { ...OPTIONS, renderer, lowMemory: true });
    expect(lean.map((f) => f.name)).toEqual(usual.map((f) => f.name));
    expect(lean.filter((f) => f.name.endsWith('.png'))).toHaveLength(13);
    for (const [i, file] of lean.entries()) expect(bytes(file.content).equals(bytes(usual[i]!.content)), file.name).toBe(true);
    await expect(renderer.render([], () => {})).rejects.toThrow(/the chart renderer stopped/);
  }, 60_000);

  it('makes each PNG in its SVG\'s place, and a chart resvg cannot read fails them all', async () => {
    const svg = (w: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="10"><rect width="${w}" height="10" fill="#123456"/></svg>`;
    const pngs = await pngsFewAtOnce([10, 20, 30].map((w) => ({ name: `c${w}.svg`, content: svg(w) })));
    expect(pngs.map((p) => p.name)).toEqual(['c10.png', 'c20.png', 'c30.png']);
    // Drawn at twice the size: the width is in the IHDR chunk (bytes 16–19).
    expect(pngs.map((p) => Buffer.from(p.content).readUInt32BE(16))).toEqual([20, 40, 60]);
    await expect(pngsFewAtOnce([{ name: 'a.svg', content: svg(10) }, { name: 'b.svg', content: 'not an svg' }, { name: 'c.svg', content: svg(10) }])).rejects.toThrow();
    expect(await pngsFewAtOnce([])).toEqual([]);
  });
});

describe('collectGarbage', () => {
  it('collects an object nothing refers to, so what it holds can be freed', async () => {
    const collected: string[] = [];
    const registry = new FinalizationRegistry<string>((held) => collected.push(held));
    (() => {
      registry.register({ pixels: new Uint8Array(1024) }, 'image');
    })();
    collectGarbage();
    // Finalizers run in a later task.
    for (let i = 0; i < 20 && collected.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(collected).toEqual(['image']);
  });
});
