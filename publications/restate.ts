/**
 * Restatements: every figure of every window month that the latest earlier
 * publication covering that month gave differently, with the tickets behind
 * each difference and why each changed.
 *
 * 1. For each window month, the baseline is the latest earlier publication
 *    whose window holds it. "Earlier" excludes the publication this document
 *    is (the same figures already published as the latest version of its
 *    month), so recomputing a published month gives back its document.
 * 2. Per baseline, the tickets whose snapshot columns differ from the
 *    current facts (one SQL comparison; unchanged tickets never reach here).
 * 3. Per month, both documents' figures side by side; a figure whose value
 *    differs is restated. A count figure's difference is decomposed into the
 *    changed tickets' contributions (figures.ts), which sum to it exactly;
 *    a mean or a compliance lists the tickets of its population that changed.
 * 4. Each ticket gets one reason, the first that applies: the rules changed
 *    (the rules hash differs: every change is theirs), registered late,
 *    deleted, no longer deleted, reopened, resolution added, moved or
 *    removed (the effective instant, else the export's resolved date),
 *    reclassified (type, category, municipality, priority or security
 *    alert), created moved, other (a duration, a response, a due time).
 */
import type { MetricsDocument, MonthFigures } from '../metrics/document.ts';
import { addMonths } from '../core/months.ts';
import type { PsaDatabase } from '../store/open.ts';
import { contributions, figureKey, mergeNames, monthFigures, namesOf, populationOf, resolutionGroup, type FigurePath, type MonthContext } from './figures.ts';
import { changedTickets, SNAPSHOT_COLUMNS, type ChangedTicket, type SnapshotTicket } from './snapshot.ts';
import { REASONS, type Reason, type ReasonCount, type RestatedFigure, type RestatementBaseline, type Restatements } from '../metrics/restatements.ts';

/** One ticket behind a restated figure. */
export interface RestatedTicket {
  readonly ticketNumber: number;
  /** What it adds to the difference (count figures); null for a mean or a compliance. */
  readonly contribution: number | null;
  readonly reason: Reason;
  /** What changed, column by column (facts only, never personal data). */
  readonly detail: string;
}

export interface RestatementDetail {
  readonly figure: RestatedFigure;
  readonly baselinePubId: number;
  readonly tickets: readonly RestatedTicket[];
}

export interface RestatementResult {
  readonly restatements: Restatements;
  readonly details: readonly RestatementDetail[];
}

export interface PublicationRow {
  readonly pub_id: number;
  readonly report_month: string;
  readonly version: number;
  readonly as_of: string;
  readonly window_start: string;
  readonly window_end: string;
  readonly rules_sha256: string;
  readonly figures_sha256: string;
}

export const EMPTY_RESTATEMENTS: Restatements = { against: [], figures: [] };

/**
 * The restatements of `doc` (a document without them yet) against the
 * publications in `store`. `figuresSha256` identifies `doc`'s figures;
 * `endText` gives end(M) as stored instants are written.
 */
export function restate(store: PsaDatabase, doc: MetricsDocument, figuresSha256: string, endText: (month: string) => string): RestatementResult {
  const publications = store.sqlite
    .prepare('SELECT pub_id, report_month, version, as_of, window_start, window_end, rules_sha256, figures_sha256 FROM pub_publications ORDER BY pub_id')
    .all() as PublicationRow[];
  if (publications.length === 0) return { restatements: EMPTY_RESTATEMENTS, details: [] };
  const same = latestVersion(publications, doc.reportMonth);
  const eligible = same !== undefined && same.figures_sha256 === figuresSha256 ? publications.filter((p) => p.pub_id < same.pub_id) : publications;

  const byBaseline = new Map<number, string[]>();
  for (const month of doc.window) {
    let baseline: PublicationRow | undefined;
    for (const p of eligible) if (p.window_start <= month && month <= p.window_end) baseline = p;
    if (baseline === undefined) continue;
    const months = byBaseline.get(baseline.pub_id) ?? [];
    months.push(month);
    byBaseline.set(baseline.pub_id, months);
  }

  const against: RestatementBaseline[] = [];
  const details: RestatementDetail[] = [];
  for (const [pubId, months] of byBaseline) {
    const baseline = eligible.find((p) => p.pub_id === pubId)!;
    const rulesChanged = baseline.rules_sha256 !== doc.provenance.rulesSha256;
    against.push({ reportMonth: baseline.report_month, version: baseline.version, asOf: baseline.as_of, rulesChanged, months });
    const published = JSON.parse((store.sqlite.prepare('SELECT document FROM pub_publications WHERE pub_id = ?').get(pubId) as { document: string }).document) as MetricsDocument;
    const changed = changedTickets(store, pubId);
    const reasons = new Map<number, { reason: Reason; detail: string }>();
    const reasonOf = (t: ChangedTicket) => {
      let r = reasons.get(t.ticketNumber);
      if (r === undefined) reasons.set(t.ticketNumber, (r = ticketReason(t.before, t.after, rulesChanged)));
      return r;
    };
    for (const month of months) {
      const before = published.monthly.find((m) => m.month === month);
      const after = doc.monthly.find((m) => m.month === month)!;
      if (before === undefined) continue;
      details.push(
        ...restateMonth(before, after, changed, { month, previous: addMonths(month, -1), endText: endText(month) }, reasonOf).map((d) => ({
          figure: { ...d.figure, publishedIn: { reportMonth: baseline.report_month, version: baseline.version }, rulesChanged },
          baselinePubId: pubId,
          tickets: d.tickets,
        })),
      );
    }
  }
  details.sort((a, b) => (a.figure.month < b.figure.month ? -1 : a.figure.month > b.figure.month ? 1 : 0));
  return { restatements: { against, figures: details.map((d) => d.figure) }, details };
}

export function latestVersion(publications: readonly PublicationRow[], reportMonth: string): PublicationRow | undefined {
  let latest: PublicationRow | undefined;
  for (const p of publications) if (p.report_month === reportMonth && (latest === undefined || p.version > latest.version)) latest = p;
  return latest;
}

type PartialDetail = { figure: Omit<RestatedFigure, 'publishedIn' | 'rulesChanged'>; tickets: RestatedTicket[] };

function restateMonth(
  before: MonthFigures,
  after: MonthFigures,
  changed: readonly ChangedTicket[],
  context: MonthContext,
  reasonOf: (t: ChangedTicket) => { reason: Reason; detail: string },
): PartialDetail[] {
  const names = mergeNames(namesOf([before]), namesOf([after]));
  const old = new Map(monthFigures(before, names).map((f) => [figureKey(f.path), f]));
  const now = monthFigures(after, names);

  // Each changed ticket's contribution to every count figure of the month.
  const byFigure = new Map<string, { ticket: ChangedTicket; contribution: number }[]>();
  const durationsChanged = new Map<string, ChangedTicket[]>();
  for (const t of changed) {
    const a = contributions(t.before, context);
    const b = contributions(t.after, context);
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      const d = (b.get(key) ?? 0) - (a.get(key) ?? 0);
      if (d === 0) continue;
      let list = byFigure.get(key);
      if (list === undefined) byFigure.set(key, (list = []));
      list.push({ ticket: t, contribution: d });
    }
    const group = resolutionGroup(t.before, context.month);
    if (group !== null && group === resolutionGroup(t.after, context.month) && durationsDiffer(t.before!, t.after!)) {
      const list = durationsChanged.get(group) ?? [];
      list.push(t);
      durationsChanged.set(group, list);
    }
  }

  const out: PartialDetail[] = [];
  for (const f of now) {
    const key = figureKey(f.path);
    const p = old.get(key)!;
    if (p.value === f.value) continue;
    const count = f.count && p.count;
    let tickets: RestatedTicket[];
    if (count) {
      tickets = (byFigure.get(key) ?? []).map(({ ticket, contribution }) => ({ ticketNumber: ticket.ticketNumber, contribution, ...reasonOf(ticket) }));
    } else {
      const members = new Map<number, ChangedTicket>();
      for (const population of populationOf(f.path)) for (const { ticket } of byFigure.get(figureKey(population)) ?? []) members.set(ticket.ticketNumber, ticket);
      if (f.path[0] === 'resolution') for (const t of durationsChanged.get(figureKey(f.path.slice(0, -1))) ?? []) members.set(t.ticketNumber, t);
      tickets = [...members.values()].sort((x, y) => x.ticketNumber - y.ticketNumber).map((t) => ({ ticketNumber: t.ticketNumber, contribution: null, ...reasonOf(t) }));
    }
    out.push({
      figure: {
        month: context.month,
        figure: key,
        path: f.path,
        published: p.value,
        value: f.value,
        difference: p.value === null || f.value === null ? null : roundDifference(f.value - p.value),
        count,
        reasons: reasonCounts(tickets, count),
      },
      tickets,
    });
  }
  return out;
}

const roundDifference = (x: number) => Math.round(x * 10000) / 10000;

function durationsDiffer(a: SnapshotTicket, b: SnapshotTicket): boolean {
  return a.resolution_hours !== b.resolution_hours || a.resolution_service_hours !== b.resolution_service_hours || a.is_old_case !== b.is_old_case;
}

function reasonCounts(tickets: readonly RestatedTicket[], count: boolean): ReasonCount[] {
  const by = new Map<Reason, { tickets: number; contribution: number }>();
  for (const t of tickets) {
    const r = by.get(t.reason) ?? { tickets: 0, contribution: 0 };
    r.tickets++;
    r.contribution += t.contribution ?? 0;
    by.set(t.reason, r);
  }
  return REASONS.filter((r) => by.has(r)).map((reason) => ({ reason, tickets: by.get(reason)!.tickets, contribution: count ? by.get(reason)!.contribution : null }));
}

const RECLASSIFYING = ['ticket_class', 'report_category', 'municipality', 'priority', 'security_alert_source'] as const;

/** One ticket's reason (see the module's comment) and what changed, column by column. */
export function ticketReason(before: SnapshotTicket | null, after: SnapshotTicket | null, rulesChanged: boolean): { reason: Reason; detail: string } {
  const detail = changeDetail(before, after);
  const reason = ((): Reason => {
    if (rulesChanged) return 'rules_changed';
    if (before === null) return 'registered_late';
    if (after === null) return 'deleted';
    if (before.deletion === null && after.deletion !== null) return 'deleted';
    if (before.deletion !== null && after.deletion === null) return 'restored';
    if (before.status_class !== 'open' && after.status_class === 'open') return 'reopened';
    if (before.resolved === null && after.resolved !== null) return 'resolution_added';
    if (before.resolved !== null && after.resolved === null) return 'resolution_removed';
    if (before.resolved !== after.resolved) return 'resolution_moved';
    if (RECLASSIFYING.some((c) => before[c] !== after[c]) || before.counted !== after.counted) return 'reclassified';
    if (before.naive_resolved === null && after.naive_resolved !== null) return 'resolution_added';
    if (before.naive_resolved !== null && after.naive_resolved === null) return 'resolution_removed';
    if (before.naive_resolved !== after.naive_resolved) return 'resolution_moved';
    if (before.created !== after.created) return 'created_moved';
    return 'other';
  })();
  return { reason, detail };
}

const show = (v: unknown) => (v === null || v === undefined ? 'null' : typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v));

function changeDetail(before: SnapshotTicket | null, after: SnapshotTicket | null): string {
  if (before === null) return `not in the publication; created ${after!.created}`;
  if (after === null) return 'no longer in the database';
  const changes: string[] = [];
  for (const c of SNAPSHOT_COLUMNS) if (before[c] !== after[c]) changes.push(`${c} ${show(before[c])} → ${show(after[c])}`);
  return changes.join('; ');
}

export type { FigurePath };
