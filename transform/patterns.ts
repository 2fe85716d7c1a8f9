/**
 * Patterns in the rules file. A plain string matches a whole value, ignoring
 * case, Unicode form, surrounding and repeated spaces and the kind of dash,
 * so "Venter - sluttbruker" matches "Venter – sluttbruker". A string written
 * `/like this/` is a regular expression, matched ignoring case.
 *
 * Regular expressions are matched in time linear in the value, whatever the
 * pattern, so a pattern like `^(a+)+$` can never hang the transform on a long
 * subject (catastrophic backtracking). A pattern without quantifiers (`*`,
 * `+`, `?`, `{n,m}`) or alternatives (`|`) cannot backtrack more than its own
 * length at each position, so it runs on JavaScript's engine, the fastest.
 * Any other runs on RE2 (Google's linear-time engine, as WebAssembly: the
 * `re2-wasm` package), loaded only when a rules file has such a pattern; one
 * that RE2 cannot run (backreferences, lookahead, lookbehind) is rejected
 * when the rules are loaded.
 */
import { createRequire } from 'node:module';
import { PsaError } from '../core/errors.ts';

const DASHES = /[\u2010-\u2015\u2212]/g;
const SPACES = /\s+/g;

/** The form plain patterns and values are compared in. */
export function normaliseValue(value: string): string {
  return value.normalize('NFC').replace(DASHES, '-').replace(SPACES, ' ').trim().toLowerCase();
}

export function isRegexPattern(pattern: string): boolean {
  return pattern.length >= 2 && pattern.startsWith('/') && pattern.endsWith('/');
}

/** What a compiled pattern needs: a test, in time linear in the value. */
export interface LinearMatcher {
  test(value: string): boolean;
}

/** A pattern that is a valid regular expression but cannot be matched in linear time. */
export class UnsafeRegexError extends PsaError {
  override readonly name = 'UnsafeRegexError';
  constructor(message: string) {
    super('config', message);
  }
}

type Re2Constructor = new (pattern: string, flags: string) => LinearMatcher;
let re2: Re2Constructor | undefined;

function re2Constructor(): Re2Constructor {
  re2 ??= (createRequire(import.meta.url)('re2-wasm') as { RE2: Re2Constructor }).RE2;
  return re2;
}

/**
 * Could a regular expression backtrack? It can when its source has a
 * quantifier (`*`, `+`, `?` after an atom, `{`) or an alternative (`|`:
 * thirty groups of `(a|a)` are 2^30 paths). Escaped characters and character
 * classes are skipped; `(?` opens a group and is no quantifier. Without
 * either, an attempt at each position of the value reads at most the
 * pattern's length: linear on any engine.
 */
export function mayBacktrack(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (c === '(' && source[i + 1] === '?') {
      i++;
    } else if (c === '*' || c === '+' || c === '?' || c === '{' || c === '|') {
      return true;
    }
  }
  return false;
}

/**
 * The matcher a `/…/` pattern stands for, matched ignoring case. Throws
 * SyntaxError when it is not a valid regular expression, UnsafeRegexError
 * when it is one that cannot be matched in linear time.
 */
export function compileRegex(pattern: string): LinearMatcher {
  const source = pattern.slice(1, -1);
  const js = new RegExp(source, 'iu'); // SyntaxError for what JavaScript cannot read
  if (!mayBacktrack(source)) return js;
  try {
    return new (re2Constructor())(source, 'iu');
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid regular expression: .*\/iu: /, '');
    throw new UnsafeRegexError(
      `cannot be matched in linear time (${reason}): psa runs regular expressions with quantifiers or alternatives on RE2, ` +
        'which has no backreferences, lookahead or lookbehind',
    );
  }
}

/** A list of patterns: does any of them match a value? */
export class PatternSet {
  private readonly exact = new Set<string>();
  private readonly regexes: LinearMatcher[] = [];

  constructor(patterns: readonly string[] = []) {
    for (const p of patterns) {
      if (isRegexPattern(p)) this.regexes.push(compileRegex(p));
      else this.exact.add(normaliseValue(p));
    }
  }

  get isEmpty(): boolean {
    return this.exact.size === 0 && this.regexes.length === 0;
  }

  matches(value: string | null): boolean {
    if (value === null || value === '') return false;
    if (this.exact.size > 0 && this.exact.has(normaliseValue(value))) return true;
    for (const re of this.regexes) if (re.test(value)) return true;
    return false;
  }
}

/** The domain of an e-mail address, lower case, or null when it has none. */
export function emailDomain(email: string | null): string | null {
  if (email === null) return null;
  const at = email.lastIndexOf('@');
  if (at < 0 || at === email.length - 1) return null;
  return email.slice(at + 1).trim().toLowerCase().replace(/[>.\s]+$/, '');
}

/** Does a domain equal one of `domains` or lie under it (`skole.molde.kommune.no` under `molde.kommune.no`)? */
export function domainMatches(domain: string, domains: readonly string[]): boolean {
  for (const d of domains) {
    if (domain === d || (domain.length > d.length && domain.endsWith(d) && domain.charCodeAt(domain.length - d.length - 1) === 46)) {
      return true;
    }
  }
  return false;
}
