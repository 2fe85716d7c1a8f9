// Builds the runnable CLI: TypeScript sources bundled by esbuild into
// dist/psa.js (and dist/parse-worker.js, dist/transform-worker.js and
// dist/render-worker.js for the worker threads of ingest, transform and the
// dashboard), with
// the data files it reads beside it.
// Plain JavaScript at run time starts faster and uses less memory than a
// TypeScript loader (on Node 20 tsx runs its hooks in an extra thread, one
// per worker). Type checking is `npm run typecheck`; this only transpiles.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
/** Dependencies bundled into dist/: no native code, no files read beside themselves, loaded by every command. */
const BUNDLED = new Set(['kysely', 'luxon', 'yaml', 'ajv', 'simple-statistics']);
/** Bundled into the render worker as well: vega and vega-lite, pure JavaScript, loaded by nothing else. */
const RENDER_WORKER_BUNDLED = new Set(['vega', 'vega-lite']);
const out = `${root}dist`;
const staging = `${root}.dist-${process.pid}`;

try {
  const common = {
    absWorkingDir: root,
    outdir: staging,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The bundled CommonJS packages (ajv, yaml) require Node's built-ins.
    banner: { js: "import { createRequire as __psaCreateRequire } from 'node:module'; const require = __psaCreateRequire(import.meta.url);" },
    // The shipped rules' SHA-256: they skip the schema check the tests give them (transform/rules.ts).
    define: { PSA_CHECKED_DEFAULT_RULES_SHA256: JSON.stringify(createHash('sha256').update(readFileSync(`${root}transform/default-rules.yaml`)).digest('hex')) },
    sourcemap: 'linked',
    logLevel: 'warning',
  };
  await build({
    ...common,
    entryPoints: { psa: 'cli/psa.ts', 'parse-worker': 'ingest/parse-worker.ts', 'transform-worker': 'transform/transform-worker.ts' },
    // Packages stay in node_modules, except the pure-JavaScript ones every
    // command loads at start-up: kysely alone is some 280 ES modules, which
    // Node resolves, reads and compiles one by one (about 0.2 s); bundled, they
    // are one file, and esbuild leaves out what psa does not use.
    external: Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name)),
  });
  // The render worker has vega and vega-lite in its bundle too: some 270 ES
  // modules of 53 packages, which the worker loads while ingest runs; as one
  // file they load in a third of the time (about 0.07 s against 0.19 s),
  // which the worker spends warming up instead.
  await build({
    ...common,
    entryPoints: { 'render-worker': 'dashboards/render-worker.ts' },
    external: Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name) && !RENDER_WORKER_BUNDLED.has(name)),
  });
  // Data files the bundle reads beside itself (new URL(..., import.meta.url)).
  for (const file of ['transform/default-rules.yaml', 'transform/rules.schema.json']) {
    copyFileSync(`${root}${file}`, `${staging}/${file.split('/').pop()}`);
  }
  rmSync(out, { recursive: true, force: true });
  renameSync(staging, out);
} catch (error) {
  rmSync(staging, { recursive: true, force: true });
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
