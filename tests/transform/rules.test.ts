/** The rules file: the shipped default, and clear errors for bad files. */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DEFAULT_RULES_PATH, loadRules, parseRules, RulesError } from '../../transform/rules.ts';
import { tempDir } from '../helpers.ts';

const DEFAULT_TEXT = readFileSync(DEFAULT_RULES_PATH, 'utf8');

/** The problems a rules text gives, as `line:column path: message` strings. */
function problems(text: string): string[] {
  try {
    parseRules(text, 'rules.yaml');
  } catch (error) {
    if (!(error instanceof RulesError)) throw error;
    return error.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);
  }
  throw new Error('expected the rules to be rejected');
}

/** The default rules text with one line replaced. */
function withLine(match: string, replacement: string): string {
  if (!DEFAULT_TEXT.includes(match)) throw new Error(`the default rules no longer contain ${match}`);
  return DEFAULT_TEXT.replace(match, replacement);
}

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('the shipped rules', () => {
  it('load, and their SHA-256 is that of the file', () => {
    const rules = loadRules();
    expect(rules.source.isDefault).toBe(true);
    expect(rules.source.sha256).toBe(createHash('sha256').update(readFileSync(DEFAULT_RULES_PATH)).digest('hex'));
    expect(rules.priorities.map(([p]) => [p.name, p.responseHours, p.resolutionHours])).toEqual([
      ['Kritisk', 0.25, 2],
      ['Høy', 1, 4],
      ['Normal', null, null],
      ['Lav', null, null],
    ]);
    expect(rules.municipalities.map((m) => m.historical ?? m.name)).toEqual([
      'Molde', 'Hustadvika', 'Vestnes', 'Rauma', 'Aukra', 'ROR-IKT', 'Krisesenteret', 'Midsund', 'Fræna', 'Eide',
    ]);
    expect(rules.municipalities.filter((m) => m.historical).map((m) => `${m.historical}→${m.name}`)).toEqual(['Midsund→Molde', 'Fræna→Hustadvika', 'Eide→Hustadvika']);
  });

  it('read the same as JSON', () => {
    const fromJson = parseRules(JSON.stringify(parseRules(DEFAULT_TEXT, 'rules.yaml').file), 'rules.json');
    expect(fromJson.file).toEqual(parseRules(DEFAULT_TEXT, 'rules.yaml').file);
  });

  it('load from a file given by path, hashing its bytes', () => {
    const path = join(tempDir(), 'mine.yaml');
    const text = withLine('oldCaseDays: 90', 'oldCaseDays: 60');
    writeFileSync(path, text);
    const rules = loadRules(path);
    expect(rules.oldCaseDays).toBe(60);
    expect(rules.source).toMatchObject({ path, isDefault: false, sha256: createHash('sha256').update(text).digest('hex') });
  });
});

describe('a bad rules file names the line, column and key, and what was expected', () => {
  it('an unknown key (a typo)', () => {
    const text = withLine('oldCaseDays: 90', 'oldCaseDays: 90\noldCaseDay: 90');
    expect(problems(text)).toEqual([
      `${lineOf(text, 'oldCaseDay:')}:1 oldCaseDay: unknown key "oldCaseDay"; expected one of version, ticketTypes, statuses, categories, municipalities, securityAlerts, priorities, serviceHours, oldCaseDays, futureTimestampMarginDays, repairMissingResolvedDates, ageBucketDays, massClosure`,
    ]);
  });

  it('a value of the wrong type', () => {
    const text = withLine('    resolutionHours: 2\n', '    resolutionHours: two\n');
    expect(problems(text)).toEqual([`${lineOf(text, 'resolutionHours: two')}:22 priorities[0].resolutionHours: expected a number of hours above 0, got "two"`]);
  });

  it('a missing key', () => {
    const text = withLine('  fallback: Ukategorisert\n', '');
    expect(problems(text)).toEqual([`${lineOf(text, 'categories:') + 1}:3 categories: missing key "fallback"`]);
  });

  it('a value outside its set', () => {
    const text = withLine('    calendar: service\n    responseHours: 0.25', '    calendar: weekdays\n    responseHours: 0.25');
    expect(problems(text)).toEqual([`${lineOf(text, 'calendar: weekdays')}:15 priorities[0].calendar: expected service or 24x7, got "weekdays"`]);
  });

  it('opening hours in the wrong form or order', () => {
    expect(problems(withLine('monday: [08:00-15:30]', 'monday: [8-15]'))[0]).toMatch(/^\d+:14 serviceHours\.week\.monday\[0\]: expected opening hours as HH:MM-HH:MM, e\.g\. 08:00-15:30, got "8-15"$/);
    expect(problems(withLine('monday: [08:00-15:30]', 'monday: [15:30-08:00]'))[0]).toMatch(/serviceHours\.week\.monday\[0\]: expected the opening time before the closing time, got 15:30-08:00$/);
    expect(problems(withLine('monday: [08:00-15:30]', 'monday: [08:00-12:00, 11:00-15:30]'))[0]).toMatch(/serviceHours\.week\.monday\[1\]: expected opening hours in order and not overlapping$/);
  });

  it('an invalid regular expression', () => {
    const text = withLine("departments: ['/^molde\\b/']", "departments: ['/^molde(/']");
    expect(problems(text)).toEqual([
      expect.stringMatching(new RegExp(`^${lineOf(text, "'/^molde(/'")}:\\d+ municipalities\\.list\\[0\\]\\.departments\\[0\\]: not a valid regular expression: `)),
    ]);
  });

  it('an unknown time zone', () => {
    expect(problems(withLine('timeZone: Europe/Oslo', 'timeZone: Europe/Molde'))).toEqual([expect.stringMatching(/serviceHours\.timeZone: expected an IANA time zone such as Europe\/Oslo, got "Europe\/Molde"$/)]);
  });

  it('names that do not refer to anything, and a type in two classes', () => {
    expect(problems(withLine('mergedInto: Molde', 'mergedInto: Mold'))).toEqual([expect.stringMatching(/municipalities\.historical\[0\]\.mergedInto: expected one of the municipalities in municipalities\.list \(Molde, .*\), got "Mold"$/)]);
    expect(problems(withLine('other: [Internsak, Innsynskrav]', 'other: [Internsak, Innsynskrav, feil]'))).toEqual([expect.stringMatching(/ticketTypes\.other\[2\]: "feil" is already listed under incident$/)]);
    expect(problems(withLine('aliases: [2 - Høy, High]', 'aliases: [2 - Høy, High, Critical]'))).toEqual([expect.stringMatching(/priorities\[1\]\.aliases\[2\]: "Critical" already names priority Kritisk$/)]);
  });

  it('a holiday with both or neither of date and easterOffset', () => {
    expect(problems(withLine('{ name: Langfredag, easterOffset: -2 }', '{ name: Langfredag }'))).toEqual([
      expect.stringMatching(/serviceHours\.holidays\[2\]: expected a holiday with a name and either date \(MM-DD\) or easterOffset \(days after Easter Sunday\), got a map$/),
    ]);
    expect(problems(withLine('{ name: Grunnlovsdag, date: 05-17 }', '{ name: Grunnlovsdag, date: 17.05 }'))).toEqual([expect.stringMatching(/serviceHours\.holidays\[5\]\.date: expected a date as MM-DD, e\.g\. 05-17, got 17\.05$/)]);
  });

  it('YAML that does not parse, and duplicate keys', () => {
    expect(problems('version: 1\nticketTypes: [a, b\n')[0]).toMatch(/^\d+:\d+ : /);
    expect(problems(withLine('oldCaseDays: 90', 'oldCaseDays: 90\noldCaseDays: 30'))).toEqual([expect.stringMatching(/^\d+:1 : Map keys must be unique/)]);
  });

  it('lists several problems at once, in file order', () => {
    const text = stringify({ ...parseRules(DEFAULT_TEXT, 'x').file, version: 2, oldCaseDays: -1 });
    expect(problems(text)).toEqual([expect.stringMatching(/ version: expected 1, got 2$/), expect.stringMatching(/ oldCaseDays: expected a number of days above 0, got -1$/)]);
  });

  it('a file that cannot be read', () => {
    expect(() => loadRules(join(tempDir(), 'missing.yaml'))).toThrow(/missing\.yaml: a problem in the rules file\n {2}missing\.yaml: cannot read the file: ENOENT/);
  });
});
