/**
 * The dashboard's SVG renderer in a worker thread. It loads vega and
 * vega-lite as soon as it starts, so `psa run` has them ready by the time
 * the figures are (loading them takes about half a second, while the main
 * thread computes the metrics). It then draws the charts it is sent
 * one by one and posts each SVG back as soon as it is drawn, so the main
 * thread rasterises one chart while this thread draws the next. Meanwhile
 * it draws the charts of a made-up document once (warm-up.ts), which
 * halves the time the real ones take.
 */
import { parentPort } from 'node:worker_threads';
import type { RenderReply, RenderRequest } from './render-worker-protocol.ts';
import { ChartRenderError, chartSvg, preloadRenderers } from './render.ts';
import { warmUpCharts } from './warm-up.ts';

const post = (reply: RenderReply) => parentPort!.postMessage(reply);
preloadRenderers('svg');
// Drawn while the caller is still busy: the real charts then draw about twice as fast.
const warm = (async () => {
  for (const { name, spec } of warmUpCharts()) await chartSvg(name, spec);
})().catch(() => {
  // A real render reports any problem.
});

parentPort!.on('message', async ({ charts }: RenderRequest) => {
  try {
    await warm;
    for (const { name, spec } of charts) post({ type: 'svg', name, svg: await chartSvg(name, spec) });
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error), chart: error instanceof ChartRenderError });
  }
});
