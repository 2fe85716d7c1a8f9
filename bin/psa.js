#!/usr/bin/env node
// The psa command: runs the bundle that `npm install` (prepare) builds.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/psa.js', import.meta.url);
if (!existsSync(bundle)) {
  console.error('psa: dist/psa.js is missing; run `npm install` or `npm run build` in the psa folder first');
  process.exit(1);
}
await import(bundle.href);
