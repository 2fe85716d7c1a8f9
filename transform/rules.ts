/**
 * The rules file: reading it (YAML or JSON), checking it against its JSON
 * Schema and for what a schema cannot say (valid regular expressions, time
 * zones, opening hours in order, names that refer to each other), and
 * compiling it into the matchers the transform uses.
 *
 * Every problem is reported with the file, line and column of the value at
 * fault, the key path, and what was expected. Loading never touches the
 * database, so a bad file changes nothing.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Document, type Node } from 'yaml';
import { isValidZone } from '../core/timestamps.ts';
import { formatFileProblems, PsaError } from '../core/errors.ts';
import { compileRegex, isRegexPattern, normaliseValue, PatternSet, UnsafeRegexError } from './patterns.ts';
import { ServiceCalendar, WEEKDAYS, type CalendarSpec, type HolidaySpec, type Weekday } from '../core/service-calendar.ts';

/** The shipped rules for the ROR-IKT service desk. */
export const DEFAULT_RULES_PATH = fileURLToPath(new URL('./default-rules.yaml', import.meta.url));
export const RULES_SCHEMA_PATH = fileURLToPath(new URL('./rules.schema.json', import.meta.url));

/**
 * The SHA-256 of the shipped rules file, which the tests check against the
 * schema: scripts/build.mjs puts it into dist/psa.js (esbuild's `define`).
 * The default rules with exactly these bytes skip the schema check, whose
 * validator takes about a tenth of a second to compile at every start.
 * Undefined when the sources run directly (the tests): then they are checked.
 */
declare const PSA_CHECKED_DEFAULT_RULES_SHA256: string | undefined;
const CHECKED_DEFAULT_RULES = typeof PSA_CHECKED_DEFAULT_RULES_SHA256 === 'string' ? PSA_CHECKED_DEFAULT_RULES_SHA256 : null;

export const TicketClass = { incident: 'incident', request: 'request', other: 'other' } as const;
export type TicketClass = keyof typeof TicketClass;
export const StatusClass = { open: 'open', resolved: 'resolved', closed: 'closed' } as const;
export type StatusClass = keyof typeof StatusClass;
export const SlaCalendar = { service: 'service', '24x7': '24x7' } as const;
export type SlaCalendar = keyof typeof SlaCalendar;

/** The rules file as written (after validation). */
export interface RulesFile {
  readonly version: 1;
  readonly ticketTypes: { readonly incident: string[]; readonly request: string[]; readonly other?: string[] };
  readonly statuses: { readonly open: string[]; readonly resolved: string[]; readonly closed: string[]; readonly resolvedFromCoreStatus?: number };
  readonly categories: {
    readonly fallback: string;
    readonly rules: readonly { readonly category: string; readonly category1?: string[]; readonly category2?: string[]; readonly category3?: string[] }[];
  };
  readonly municipalities: {
    readonly unknown: string;
    readonly list: readonly MunicipalityEntry[];
    readonly historical?: readonly MunicipalityEntry[];
  };
  readonly securityAlerts: readonly {
    readonly name: string;
    readonly requesters?: string[];
    readonly emails?: string[];
    readonly subjects?: string[];
    readonly reportCategory?: string;
  }[];
  readonly priorities: readonly {
    readonly name: string;
    readonly aliases?: string[];
    readonly calendar: SlaCalendar;
    readonly responseHours?: number;
    readonly resolutionHours?: number;
  }[];
  readonly serviceHours: {
    readonly timeZone: string;
    readonly week: Readonly<Record<Weekday, string[]>>;
    readonly holidays: readonly ({ readonly name: string; readonly date: string } | { readonly name: string; readonly easterOffset: number })[];
    readonly closedDates?: string[];
  };
  readonly oldCaseDays: number;
  readonly futureTimestampMarginDays?: number;
  /** RESOLVED-1's repair of a missing resolved date (default true). */
  readonly repairMissingResolvedDates?: boolean;
  /** AGE-1: the lower edges of the age buckets in days, from 0 up (default 0, 8, 31, 91, 366). */
  readonly ageBucketDays?: number[];
  /** MASS_CLOSURE: this many tickets resolved within this many minutes (default 20 in 5). */
  readonly massClosure?: { readonly tickets: number; readonly minutes: number };
}

interface MunicipalityEntry {
  readonly name: string;
  readonly mergedInto?: string;
  readonly companies?: string[];
  readonly emailDomains?: string[];
  readonly departments?: string[];
}

export interface RulesProblem {
  readonly line: number | null;
  readonly column: number | null;
  /** Key path, e.g. `priorities[0].resolutionHours`. */
  readonly path: string;
  readonly message: string;
}

export class RulesError extends PsaError {
  override name = 'RulesError';
  override readonly file: string;
  constructor(
    file: string,
    readonly problems: readonly RulesProblem[],
  ) {
    super('config', formatFileProblems(basename(file), 'the rules file', problems.map((p) => ({ ...p, key: p.path }))), {
      file,
      line: problems[0]?.line ?? undefined,
      column: problems[0]?.column ?? undefined,
    });
    this.file = file;
  }
}

/** A municipality as a match result: the name counted, and the former one the ticket named, if any. */
export interface MunicipalityMatch {
  readonly name: string;
  readonly historical: string | null;
}

interface MunicipalityMatcher extends MunicipalityMatch {
  readonly companies: PatternSet;
  readonly emailDomains: readonly string[];
  readonly departments: PatternSet;
}

export interface PriorityRule {
  readonly name: string;
  readonly calendar: SlaCalendar;
  readonly responseHours: number | null;
  readonly resolutionHours: number | null;
}

/** The rules, compiled for matching. */
export interface Rules {
  /** The file they came from, its SHA-256 and text, for provenance. */
  readonly source: { readonly path: string; readonly sha256: string; readonly text: string; readonly isDefault: boolean };
  readonly file: RulesFile;
  readonly ticketTypes: readonly (readonly [TicketClass, PatternSet])[];
  readonly statuses: readonly (readonly [StatusClass, PatternSet])[];
  readonly resolvedFromCoreStatus: number | null;
  readonly categories: readonly { readonly category: string; readonly conditions: readonly (PatternSet | null)[] }[];
  readonly fallbackCategory: string;
  readonly municipalities: readonly MunicipalityMatcher[];
  readonly unknownMunicipality: string;
  readonly securityAlerts: readonly {
    readonly name: string;
    readonly requesters: PatternSet;
    readonly emails: PatternSet;
    readonly subjects: PatternSet;
    readonly reportCategory: string | null;
  }[];
  readonly priorities: readonly (readonly [PriorityRule, PatternSet])[];
  readonly calendar: ServiceCalendar;
  readonly oldCaseDays: number;
  /** TIME-4: days a timestamp may be later than its export's date before it is a FUTURE_TIMESTAMP. */
  readonly futureTimestampMarginDays: number;
  /** RESOLVED-1: false leaves a resolved or closed ticket without a resolved date open (what the old extract did). */
  readonly repairMissingResolvedDates: boolean;
  /** AGE-1: the age buckets, youngest first. */
  readonly ageBuckets: readonly AgeBucket[];
  /** MASS_CLOSURE: the least number of tickets resolved within `minutes` that makes one. */
  readonly massClosure: { readonly tickets: number; readonly minutes: number };
}

/** AGE-1: an age bucket: its key (`"8-30"`, `"366+"`) and its days, `toDays` null for the last. */
export interface AgeBucket {
  readonly key: string;
  readonly fromDays: number;
  readonly toDays: number | null;
}

export const DEFAULT_AGE_BUCKET_DAYS: readonly number[] = [0, 8, 31, 91, 366];
export const DEFAULT_MASS_CLOSURE = { tickets: 20, minutes: 5 } as const;

/** AGE-1: the buckets of increasing lower edges: `from-(next−1)`, the last `from+`. */
export function ageBuckets(edges: readonly number[]): AgeBucket[] {
  return edges.map((from, i) => {
    const next = edges[i + 1];
    return next === undefined ? { key: `${from}+`, fromDays: from, toDays: null } : { key: `${from}-${next - 1}`, fromDays: from, toDays: next - 1 };
  });
}

/** TIME-4's margin when the rules file does not give one. */
export const DEFAULT_FUTURE_MARGIN_DAYS = 1;

/** Aliases a rules file may resolve (yaml's own default): far more than sharing a list or two needs. */
const MAX_ALIAS_COUNT = 100;

let validator: ReturnType<Ajv['compile']> | undefined;

function schemaValidator() {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, strictTypes: false });
    // `expected` is a note for error messages; validation ignores it.
    ajv.addVocabulary(['expected']);
    validator = ajv.compile(JSON.parse(readFileSync(RULES_SCHEMA_PATH, 'utf8')));
  }
  return validator;
}

/** Reads, checks and compiles a rules file; the default rules when no path is given. */
export function loadRules(path?: string): Rules {
  const file = path ?? DEFAULT_RULES_PATH;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new RulesError(file, [{ line: null, column: null, path: '', message: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }]);
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const rules = parseRules(text, file, { schemaChecked: path === undefined && sha256 === CHECKED_DEFAULT_RULES });
  return { ...rules, source: { path: file, sha256, text, isDefault: path === undefined } };
}

/**
 * Checks and compiles rules given as text (YAML or JSON); `file` names it in
 * messages. `schemaChecked`: the same text has passed the schema already (a
 * transform worker compiling the rules its parent loaded), so the check,
 * whose compiled validator costs a worker about a tenth of a second to
 * build, is skipped.
 */
export function parseRules(text: string, file: string, { schemaChecked = false }: { readonly schemaChecked?: boolean } = {}): Omit<Rules, 'source'> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number) => lines.linePos(offset);
  if (doc.errors.length > 0) {
    throw new RulesError(
      file,
      doc.errors.map((e) => {
        const pos = at(e.pos[0]);
        return { line: pos.line, column: pos.col, path: '', message: e.message.split('\n')[0]! };
      }),
    );
  }
  let data: unknown;
  try {
    // yaml refuses a document whose aliases would expand it beyond reason (an "alias bomb").
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const firstAlias = /(^|[\s[{,:-])\*[^\s,\]}]+/m.exec(text);
    const pos = firstAlias === null ? null : at(firstAlias.index + firstAlias[1]!.length);
    throw new RulesError(file, [
      {
        line: pos?.line ?? null,
        column: pos?.col ?? null,
        path: '',
        message: `the YAML aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies of what they refer to (an alias bomb?); write the values out instead`,
      },
    ]);
  }
  if (!schemaChecked) {
    const validate = schemaValidator();
    if (!validate(data)) {
      throw new RulesError(file, schemaProblems(validate.errors ?? [], doc, at));
    }
  }
  const rulesFile = data as unknown as RulesFile;
  const problems: RulesProblem[] = [];
  const problem = (path: (string | number)[], message: string) => {
    const node = nodeAt(doc, path);
    const pos = node?.range ? at(node.range[0]) : null;
    problems.push({ line: pos?.line ?? null, column: pos?.col ?? null, path: formatPath(path), message });
  };
  const patterns = (list: readonly string[] | undefined, path: (string | number)[]): PatternSet => {
    const ok: string[] = [];
    (list ?? []).forEach((p, i) => {
      if (isRegexPattern(p)) {
        try {
          compileRegex(p);
        } catch (error) {
          problem([...path, i], error instanceof UnsafeRegexError ? `a regular expression that ${error.message}` : `not a valid regular expression: ${(error as Error).message}`);
          return;
        }
      }
      ok.push(p);
    });
    return new PatternSet(ok);
  };
  const compiled = compile(rulesFile, patterns, problem);
  if (problems.length > 0) throw new RulesError(file, problems);
  return { ...compiled, file: rulesFile };
}

type Problem = (path: (string | number)[], message: string) => void;
type Patterns = (list: readonly string[] | undefined, path: (string | number)[]) => PatternSet;

function compile(f: RulesFile, patterns: Patterns, problem: Problem): Omit<Rules, 'source' | 'file'> {
  // CLASS-1: a type listed under two classes would make the mapping depend on order.
  const typeOwner = new Map<string, TicketClass>();
  const ticketTypes = (['incident', 'request', 'other'] as const).map((cls) => {
    const list = f.ticketTypes[cls] ?? [];
    list.forEach((t, i) => {
      if (isRegexPattern(t)) return;
      const key = normaliseValue(t);
      const owner = typeOwner.get(key);
      if (owner && owner !== cls) problem(['ticketTypes', cls, i], `"${t}" is already listed under ${owner}`);
      typeOwner.set(key, cls);
    });
    return [cls, patterns(list, ['ticketTypes', cls])] as const;
  });
  const statusOwner = new Map<string, StatusClass>();
  const statuses = (['open', 'resolved', 'closed'] as const).map((cls) => {
    f.statuses[cls].forEach((s, i) => {
      if (isRegexPattern(s)) return;
      const key = normaliseValue(s);
      const owner = statusOwner.get(key);
      if (owner && owner !== cls) problem(['statuses', cls, i], `"${s}" is already listed under ${owner}`);
      statusOwner.set(key, cls);
    });
    return [cls, patterns(f.statuses[cls], ['statuses', cls])] as const;
  });

  const categories = f.categories.rules.map((r, i) => ({
    category: r.category,
    conditions: (['category1', 'category2', 'category3'] as const).map((k) => (r[k] ? patterns(r[k], ['categories', 'rules', i, k]) : null)),
  }));

  const listed = new Set(f.municipalities.list.map((m) => m.name));
  const municipalities: MunicipalityMatcher[] = [];
  f.municipalities.list.forEach((m, i) => {
    if (m.mergedInto !== undefined) problem(['municipalities', 'list', i, 'mergedInto'], 'mergedInto belongs under municipalities.historical');
    municipalities.push(municipalityMatcher(m, m.name, null, ['municipalities', 'list', i], patterns));
  });
  (f.municipalities.historical ?? []).forEach((m, i) => {
    if (!listed.has(m.mergedInto!)) {
      problem(['municipalities', 'historical', i, 'mergedInto'], `expected one of the municipalities in municipalities.list (${[...listed].join(', ')}), got "${m.mergedInto}"`);
    }
    municipalities.push(municipalityMatcher(m, m.mergedInto!, m.name, ['municipalities', 'historical', i], patterns));
  });
  if (listed.has(f.municipalities.unknown)) problem(['municipalities', 'unknown'], `"${f.municipalities.unknown}" is also a listed municipality`);

  const securityAlerts = f.securityAlerts.map((s, i) => {
    const path = ['securityAlerts', i];
    if (!s.requesters?.length && !s.emails?.length && !s.subjects?.length) problem(path, 'expected at least one of requesters, emails, subjects');
    return {
      name: s.name,
      requesters: patterns(s.requesters, [...path, 'requesters']),
      emails: patterns(s.emails, [...path, 'emails']),
      subjects: patterns(s.subjects, [...path, 'subjects']),
      reportCategory: s.reportCategory ?? null,
    };
  });

  const priorityNames = new Map<string, string>();
  const priorities = f.priorities.map((p, i) => {
    for (const [name, path] of [[p.name, ['priorities', i, 'name']], ...(p.aliases ?? []).map((a, j) => [a, ['priorities', i, 'aliases', j]] as const)] as const) {
      if (isRegexPattern(name)) continue;
      const key = normaliseValue(name);
      const owner = priorityNames.get(key);
      if (owner !== undefined && owner !== p.name) problem([...path], `"${name}" already names priority ${owner}`);
      priorityNames.set(key, p.name);
    }
    const rule: PriorityRule = { name: p.name, calendar: p.calendar, responseHours: p.responseHours ?? null, resolutionHours: p.resolutionHours ?? null };
    return [rule, patterns([p.name, ...(p.aliases ?? [])], ['priorities', i, 'aliases'])] as const;
  });

  const calendar = compileCalendar(f.serviceHours, problem);
  const edges = f.ageBucketDays ?? DEFAULT_AGE_BUCKET_DAYS;
  if (edges[0] !== 0) problem(['ageBucketDays', 0], `the first bucket starts at 0 days, got ${edges[0]}`);
  edges.forEach((d, i) => {
    if (i > 0 && d <= edges[i - 1]!) problem(['ageBucketDays', i], `expected more than ${edges[i - 1]} days (the edges rise), got ${d}`);
  });
  return {
    ticketTypes,
    statuses,
    resolvedFromCoreStatus: f.statuses.resolvedFromCoreStatus ?? null,
    categories,
    fallbackCategory: f.categories.fallback,
    municipalities,
    unknownMunicipality: f.municipalities.unknown,
    securityAlerts,
    priorities,
    calendar,
    oldCaseDays: f.oldCaseDays,
    futureTimestampMarginDays: f.futureTimestampMarginDays ?? DEFAULT_FUTURE_MARGIN_DAYS,
    repairMissingResolvedDates: f.repairMissingResolvedDates ?? true,
    ageBuckets: ageBuckets(edges),
    massClosure: f.massClosure ?? DEFAULT_MASS_CLOSURE,
  };
}

function municipalityMatcher(m: MunicipalityEntry, name: string, historical: string | null, path: (string | number)[], patterns: Patterns): MunicipalityMatcher {
  return {
    name,
    historical,
    companies: patterns(m.companies, [...path, 'companies']),
    emailDomains: (m.emailDomains ?? []).map((d) => d.toLowerCase()),
    departments: patterns(m.departments, [...path, 'departments']),
  };
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function compileCalendar(spec: RulesFile['serviceHours'], problem: Problem): ServiceCalendar {
  if (!isValidZone(spec.timeZone)) problem(['serviceHours', 'timeZone'], `expected an IANA time zone such as Europe/Oslo, got "${spec.timeZone}"`);
  const week = {} as Record<Weekday, [number, number][]>;
  for (const day of WEEKDAYS) {
    const intervals = spec.week[day].map((text) => text.split('-').map(minutes) as [number, number]);
    intervals.forEach(([open, close], i) => {
      if (close <= open) problem(['serviceHours', 'week', day, i], `expected the opening time before the closing time, got ${spec.week[day][i]}`);
      const previous = intervals[i - 1];
      if (previous && open < previous[1]) problem(['serviceHours', 'week', day, i], 'expected opening hours in order and not overlapping');
    });
    week[day] = intervals;
  }
  const holidays: HolidaySpec[] = spec.holidays.map((h) => {
    if ('easterOffset' in h) return { name: h.name, easterOffset: h.easterOffset };
    const [month, day] = h.date.split('-').map(Number) as [number, number];
    return { name: h.name, month, day };
  });
  (spec.closedDates ?? []).forEach((d, i) => {
    const date = new Date(`${d}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== d) problem(['serviceHours', 'closedDates', i], `"${d}" is not a date`);
  });
  const calendarSpec: CalendarSpec = {
    timeZone: isValidZone(spec.timeZone) ? spec.timeZone : 'UTC',
    week,
    holidays,
    closedDates: spec.closedDates ?? [],
  };
  return new ServiceCalendar(calendarSpec);
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** The YAML node at a key path, or the deepest one that exists. */
function nodeAt(doc: Document, path: readonly (string | number)[]): Node | null {
  let node: unknown = doc.contents;
  let found = node as Node | null;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (!pair) break;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
    } else {
      break;
    }
    if (node) found = node as Node;
  }
  return found;
}

/** The key node of `key` in the map at `path`, for problems about a key itself. */
function keyNodeAt(doc: Document, path: readonly (string | number)[], key: string): Node | null {
  const map = nodeAt(doc, path);
  if (!isMap(map)) return null;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  return (pair?.key as Node | undefined) ?? null;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `"${value}"`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return String(value);
}

const TYPE_NAMES: Record<string, string> = { object: 'a map of keys', array: 'a list', string: 'text', number: 'a number', integer: 'a whole number', boolean: 'true or false' };

function schemaProblems(errors: readonly ErrorObject[], doc: Document, at: (offset: number) => { line: number; col: number }): RulesProblem[] {
  // Branch errors of anyOf/oneOf repeat what the combinator's own error says.
  const combinators = new Set(errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.schemaPath));
  const seen = new Set<string>();
  const problems: (RulesProblem & { offset: number })[] = [];
  for (const e of errors) {
    if ([...combinators].some((c) => e.schemaPath.startsWith(`${c}/`))) continue;
    const path = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    let node = nodeAt(doc, path);
    let message: string;
    const expected = (e.parentSchema as { expected?: string } | undefined)?.expected;
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = (e.params as { additionalProperty: string }).additionalProperty;
        node = keyNodeAt(doc, path, key) ?? node;
        path.push(key);
        const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {}).filter((k) => k !== '$schema');
        message = `unknown key "${key}"; expected one of ${allowed.join(', ')}`;
        break;
      }
      case 'required':
        message = `missing key "${(e.params as { missingProperty: string }).missingProperty}"`;
        break;
      case 'type':
        message = `expected ${expected ?? TYPE_NAMES[(e.params as { type: string }).type] ?? (e.params as { type: string }).type}, got ${describe(e.data)}`;
        break;
      case 'enum':
        message = `expected ${expected ?? (e.params as { allowedValues: unknown[] }).allowedValues.join(' or ')}, got ${describe(e.data)}`;
        break;
      default:
        message = `expected ${expected ?? e.message ?? 'something else'}, got ${describe(e.data)}`;
    }
    const key = `${path.join('/')}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const offset = node?.range?.[0] ?? 0;
    const pos = node?.range ? at(offset) : null;
    problems.push({ line: pos?.line ?? null, column: pos?.col ?? null, path: formatPath(path), message, offset });
  }
  problems.sort((a, b) => a.offset - b.offset);
  return problems.map(({ offset: _offset, ...p }) => p);
}
