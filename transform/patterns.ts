/**
 * Patterns in the rules file. A plain string matches a whole value, ignoring
 * case, Unicode form, surrounding and repeated spaces and the kind of dash,
 * so "Venter - sluttbruker" matches "Venter – sluttbruker". A string written
 * `/like this/` is a regular expression, matched ignoring case.
 */

const DASHES = /[\u2010-\u2015\u2212]/g;
const SPACES = /\s+/g;

/** The form plain patterns and values are compared in. */
export function normaliseValue(value: string): string {
  return value.normalize('NFC').replace(DASHES, '-').replace(SPACES, ' ').trim().toLowerCase();
}

export function isRegexPattern(pattern: string): boolean {
  return pattern.length >= 2 && pattern.startsWith('/') && pattern.endsWith('/');
}

/** The regular expression a `/…/` pattern stands for; throws SyntaxError when it is not valid. */
export function compileRegex(pattern: string): RegExp {
  return new RegExp(pattern.slice(1, -1), 'iu');
}

/** A list of patterns: does any of them match a value? */
export class PatternSet {
  private readonly exact = new Set<string>();
  private readonly regexes: RegExp[] = [];

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
