/** Messages between the dashboard and its SVG render worker (dashboards/svg-renderer.ts). */
import type { TopLevelSpec } from 'vega-lite';

export interface RenderRequest {
  readonly charts: readonly { readonly name: string; readonly spec: TopLevelSpec }[];
}

export type RenderReply =
  | { readonly type: 'svg'; readonly name: string; readonly svg: string }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string; readonly chart: boolean };
