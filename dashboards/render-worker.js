// Entry point of the SVG render worker when running from source (tests):
// worker threads do not inherit the main thread's TypeScript loader, so
// register tsx here, then load the worker. The bundle in dist/ has its own.
import { register } from 'tsx/esm/api';

register();
await import('./render-worker.ts');
