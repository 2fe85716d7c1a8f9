/**
 * Rules-file patterns (issue 13, case 7): a regular expression is matched in
 * time linear in the value, whatever the pattern, or rejected when the rules
 * are loaded. Catastrophic backtracking never reaches a ticket.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TicketClassifier, type Finding, type TicketInput } from '../../transform/classify.ts';
import { compileRegex, mayBacktrack, PatternSet, UnsafeRegexError } from '../../transform/patterns.ts';
import { DEFAULT_RULES_PATH, parseRules, RulesError } from '../../transform/rules.ts';

const DEFAULT_TEXT = readFileSync(DEFAULT_RULES_PATH, 'utf8');
const SOC_SUBJECTS = "subjects: ['/^\\[atea soc\\]/']";

/** The shipped rules with Atea SOC's subject pattern replaced. */
function rulesWithSubjectPattern(pattern: string) {
  if (!DEFAULT_TEXT.includes(SOC_SUBJECTS)) throw new Error('the default rules no longer hold the Atea SOC subject pattern');
  return parseRules(DEFAULT_TEXT.replace(SOC_SUBJECTS, `subjects: ['${pattern}']`), 'rules.yaml');
}

describe('regular expressions in the rules file', () => {
  it('^(a+)+$ matches a long subject at once, rightly, instead of backtracking for ever', () => {
    const set = new PatternSet(['/^(a+)+$/']);
    // JavaScript's own engine takes about 2^40 steps for this one (hours).
    const started = performance.now();
    expect(set.matches(`${'a'.repeat(40)}!`)).toBe(false);
    expect(set.matches('a'.repeat(100_000) + '!')).toBe(false);
    expect(set.matches('aaaa')).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  }, 10_000);

  it('the same pattern in a security-alert rule never hangs the classification of a ticket', () => {
    const rules = rulesWithSubjectPattern('/^(a+)+$/');
    const classifier = new TicketClassifier(rules);
    const ticket: TicketInput = {
      ticket_number: 7, subject: `${'a'.repeat(5000)}!`, ticket_type: 'Feil', status: 'Lukket', core_status: null, priority: 'Normal',
      category1: null, category2: null, category3: null, requester: null, requester_email: null, company: 'Molde kommune', department: null,
      created: '2024-10-11T08:00:00Z', modified: null, responded: null, resolved: '2024-10-11T09:00:00Z', closed: null, reopened_count: null, marked_for_deletion: null,
    };
    const findings: Finding[] = [];
    expect(classifier.classify(ticket, findings).security_alert_source).toBeNull();
    expect(classifier.classify({ ...ticket, subject: 'aaaa' }, findings).security_alert_source).toBe('Atea SOC');
  }, 10_000);

  it('nested alternatives, which backtrack on a miss as badly, are matched in linear time too', () => {
    const set = new PatternSet([`/^${'(a|a)'.repeat(40)}b/`]);
    expect(set.matches('a'.repeat(40))).toBe(false);
    expect(set.matches(`${'a'.repeat(40)}b`)).toBe(true);
  }, 10_000);

  it('a pattern that needs backtracking (a backreference or lookaround with a quantifier) is rejected at load, with its line and key', () => {
    for (const pattern of ['/^(a+)\\1$/', '/^(?=(a+)+)x/', '/(?<=a+)b/']) {
      try {
        rulesWithSubjectPattern(pattern);
        throw new Error(`expected ${pattern} to be rejected`);
      } catch (error) {
        expect(error).toBeInstanceOf(RulesError);
        const problems = (error as RulesError).problems;
        expect(problems).toHaveLength(1);
        expect(problems[0]!.path).toBe('securityAlerts[0].subjects[0]');
        expect(problems[0]!.line).toBe(DEFAULT_TEXT.slice(0, DEFAULT_TEXT.indexOf(SOC_SUBJECTS)).split('\n').length);
        expect(problems[0]!.message).toMatch(/^a regular expression that cannot be matched in linear time \(.+\): psa runs regular expressions with quantifiers or alternatives on RE2, which has no backreferences, lookahead or lookbehind$/);
      }
    }
    expect(() => compileRegex('/(a*)\\1/')).toThrow(UnsafeRegexError);
  });

  it('patterns without quantifiers or alternatives keep JavaScript semantics (the shipped ones), others match the same on RE2', () => {
    expect(mayBacktrack('^molde kommune\\b')).toBe(false);
    expect(mayBacktrack('^\\[atea soc\\]')).toBe(false);
    expect(mayBacktrack('@soc\\.atea\\.no$')).toBe(false);
    expect(mayBacktrack('[+*?{|]\\+\\*\\?\\{\\|(?:x)(?<n>y)')).toBe(false);
    expect(mayBacktrack('a+')).toBe(true);
    expect(mayBacktrack('a|b')).toBe(true);
    expect(mayBacktrack('a{2}')).toBe(true);
    expect(compileRegex('/^molde kommune\\b/')).toBeInstanceOf(RegExp);
    const re2 = compileRegex('/^(molde|hustadvika) kommune\\b/');
    expect(re2).not.toBeInstanceOf(RegExp);
    expect(re2.test('Molde Kommune, IT')).toBe(true);
    expect(re2.test('HUSTADVIKA KOMMUNE')).toBe(true);
    expect(re2.test('Molde kommunes')).toBe(false);
    expect(new PatternSet(['/^f(ø|o)respørsel$/']).matches('FØRESPØRSEL')).toBe(true);
  });
});

describe('a YAML alias bomb in the rules file', () => {
  it('is a rules problem naming the line of its first alias, not an exhausted process', () => {
    const bomb = [
      'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    try {
      parseRules(bomb, 'rules.yaml');
      throw new Error('expected the alias bomb to be rejected');
    } catch (error) {
      expect(error).toBeInstanceOf(RulesError);
      expect((error as RulesError).problems).toEqual([
        { line: 2, column: 8, path: '', message: 'the YAML aliases (*name) expand to more than 100 copies of what they refer to (an alias bomb?); write the values out instead' },
      ]);
    }
  });
});
