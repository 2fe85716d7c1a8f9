/**
 * Collecting the garbage that holds native memory V8 does not know of.
 *
 * resvg-js hands back each rendered chart as a small JavaScript object over
 * a Rust pixel buffer of about 4 MB (a chart drawn at twice its size). V8
 * sees only the small object, so it collects rarely: the dashboard's
 * thirteen PNGs kept 60 to 110 MB of pixels alive, and set the peak memory
 * of `psa run` on a large database. A collection after each image (about
 * 10 ms with the heaps here) frees its buffer once its PNG is made.
 * `psa run` also collects between its stages on a large database, so no
 * stage starts beside the last one's garbage.
 *
 * Node exposes the collector only behind `--expose-gc`. The flag is set at
 * run time, and the function is taken from a fresh context, where V8
 * installs it once the flag is on; the flag changes nothing else.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null = null;

/** A full collection of this thread's heap, with the native memory its dead objects held. */
export function collectGarbage(): void {
  if (collect === null) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed !== undefined) collect = exposed;
    else {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
  }
  collect();
}
