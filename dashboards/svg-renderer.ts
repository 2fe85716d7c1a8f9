/**
 * The charts' SVGs drawn in a worker thread (dashboards/render-worker.ts).
 * Start it early: it loads vega while the caller does other work. Each SVG
 * is handed to `onSvg` as it arrives, so PNGs are made on this side while
 * the worker draws the next chart. The worker never keeps the process
 * alive, and `close` stops it.
 */
import { Worker } from 'node:worker_threads';
import type { Chart } from '../metrics/charts/index.ts';
import type { RenderReply, RenderRequest } from './render-worker-protocol.ts';
import { ChartRenderError } from './render.ts';

export class SvgRenderer {
  private readonly worker: Worker;
  private failure: Error | null = null;
  private pending: { onReply: (reply: RenderReply) => void; reject: (error: Error) => void } | null = null;

  private constructor() {
    this.worker = new Worker(new URL('./render-worker.js', import.meta.url));
    this.worker.unref();
    this.worker.on('message', (reply: RenderReply) => this.pending?.onReply(reply));
    const fail = (error: Error) => {
      this.failure ??= error;
      this.pending?.reject(error);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the chart renderer stopped (exit code ${code})`)));
  }

  /** Starts the worker; it begins loading vega at once. */
  static start(): SvgRenderer {
    return new SvgRenderer();
  }

  /** Draws each chart, in order, calling `onSvg` with each SVG as it is drawn. One render at a time. */
  render(charts: readonly Chart[], onSvg: (name: string, svg: string) => void): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error('SvgRenderer.render: a render is already running'));
    return new Promise<void>((resolve, reject) => {
      const settle = (error: Error | null) => {
        this.pending = null;
        if (error) reject(error);
        else resolve();
      };
      this.pending = {
        onReply: (reply) => {
          if (reply.type === 'svg') onSvg(reply.name, reply.svg);
          else if (reply.type === 'done') settle(null);
          else settle(reply.chart ? new ChartRenderError(reply.message) : new Error(`chart renderer: ${reply.message}`));
        },
        reject: (error) => settle(error),
      };
      const request: RenderRequest = { charts: charts.map(({ name, spec }) => ({ name, spec })) };
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.pending = null;
    await this.worker.terminate();
  }
}
