/**
 * One error type with a code (issue 16): every failure psa throws on
 * purpose is a PsaError, whose code has exactly one exit code
 * (cli/failures.ts EXIT_CODES). The source is read as text: no class
 * outside core/errors.ts extends Error or another built-in error.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, PsaError } from '../../core/errors.ts';
import { CliError, describeFailure, EXIT_CODES, ExitCode } from '../../cli/failures.ts';
import { IngestError } from '../../ingest/load.ts';
import { ParseError } from '../../ingest/parse-export.ts';
import { HeaderError } from '../../ingest/headers.ts';
import { UnsupportedEncodingError } from '../../ingest/detect.ts';
import { WorkbookError } from '../../ingest/workbook.ts';
import { StaleFactsError } from '../../metrics/source.ts';
import { AsOfError, ReportMonthError } from '../../metrics/compute.ts';
import { NothingToTransformError } from '../../transform/transform-database.ts';
import { TicketInputError } from '../../transform/classify.ts';
import { UnsafeRegexError } from '../../transform/patterns.ts';
import { sourceFiles, type SourceFile } from '../core/source-files.ts';

const BUILT_IN_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError']);
const HOME = 'core/errors.ts';

/** `class A extends B` (also `class A<T> extends B`, `export default class …`), by file. */
const CLASS = /\bclass\s+([A-Za-z_$][\w$]*)(?:\s*<[^>{]*>)?\s+extends\s+([A-Za-z_$][\w$.]*)/g;

/**
 * The error classes that break the rule: one outside core/errors.ts that
 * extends a built-in error, or one named …Error whose line of parents,
 * as far as the source shows it, does not reach PsaError.
 */
function strayErrorClasses(files: readonly SourceFile[]): string[] {
  const parentOf = new Map<string, string>();
  const declared: { file: string; name: string; parent: string }[] = [];
  for (const { path, text } of files) {
    for (const m of text.matchAll(CLASS)) {
      parentOf.set(m[1]!, m[2]!);
      declared.push({ file: path, name: m[1]!, parent: m[2]! });
    }
  }
  const reachesPsaError = (name: string): boolean => {
    const seen = new Set<string>();
    for (let at: string | undefined = name; at !== undefined && !seen.has(at); at = parentOf.get(at)) {
      if (at === 'PsaError') return true;
      seen.add(at);
    }
    return false;
  };
  const found: string[] = [];
  for (const { file, name, parent } of declared) {
    if (file === HOME) continue;
    if (BUILT_IN_ERRORS.has(parent)) found.push(`${file}: class ${name} extends ${parent}: make it a PsaError (core/errors.ts) with a code`);
    else if ((/Error$/.test(name) || /Error$/.test(parent)) && !reachesPsaError(name)) found.push(`${file}: class ${name} extends ${parent}, which is no PsaError`);
  }
  return found;
}

describe('one error type with a code', () => {
  it('gives every failure code an exit code', () => {
    const exits = new Set<number>(Object.values(ExitCode));
    for (const code of ERROR_CODES) expect(exits.has(EXIT_CODES[code]), code).toBe(true);
    expect(Object.keys(EXIT_CODES).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('finds an error class outside core/errors.ts where there is one', () => {
    const files: SourceFile[] = [
      { path: HOME, text: 'export class PsaError extends Error {}' },
      { path: 'ingest/a.ts', text: "export class AError extends Error {\n  override name = 'AError';\n}\nclass Signal {}" },
      { path: 'ingest/b.ts', text: 'export class BError extends PsaError {}\nclass CError extends BError {}\nclass DError<T> extends TypeError {}' },
      { path: 'pull/c.ts', text: "import { SqliteError } from 'better-sqlite3';\nexport class EError extends SqliteError {}\nclass Other extends Map {}" },
    ];
    expect(strayErrorClasses(files)).toEqual([
      'ingest/a.ts: class AError extends Error: make it a PsaError (core/errors.ts) with a code',
      'ingest/b.ts: class DError extends TypeError: make it a PsaError (core/errors.ts) with a code',
      'pull/c.ts: class EError extends SqliteError, which is no PsaError',
    ]);
  });

  it('has no class outside core/errors.ts that extends Error', () => {
    const files = sourceFiles();
    expect(files.map((f) => f.path)).toContain(HOME);
    expect(files.map((f) => f.path)).toContain('ingest/load.ts');
    expect(strayErrorClasses(files)).toEqual([]);
  });

  it("keeps each stage error's exit code and message, and IngestError's file and line", () => {
    const context = { command: 'x' };
    const cases: [PsaError, number][] = [
      [new IngestError('export.csv', 'no header', 3), ExitCode.failure],
      [new ParseError('no header', 3), ExitCode.failure],
      [new HeaderError('no Saksnummer column'), ExitCode.failure],
      [new UnsupportedEncodingError('this is a PDF file, not an export'), ExitCode.failure],
      [new WorkbookError('the workbook has no sheet'), ExitCode.failure],
      [new StaleFactsError('run psa transform first'), ExitCode.failure],
      [new AsOfError('give one with --as-of'), ExitCode.failure],
      [new ReportMonthError('2024-11 has not ended'), ExitCode.usage],
      [new NothingToTransformError('the database holds no tickets'), ExitCode.failure],
      [new TicketInputError('ticket 1: not a UTC timestamp'), ExitCode.failure],
      [new UnsafeRegexError('may backtrack'), ExitCode.usage],
    ];
    for (const [error, exit] of cases) {
      expect(error, error.name).toBeInstanceOf(PsaError);
      const failure = describeFailure(error, context);
      expect(failure, error.name).toBeInstanceOf(CliError);
      expect([error.name, failure!.exitCode, failure!.message]).toEqual([error.name, exit, `x: ${error.message}`]);
    }
    expect(new IngestError('export.csv', 'no header', 3)).toMatchObject({ message: 'export.csv:3: no header', file: 'export.csv', line: 3, reason: 'no header' });
    expect(new IngestError('export.csv', 'empty').message).toBe('export.csv: empty');
    expect(new ParseError('no header', 3).line).toBe(3);
  });
});
