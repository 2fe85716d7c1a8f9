/**
 * The modules import one another one way only (issue 16):
 * - no cycle among the modules of any source folder (the review found
 *   ingest/load.ts ↔ ingest/row-store.ts, publications/restate.ts ↔
 *   metrics/document.ts and report/messages.ts ↔ messages-{nb,en}.ts);
 * - the stage rule: a stage imports the shared layer (core/), the store and
 *   the stages before it, a stage before it through its public entry point
 *   only, and nothing of the stages after it.
 * Type-only imports count: they are the design's dependencies too.
 */
import { dirname, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files.ts';

type Graph = ReadonlyMap<string, readonly string[]>;

/** `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')` of a relative path. */
const IMPORT = /^\s*(?:import|export)\s[^;]*?\sfrom\s+'(\.[^']+)'|^\s*import\s+'(\.[^']+)'|\bimport\(\s*'(\.[^']+)'\s*\)/gms;

/** Each source module (path from the root) and the modules it imports. */
function modules(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const { path, text } of sourceFiles()) {
    const imports = [...text.matchAll(IMPORT)].map((m) => posix.normalize(posix.join(dirname(path), (m[1] ?? m[2] ?? m[3])!)));
    graph.set(path, imports);
  }
  return graph;
}

function cycles(graph: Graph): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[] = [];
  const visit = (module: string) => {
    state.set(module, 'open');
    stack.push(module);
    for (const next of graph.get(module) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(module, 'done');
  };
  for (const module of graph.keys()) if (!state.has(module)) visit(module);
  return found;
}

/** A stage's public entry point: the one module of it that the stages after it import. */
const ENTRY_POINTS: Readonly<Record<string, string>> = { transform: 'transform/index.ts' };

/**
 * For each stage, the folders it must not import from, and the stages it
 * may import only through their entry point. pull/ is ingest's other
 * source (the API instead of a file) and uses ingest's modules.
 */
const STAGE_RULES: Readonly<Record<string, { readonly never: readonly string[]; readonly entryOnly: readonly string[] }>> = {
  core: { never: ['store', 'ingest', 'pull', 'transform', 'metrics', 'publications', 'dashboards', 'report', 'cli'], entryOnly: [] },
  store: { never: ['ingest', 'pull', 'transform', 'metrics', 'publications', 'dashboards', 'report', 'cli'], entryOnly: [] },
  ingest: { never: ['transform', 'metrics', 'publications', 'dashboards', 'report', 'pull', 'cli'], entryOnly: [] },
  pull: { never: ['transform', 'metrics', 'publications', 'dashboards', 'report', 'cli'], entryOnly: [] },
  transform: { never: ['ingest', 'pull', 'metrics', 'publications', 'dashboards', 'report', 'cli'], entryOnly: [] },
  metrics: { never: ['ingest', 'pull', 'dashboards', 'report', 'cli'], entryOnly: ['transform'] },
  publications: { never: ['ingest', 'pull', 'cli'], entryOnly: ['transform'] },
  dashboards: { never: ['ingest', 'pull', 'cli'], entryOnly: ['transform'] },
  report: { never: ['ingest', 'pull', 'cli'], entryOnly: ['transform'] },
};

function stageViolations(graph: Graph): string[] {
  const found: string[] = [];
  for (const [module, imports] of graph) {
    const stage = module.split('/')[0]!;
    const rule = STAGE_RULES[stage];
    if (rule === undefined) continue;
    for (const target of imports) {
      const other = target.split('/')[0]!;
      if (other === stage) continue;
      if (rule.never.includes(other)) found.push(`${module} imports ${target}: ${stage}/ imports nothing from ${other}/`);
      else if (rule.entryOnly.includes(other) && target !== ENTRY_POINTS[other]) {
        found.push(`${module} imports ${target}: ${stage}/ uses ${other}/ only through ${ENTRY_POINTS[other]}`);
      }
    }
  }
  return found;
}

describe('imports', () => {
  it('finds a cycle where there is one', () => {
    expect(cycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['a.ts']]]))).toEqual(['a.ts → b.ts → a.ts']);
    expect(cycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', []]]))).toEqual([]);
  });

  it('reads static, re-exported, side-effect and dynamic imports, type-only ones too', () => {
    const text = [
      "import type { A } from './a.ts';",
      "import {\n  B,\n  C,\n} from '../b.ts';",
      "export { D } from './d/d.ts';",
      "import './e.ts';",
      "const f = await import('./f.ts');",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    expect([...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3])).toEqual(['./a.ts', '../b.ts', './d/d.ts', './e.ts', './f.ts']);
  });

  it('finds an import against the stage rule where there is one', () => {
    const graph = new Map([
      ['ingest/load.ts', ['core/errors.ts', 'store/open.ts', 'transform/index.ts']],
      ['transform/classify.ts', ['metrics/document.ts', 'ingest/fields.ts']],
      ['metrics/source.ts', ['transform/rules.ts', 'transform/index.ts', 'publications/restate.ts']],
      ['dashboards/page.ts', ['metrics/document.ts', 'transform/messages.ts', 'ingest/load.ts']],
      ['cli/main.ts', ['ingest/load.ts', 'transform/rules.ts']],
    ]);
    expect(stageViolations(graph)).toEqual([
      'ingest/load.ts imports transform/index.ts: ingest/ imports nothing from transform/',
      'transform/classify.ts imports metrics/document.ts: transform/ imports nothing from metrics/',
      'transform/classify.ts imports ingest/fields.ts: transform/ imports nothing from ingest/',
      'metrics/source.ts imports transform/rules.ts: metrics/ uses transform/ only through transform/index.ts',
      'dashboards/page.ts imports transform/messages.ts: dashboards/ uses transform/ only through transform/index.ts',
      'dashboards/page.ts imports ingest/load.ts: dashboards/ imports nothing from ingest/',
    ]);
  });

  it('reads every source folder', () => {
    const folders = new Set([...modules().keys()].map((m) => m.split('/')[0]));
    for (const folder of ['core', 'store', 'ingest', 'transform', 'metrics', 'publications', 'report', 'dashboards', 'pull', 'cli', 'bench', 'scripts']) {
      expect(folders, folder).toContain(folder);
    }
    expect(folders).not.toContain('tests');
    expect(folders).not.toContain('node_modules');
  });

  it('has no cycle among the modules of any source folder', () => {
    const graph = modules();
    expect(graph.get('ingest/load.ts')).toContain('ingest/row-store.ts');
    expect(graph.get('report/content.ts')).toContain('report/messages.ts');
    expect(cycles(graph)).toEqual([]);
  });

  it('keeps the stage rule: each stage imports only the shared layer, the store and the stages before it, through their entry points', () => {
    const graph = modules();
    expect(stageViolations(graph)).toEqual([]);
    expect(graph.get(ENTRY_POINTS.transform!)).toBeDefined();
  });
});
