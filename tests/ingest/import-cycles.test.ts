/**
 * The stages' modules import one another one way only: no cycle among the
 * modules of core/, store/, ingest/ and transform/ (issue 16 found one
 * between ingest/load.ts and ingest/row-store.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const FOLDERS = ['core', 'store', 'ingest', 'transform'];

function modules(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        const imports = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'(\.[^']+\.ts)'/gms)].map((m) => resolve(dirname(path), m[1]!));
        graph.set(path, imports);
      }
    }
  };
  for (const folder of FOLDERS) walk(join(root, folder));
  return graph;
}

function cycles(graph: Map<string, string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[] = [];
  const visit = (module: string) => {
    state.set(module, 'open');
    stack.push(module);
    for (const next of graph.get(module) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].map((m) => relative(root, m)).join(' → '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(module, 'done');
  };
  for (const module of graph.keys()) if (!state.has(module)) visit(module);
  return found;
}

describe('imports', () => {
  it('finds a cycle where there is one', () => {
    const a = join(root, 'a.ts');
    const b = join(root, 'b.ts');
    expect(cycles(new Map([[a, [b]], [b, [a]]]))).toEqual(['a.ts → b.ts → a.ts']);
  });

  it('has no cycle among the modules of core/, store/, ingest/ and transform/', () => {
    const graph = modules();
    expect(graph.has(join(root, 'ingest', 'load.ts'))).toBe(true);
    expect(cycles(graph)).toEqual([]);
  });
});
