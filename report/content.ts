/**
 * The report section as a document model, from one metrics document: the
 * headings, sentences, tables, lists and charts that markdown.ts and docx.ts
 * write out. Every number in the text is a figure of the metrics document
 * (hours shown in days are the figure ÷ 24, rounded as the figures are);
 * which sentence appears is decided by the rules in sentence-rules.ts, in
 * the words of messages-nb.ts / messages-en.ts. The lead's notes (notes.ts)
 * add paragraphs and win over ticket subjects in the SLA list.
 */
import { RESTATEMENT_SECTION, restatementSentences } from '../publications/sentences.ts';
import type { CriticalOrHigh, MetricsDocument, MonthFigures, PriorityTargets } from '../metrics/document.ts';
import {
  change,
  count,
  dayAndMonth,
  dayAndMonthName,
  decimal,
  hoursToDays,
  listOf,
  monthEndDate,
  monthName,
  monthNameIn,
  percent,
  percentOneDecimal,
  shortMonth,
  timeOfDay,
  type ReportLanguage,
} from './format.ts';
import { MESSAGES } from './languages.ts';
import type { ReportMessages } from './messages.ts';
import type { NoteSection, ReportNotes } from './notes.ts';
import {
  backlogAge,
  breachRiskOf,
  fallingSince,
  higherThanNormal,
  largestOpenChange,
  massClosuresOfMonth,
  oldCasesLiftMean,
  openPastTarget,
  previousMonthOf,
  reopenRateMove,
  repairNote,
  reportMonthOf,
  resolvedMoreThanNew,
  securityAlertRise,
  trendDirection,
} from './sentence-rules.ts';

/** The charts the report shows, in its order (names as buildCharts gives them). */
export const REPORT_CHARTS = ['new-by-category', 'new-by-municipality', 'open-incidents', 'open-requests', 'open-total', 'sla-compliance', 'resolution-time'] as const;
export type ReportChart = (typeof REPORT_CHARTS)[number];

export interface Column {
  readonly title: string;
  readonly align: 'left' | 'right';
}

export type Block =
  | { readonly type: 'heading'; readonly level: 1 | 2; readonly number: string; readonly text: string }
  | { readonly type: 'paragraph'; readonly text: string }
  | { readonly type: 'list'; readonly items: readonly string[] }
  | { readonly type: 'table'; readonly columns: readonly Column[]; readonly rows: readonly (readonly string[])[]; readonly lastRowIsSum: boolean }
  | { readonly type: 'chart'; readonly name: ReportChart; readonly alt: string };

export interface ReportContent {
  readonly lang: ReportLanguage;
  readonly title: string;
  readonly reportMonth: string;
  readonly blocks: readonly Block[];
  /** Notes descriptions for tickets that are not in the month's list (a notice, not an error). */
  readonly unusedDescriptions: readonly number[];
}

export interface ReportOptions {
  readonly lang: ReportLanguage;
  readonly notes: ReportNotes;
}

export function buildReport(doc: MetricsDocument, { lang, notes }: ReportOptions): ReportContent {
  const t = MESSAGES[lang];
  const m = reportMonthOf(doc);
  const month = monthName(doc.reportMonth, lang);
  const endDate = monthEndDate(doc.reportMonth, lang);
  const n = (x: number) => count(x, lang);
  const blocks: Block[] = [];
  const number = notes.heading.number ?? t.defaultHeading.number;
  const title = notes.heading.title ?? t.defaultHeading.title;
  let sub = 0;
  const section = (text: string) => blocks.push({ type: 'heading', level: 2, number: `${number}.${++sub}`, text });
  const paragraph = (text: string | null) => {
    if (text !== null && text !== '') blocks.push({ type: 'paragraph', text });
  };
  const sentences = (...parts: (string | null)[]) => paragraph(parts.filter((p): p is string => p !== null).join(' '));
  const noted = (key: NoteSection) => {
    for (const text of notes.paragraphs[key] ?? []) for (const p of paragraphsOf(text)) paragraph(p);
  };
  const chart = (name: ReportChart) => blocks.push({ type: 'chart', name, alt: t.chartAlt[name](shortMonth(doc.window[0]!, lang), shortMonth(doc.reportMonth, lang)) });

  blocks.push({ type: 'heading', level: 1, number, text: title });

  // Opening: REPORT-1, REPORT-2, REPORT-3.
  const repair = repairNote(doc);
  const largest = largestOpenChange(doc);
  const rise = securityAlertRise(doc);
  sentences(
    repair === null ? null : t.repair(repair.min === repair.max ? n(repair.min) : `${n(repair.min)}–${n(repair.max)}`, repair.down, n(repair.months), n(repair.windowMonths), repair.months === repair.windowMonths),
    largest === null ? null : t.largestChange(largest.municipality, n(Math.abs(largest.change)), largest.change < 0),
    rise === null ? null : t.alertRise(n(rise.before), n(rise.now), rise.significant ? t.partOf(n(rise.now), n(rise.total)) : null),
  );
  noted('opening');

  // 1 New by category.
  section(t.sections.categories);
  chart('new-by-category');
  blocks.push(categoryTable(m, t, n));
  if (m.new.total === 0) {
    paragraph(t.noNewTickets(month));
  } else {
    const higher = higherThanNormal(doc);
    const alertCategories = Object.keys(m.new.securityAlertsByCategory).sort();
    const sources = Object.keys(m.new.securityAlertsBySource).sort();
    const alertSentences: string[] = [];
    if (m.new.securityAlerts > 0) {
      alertSentences.push(t.alerts(n(m.new.securityAlerts), listOf(sources.map((s) => (sources.length === 1 ? s : t.alertSource(s, n(m.new.securityAlertsBySource[s]!)))), lang)));
      const names = alertCategories.map((c) => t.alertCategoryName(c, alertCategories.length === 1 ? null : n(m.new.securityAlertsByCategory[c]!)));
      const higherAlertCategory = alertCategories.length === 1 && higher.includes(alertCategories[0]!);
      alertSentences.push(t.alertCategory(listOf(names, lang), higherAlertCategory, month));
    }
    // Categories higher than normal that the alert sentence has not named already.
    const others = higher.filter((c) => !(alertCategories.length === 1 && c === alertCategories[0]));
    sentences(t.newTotal(month, n(m.new.total), n(m.new.incident), n(m.new.request)), ...alertSentences, others.length > 0 ? t.higherThanNormal(others, month) : null);
  }
  noted('categories');

  // 2 By municipality.
  section(t.sections.municipalities);
  chart('new-by-municipality');
  blocks.push(municipalityTable(m, t, n, endDate, lang));
  const changes = Object.entries(m.open.changeByMunicipality)
    .filter(([, c]) => c !== 0)
    .sort(([a, x], [b, y]) => Math.abs(y) - Math.abs(x) || (a < b ? -1 : a > b ? 1 : 0));
  sentences(t.municipalityIntro, changes.length === 0 ? t.noOpenChange : t.municipalityChanges(changes.map(([name, c]) => t.municipalityChange(name, change(c, lang))).join(', ')));
  noted('municipalities');

  // 3 Open incidents: REPORT-5, REPORT-6.
  section(t.sections.openIncidents);
  chart('open-incidents');
  const incidents = resolvedMoreThanNew(doc, 'incident');
  const incidentTrend = trendDirection(doc.trends.openIncident);
  sentences(
    // "we resolved more incidents than came in" only when resolved > new (REPORT-5).
    t.resolvedVersusNew('incident', incidents.relation, month, n(incidents.resolved), n(incidents.created)),
    t.openIncidents(endDate, n(m.open.incident), incidentTrend),
  );
  noted('openIncidents');

  // 4 Open requests.
  section(t.sections.openRequests);
  chart('open-requests');
  const requests = resolvedMoreThanNew(doc, 'request');
  const requestTrend = trendDirection(doc.trends.openRequest);
  sentences(t.resolvedVersusNew('request', requests.relation, month, n(requests.resolved), n(requests.created)), t.openRequests(endDate, n(m.open.request), requestTrend, requestTrend === incidentTrend));
  noted('openRequests');

  // 5 All open cases: REPORT-7, REPORT-14, REPORT-15.
  section(t.sections.openTotal);
  chart('open-total');
  const since = fallingSince(doc, 'openTotal');
  const age = backlogAge(doc);
  const reopen = reopenRateMove(doc);
  const previousMonth = previousMonthOf(doc)?.month;
  sentences(
    t.openTotal(month, n(m.open.total)),
    t.totalTrend(trendDirection(doc.trends.openTotal), since?.kind === 'since' ? { kind: 'since', month: monthNameIn(since.month, doc.reportMonth, lang) } : since),
    age === null
      ? null
      : t.backlogAge(
          endDate,
          age.now,
          n(age.now),
          n(age.olderThanDays),
          age.before === null || (age.now === 0 && age.before === 0) ? null : { size: n(Math.abs(age.now - age.before)), kind: age.now < age.before ? 'fewer' : age.now > age.before ? 'more' : 'same' },
        ),
    reopen === null || previousMonth === undefined
      ? null
      : t.reopenRate(month, percentOneDecimal(reopen.now, lang), monthNameIn(previousMonth, doc.reportMonth, lang), percentOneDecimal(reopen.before, lang), reopen.now > reopen.before),
  );
  noted('openTotal');

  // 6 SLA: REPORT-8, REPORT-9, REPORT-10, REPORT-12.
  section(t.sections.sla);
  const targeted = doc.priorities.filter((p) => p.resolutionTargetHours !== null);
  let leftOut = false;
  const used = new Set<number>();
  for (const p of targeted) {
    const items = doc.criticalAndHigh.filter((c) => c.priority === p.name);
    paragraph(t.priorityCount(month, items.length, n(items.length), p.name));
    if (items.length === 0) continue;
    blocks.push({
      type: 'list',
      items: items.map((c) => {
        const description = notes.descriptions.get(c.ticketNumber) ?? c.subject?.replace(/\s+/g, ' ').trim() ?? null;
        if (notes.descriptions.has(c.ticketNumber)) used.add(c.ticketNumber);
        if (description === null || description === '') leftOut = true;
        return t.listItem(dayAndMonth(c.date, lang), c.municipality, description || t.descriptionLeftOut, outcome(c, p, t, lang, endDate));
      }),
    });
  }
  if (leftOut) paragraph(t.descriptionsLeftOut);
  chart('sla-compliance');
  blocks.push(slaTable(m, targeted, t, n, lang));
  sentences(
    ...targeted.map((p) => {
      const s = m.sla.byPriority[p.name];
      if (s === undefined || s.compliance === null) return t.complianceNone(p.name, month);
      return t.compliance(p.name, n(s.met!), n(s.met! + s.breached!), decimal(p.resolutionTargetHours!, lang), percent(s.compliance, lang));
    }),
    (() => {
      const past = openPastTarget(doc);
      if (targeted.length === 0) return null;
      if (past.length === 0) return t.noOpenPastTarget(endDate);
      return t.openPastTarget(endDate, listOf(past.map((x) => t.openPastTargetPart(x.n, n(x.n), x.priority)), lang));
    })(),
  );
  // REPORT-17: the critical and high incidents open at the as-of instant (RISK-1), when there is one.
  const risk = breachRiskOf(doc);
  if (risk !== null) {
    const when = risk.atMonthEnd ? endDate : t.dateAndTime(dayAndMonthName(risk.asOfLocal.slice(0, 10), lang), timeOfDay(risk.asOfLocal, lang));
    const open = doc.breachRisk.cases.length;
    paragraph(t.breachRisk(when, open, n(open), listOf(risk.states.map((s) => t.breachRiskPart(s.state, s.n, n(s.n))), lang)));
    const calendars = new Map(doc.priorities.map((p) => [p.name, p.calendar]));
    blocks.push({
      type: 'list',
      items: doc.breachRisk.cases.map((c) =>
        t.breachRiskItem(
          String(c.ticketNumber),
          c.priority,
          c.municipality,
          dayAndMonthName(c.dueLocal.slice(0, 10), lang),
          timeOfDay(c.dueLocal, lang),
          decimal(Math.abs(c.remainingHours), lang),
          c.state === 'breached',
          calendars.get(c.priority) === '24x7' ? 'calendar' : 'service',
        ),
      ),
    });
  }
  noted('sla');

  // 7 Resolution time: REPORT-11, REPORT-16.
  section(t.sections.resolutionTime);
  chart('resolution-time');
  const hourPriorities = doc.priorities.filter((p) => p.resolutionTargetHours !== null).map((p) => p.name);
  const dayPriorities = doc.priorities.filter((p) => p.resolutionTargetHours === null).map((p) => p.name);
  blocks.push(resolutionTable(doc, m, t, n, lang));
  sentences(
    hourPriorities.length > 0 && dayPriorities.length > 0 ? t.resolutionIntro(listOf(hourPriorities, lang), listOf(dayPriorities, lang)) : null,
    ...oldCasesLiftMean(doc).map(({ priority, figures }) => {
      const inDays = !hourPriorities.includes(priority);
      const show = (h: number) => decimal(inDays ? hoursToDays(h) : h, lang);
      return t.oldCases(priority, show(figures.meanHours), figures.meanHoursExcludingOld === null ? null : show(figures.meanHoursExcludingOld), n(figures.nOld), inDays ? 'days' : 'hours');
    }),
  );
  const mass = massClosuresOfMonth(doc);
  sentences(
    ...mass.closures.map((c) => t.massClosure(dayAndMonthName(c.localFirst.slice(0, 10), lang), n(c.tickets), timeOfDay(c.localFirst, lang), timeOfDay(c.localLast, lang))),
    ...mass.incidentPriorities.map(({ priority, figures }) => {
      const inDays = !hourPriorities.includes(priority);
      const show = (h: number) => decimal(inDays ? hoursToDays(h) : h, lang);
      const without = figures.meanHoursExcludingMassClosed;
      return t.massClosureEffect(priority, show(figures.meanHours), without === null ? null : show(without), figures.nMassClosed, n(figures.nMassClosed), inDays ? 'days' : 'hours');
    }),
  );
  noted('resolutionTime');

  // 8 Changes to figures published earlier: REPORT-13, only when an earlier publication's figures changed.
  if (doc.restatements.figures.length > 0) {
    const r = RESTATEMENT_SECTION[lang];
    section(r.title);
    for (const text of restatementSentences(doc.restatements, lang)) paragraph(text);
    paragraph(r.detailsHint);
  }

  const unusedDescriptions = [...notes.descriptions.keys()].filter((k) => !used.has(k)).sort((a, b) => a - b);
  return { lang, title: t.documentTitle(`${number} ${title}`, shortMonth(doc.reportMonth, lang)), reportMonth: doc.reportMonth, blocks, unusedDescriptions };
}

/** A notes text as paragraphs: a blank line ends one, single line breaks are spaces. */
function paragraphsOf(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '');
}

function outcome(c: CriticalOrHigh, p: PriorityTargets, t: ReportMessages, lang: ReportLanguage, endDate: string): string {
  if (c.resolved === null) return t.outcomeOpen(endDate);
  const service = p.calendar !== '24x7';
  const hours = service ? c.resolutionServiceHours : c.resolutionHours;
  if (hours === null) return t.outcomeOpen(endDate);
  return t.outcomeResolved(decimal(hours, lang), service, c.met, p.resolutionTargetHours === null ? null : decimal(p.resolutionTargetHours, lang));
}

type Count = (x: number) => string;

/** A table: its label columns (left-aligned), then its figures (right-aligned). */
function table(labels: readonly string[], figures: readonly string[], rows: readonly (readonly string[])[], lastRowIsSum: boolean): Block {
  const columns = [...labels.map((title) => ({ title, align: 'left' as const })), ...figures.map((title) => ({ title, align: 'right' as const }))];
  return { type: 'table', columns, rows, lastRowIsSum };
}

function categoryTable(m: MonthFigures, t: ReportMessages, n: Count): Block {
  const names = Object.keys(m.new.byCategory).sort();
  const rows = names.map((c) => [c, n(m.new.byClassAndCategory.incident[c] ?? 0), n(m.new.byClassAndCategory.request[c] ?? 0), n(m.new.byCategory[c]!)]);
  rows.push([t.table.sum, n(m.new.incident), n(m.new.request), n(m.new.total)]);
  return table([t.table.category], [t.table.incidents, t.table.requests, t.table.total], rows, true);
}

function municipalityTable(m: MonthFigures, t: ReportMessages, n: Count, endDate: string, lang: ReportLanguage): Block {
  const names = [...new Set([...Object.keys(m.new.byMunicipality), ...Object.keys(m.open.byMunicipality), ...Object.keys(m.open.changeByMunicipality)])].sort();
  const rows = names.map((name) => [
    name,
    n(m.new.byClassAndMunicipality.incident[name] ?? 0),
    n(m.new.byClassAndMunicipality.request[name] ?? 0),
    n(m.new.byMunicipality[name] ?? 0),
    n(m.open.byMunicipality[name] ?? 0),
    change(m.open.changeByMunicipality[name] ?? 0, lang),
  ]);
  // The sum of the changes is not a published figure: its cell is left empty.
  rows.push([t.table.sum, n(m.new.incident), n(m.new.request), n(m.new.total), n(m.open.total), '']);
  return table([t.table.municipality], [t.table.incidents, t.table.requests, t.table.total, t.table.openAtEnd(endDate), t.table.openChange], rows, true);
}

function slaTable(m: MonthFigures, targeted: readonly PriorityTargets[], t: ReportMessages, n: Count, lang: ReportLanguage): Block {
  const cell = (x: number | null) => (x === null ? t.table.none : n(x));
  const rows = targeted.map((p) => {
    const s = m.sla.byPriority[p.name];
    return [p.name, decimal(p.resolutionTargetHours!, lang), cell(s?.met ?? null), cell(s?.breached ?? null), s?.compliance == null ? t.table.none : percent(s.compliance, lang), cell(s?.openBreached ?? null)];
  });
  return table([t.table.priority], [t.table.target, t.table.met, t.table.breached, t.table.compliance, t.table.openBreached], rows, false);
}

function resolutionTable(doc: MetricsDocument, m: MonthFigures, t: ReportMessages, n: Count, lang: ReportLanguage): Block {
  const byPriority = m.resolution.incident.byPriority;
  const order = [...new Set([...doc.priorities.map((p) => p.name), ...Object.keys(byPriority).sort()])];
  const inHours = new Set(doc.priorities.filter((p) => p.resolutionTargetHours !== null).map((p) => p.name));
  const rows = order.map((p) => {
    const hours = inHours.has(p);
    const f = byPriority[p];
    const show = (h: number | null | undefined) => (h === null || h === undefined ? t.table.none : decimal(hours ? h : hoursToDays(h), lang));
    return [p, hours ? t.table.hours : t.table.days, f === undefined ? n(0) : n(f.n), show(f?.meanHours), show(f?.medianHours), f === undefined ? t.table.none : n(f.nOld), show(f?.meanHoursExcludingOld), show(f?.medianHoursExcludingOld)];
  });
  return table(
    [t.table.priority, t.table.unit],
    [t.table.resolved, t.table.mean, t.table.median, t.table.nOld, t.table.meanWithoutOld, t.table.medianWithoutOld],
    rows,
    false,
  );
}
