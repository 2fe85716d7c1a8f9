/**
 * index.html: the dashboard as one self-contained page that works offline
 * from file://. vega, vega-lite and vega-embed are inlined, the chart specs
 * sit in the page as JSON, and a Content-Security-Policy forbids every
 * connection, so the page cannot reach the network even by mistake.
 *
 * The page is a pure function of the metrics document: the same document
 * gives the same bytes (no clock, no randomness). Every piece of text that
 * comes from the data (municipality, priority, status, category, subject,
 * file names) is HTML-escaped; the specs are JSON with `<` escaped, so no
 * value can close its script element.
 */
import { DateTime } from 'luxon';
import type { Chart } from '../metrics/charts/index.ts';
import { formatNumber, formatPercent, type ChartLanguage } from '../metrics/charts/i18n.ts';
import type { MetricsDocument, MonthFigures, ResolutionFigures } from '../metrics/document.ts';
import { FINDING_RULE_NAMES, type FindingRule } from '../transform/index.ts';
import { RESTATEMENT_SECTION, restatementRows, restatementSentences } from '../publications/sentences.ts';
import type { BrowserLibraries } from './assets.ts';
import { PAGE_TEXTS, type PageTexts } from './i18n.ts';
import { PAGE_CSS } from './page-style.ts';

export interface PageInput {
  readonly doc: MetricsDocument;
  readonly charts: readonly Chart[];
  readonly lang: ChartLanguage;
  /** The rules' time zone: instants are shown as its local time. */
  readonly timeZone: string;
  readonly libraries: BrowserLibraries;
  /** The psa version, for the footer. */
  readonly version: string;
}

/** Text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a script element: nothing in it can end the element or start a comment. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A library's code made safe inside a script element (a `</script` in a string literal would end it). */
function scriptCode(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** Only these: no connection of any kind, no outside scripts, styles, fonts or images. Vega compiles its expressions with `new Function`. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:";

export function dashboardHtml(input: PageInput): string {
  const { doc, lang } = input;
  const t = PAGE_TEXTS[lang];
  const f = new Format(lang, input.timeZone);
  const month = f.month(doc.reportMonth);
  const windowText = `${f.month(doc.window[0]!)}–${month}`;
  const sections = [
    keyFigures(doc, t, f),
    massClosures(doc, t, f),
    restatementsSection(doc, lang),
    charts(input.charts, t),
    resolutionTable(doc, t, f),
    responseTable(doc, t, f),
    criticalAndHigh(doc, t, f),
    breaches(doc, t, f),
    breachRisk(doc, t, f),
    oldestOpen(doc, t, f),
    dataQuality(doc, t, f),
    provenance(doc, t, f, input.version),
  ];
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title(month))}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(t.title(month))}</h1>
<p>${escapeHtml(t.intro(windowText, f.instant(doc.asOf)))}</p>
</header>
<main>
${sections.join('\n')}
</main>
${input.charts.map((c) => `<script type="application/json" id="spec-${c.name}">${scriptJson(c.spec)}</script>`).join('\n')}
<script>${scriptCode(input.libraries.vega)}</script>
<script>${scriptCode(input.libraries.vegaLite)}</script>
<script>${scriptCode(input.libraries.vegaEmbed)}</script>
<script>${renderScript(t)}</script>
</body>
</html>
`;
}

/** Draws each chart into its container; a chart that fails says so in place and on the console. */
function renderScript(t: PageTexts): string {
  return `
(async () => {
  for (const view of document.querySelectorAll('[data-spec]')) {
    const spec = JSON.parse(document.getElementById(view.dataset.spec).textContent);
    try {
      await vegaEmbed(view, spec, { actions: false, renderer: 'svg' });
      view.dataset.rendered = 'true';
    } catch (error) {
      view.textContent = ${scriptJson(t.chartFailed)} + ': ' + error.message;
      console.error(error);
    }
  }
  document.body.dataset.charts = 'done';
})();
`;
}

/** Numbers, changes, months and instants in the page's language. */
class Format {
  constructor(
    readonly lang: ChartLanguage,
    private readonly zone: string,
  ) {}

  /** A count with thousands grouped: "1 456" / "1,456". */
  count(n: number): string {
    const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, this.lang === 'nb' ? '\u00a0' : ',');
    return (n < 0 ? this.minus : '') + digits;
  }

  get minus(): string {
    return this.lang === 'nb' ? '−' : '-';
  }

  /** A signed change: "+12", "−3", "+1,5 t" with `magnitude` formatting its size; null when zero. */
  change(n: number, magnitude: (size: number) => string = (size) => this.count(size)): string | null {
    if (n === 0) return null;
    return `${n > 0 ? '+' : this.minus}${magnitude(Math.abs(n))}`;
  }

  hours(h: number): string {
    return formatNumber(h, this.lang, 1);
  }

  percent(fraction: number): string {
    return formatPercent(fraction, this.lang);
  }

  /** "oktober 2024" / "October 2024". */
  month(month: string): string {
    return `${PAGE_TEXTS[this.lang].months[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
  }

  /** A local date `YYYY-MM-DD` as "18.10.2024" / "2024-10-18". */
  date(date: string): string {
    return this.lang === 'nb' ? `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}` : date;
  }

  /** A UTC instant as local time in the rules' zone. */
  instant(iso: string): string {
    return DateTime.fromISO(iso, { zone: 'utc' })
      .setZone(this.zone)
      .toFormat(this.lang === 'nb' ? 'dd.MM.yyyy HH:mm' : 'yyyy-MM-dd HH:mm');
  }
}

function card(id: string, label: string, value: string, change: string | null, since: string, noChange: string, detail: string): string {
  return `<div class="card" data-figure="${escapeHtml(id)}">
<h3>${escapeHtml(label)}</h3>
<p class="value">${escapeHtml(value)}</p>
<p class="change">${escapeHtml(change === null ? `${noChange} ${since}` : `${change} ${since}`)}</p>
<p class="detail">${escapeHtml(detail)}</p>
</div>`;
}

function keyFigures(doc: MetricsDocument, t: PageTexts, f: Format): string {
  const now = doc.monthly.at(-1)!;
  const before = doc.monthly.at(-2)!;
  const since = t.sinceLastMonth(f.month(before.month));
  const counted = (id: string, label: string, pick: (m: MonthFigures) => number, detail = '') =>
    card(id, label, f.count(pick(now)), f.change(pick(now) - pick(before)), since, t.noChange, detail);
  const cards = [
    counted('new', t.newTickets, (m) => m.new.total, t.newDetail(f.count(now.new.incident), f.count(now.new.request), f.count(now.new.securityAlerts))),
    counted('open-incidents', t.openIncidents, (m) => m.open.incident),
    counted('open-requests', t.openRequests, (m) => m.open.request),
    counted('open-total', t.openTotal, (m) => m.open.total),
    counted('adjustment', t.adjustment, (m) => m.open.adjustment, t.adjustmentDetail(f.count(now.open.naiveTotal))),
  ];
  for (const p of doc.priorities.filter((p) => p.resolutionTargetHours !== null)) {
    const s = now.sla.byPriority[p.name]!;
    const b = before.sla.byPriority[p.name]!;
    const points = s.compliance !== null && b.compliance !== null ? Math.round((s.compliance - b.compliance) * 100) : null;
    cards.push(
      card(
        `sla-${p.name}`,
        t.slaCompliance(p.name),
        s.compliance === null ? '–' : f.percent(s.compliance),
        points === null ? '–' : f.change(points, (size) => `${f.count(size)} ${t.percentagePoints}`),
        since,
        t.noChange,
        s.compliance === null ? t.noResolved(s.openBreached!) : t.slaDetail(s.met!, s.met! + s.breached!, s.openBreached!),
      ),
    );
  }
  for (const p of doc.priorities.filter((p) => p.resolutionTargetHours !== null)) {
    const r = now.resolution.incident.byPriority[p.name];
    const b = before.resolution.incident.byPriority[p.name];
    const change = r !== undefined && b !== undefined ? Math.round((r.meanHours - b.meanHours) * 10) / 10 : null;
    cards.push(
      card(
        `resolution-${p.name}`,
        t.resolutionTime(p.name),
        r === undefined ? '–' : `${f.hours(r.meanHours)} ${t.hoursUnit}`,
        change === null ? '–' : f.change(change, (size) => `${f.hours(size)} ${t.hoursUnit}`),
        since,
        t.noChange,
        r === undefined ? t.noResolution : t.resolutionDetail(`${f.hours(r.medianHours)} ${t.hoursUnit}`, r.n),
      ),
    );
  }
  return `<section id="key-figures">
<h2>${escapeHtml(t.keyFigures)}: ${escapeHtml(f.month(now.month))}</h2>
<div class="cards">
${cards.join('\n')}
</div>
</section>`;
}

function charts(list: readonly Chart[], t: PageTexts): string {
  const figures = list.map(
    (c) => `<figure class="chart" id="chart-${c.name}">
<div class="view" data-spec="spec-${c.name}"></div>
<figcaption>${escapeHtml(t.download)}: <a href="${c.name}.png">PNG</a> · <a href="${c.name}.svg">SVG</a> · <a href="${c.name}.vl.json">Vega-Lite</a></figcaption>
</figure>`,
  );
  return `<section id="charts">
<h2>${escapeHtml(t.charts)}</h2>
${figures.join('\n')}
</section>`;
}

/** "Endringer i tidligere publiserte tall": a sentence per restated month, and every changed figure in a table. */
function restatementsSection(doc: MetricsDocument, lang: ChartLanguage): string {
  const r = RESTATEMENT_SECTION[lang];
  const { restatements } = doc;
  const sentences = restatementSentences(restatements, lang);
  const body =
    restatements.against.length === 0
      ? `<p class="empty">${escapeHtml(r.nothingPublished)}</p>`
      : sentences.length === 0
        ? `<p class="empty">${escapeHtml(r.none)}</p>`
        : `${sentences.map((s) => `<p class="restatement">${escapeHtml(s)}</p>`).join('\n')}
<details>
<summary>${escapeHtml(r.tableSummary(restatements.figures.length))}</summary>
${table('restatements-table', r.columns, restatementRows(restatements, lang).map(([month, figure, published, now, change, why]) => [month!, figure!, { n: published! }, { n: now! }, { n: change! }, why!]), r.none)}
<p>${escapeHtml(r.detailsHint)}</p>
</details>`;
  return `<section id="restatements">
<h2>${escapeHtml(r.title)}</h2>
${body}
</section>`;
}

/** A table; cells are escaped here. A row's cells may be marked numeric for right alignment. */
function table(id: string, headers: readonly string[], rows: readonly (readonly (string | { n: string })[])[], empty: string): string {
  if (rows.length === 0) return `<p class="empty" id="${id}">${escapeHtml(empty)}</p>`;
  const cell = (c: string | { n: string }) => (typeof c === 'string' ? `<td>${escapeHtml(c)}</td>` : `<td class="num">${escapeHtml(c.n)}</td>`);
  return `<table id="${id}">
<thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('\n')}
</tbody>
</table>`;
}

function resolutionTable(doc: MetricsDocument, t: PageTexts, f: Format): string {
  const now = doc.monthly.at(-1)!;
  const c = t.columns;
  const hours = (h: number | null) => ({ n: h === null ? '–' : f.hours(h) });
  const rows = (['incident', 'request'] as const).flatMap((cls) => {
    const byPriority = now.resolution[cls].byPriority;
    const names = [...doc.priorities.map((p) => p.name).filter((p) => p in byPriority), ...Object.keys(byPriority).filter((p) => !doc.priorities.some((q) => q.name === p))];
    return names.map((p) => {
      const r: ResolutionFigures = byPriority[p]!;
      return [t.classes[cls], p, { n: f.count(r.n) }, hours(r.meanHours), hours(r.medianHours), hours(r.p90Hours), hours(r.meanServiceHours), { n: f.count(r.nOld) }, hours(r.meanHoursExcludingOld)];
    });
  });
  return `<section id="resolution">
<h2>${escapeHtml(t.resolutionTable)}: ${escapeHtml(f.month(now.month))}</h2>
<p>${escapeHtml(t.resolutionTableIntro)}</p>
${table('resolution-table', [c.cls, c.priority, c.n, c.mean, c.median, c.p90, c.meanService, c.nOld, c.meanExcludingOld], rows, t.none)}
</section>`;
}

/** QUALITY-1: a notice for each window month that holds a mass closure, with DUR-2's means without its tickets. */
function massClosures(doc: MetricsDocument, t: PageTexts, f: Format): string {
  const notices = doc.dataQuality.massClosures.map((c) => {
    const m = doc.monthly.find((x) => x.month === c.month);
    const effects = m === undefined
      ? []
      : (['incident', 'request'] as const).flatMap((cls) =>
          Object.entries(m.resolution[cls].byPriority)
            .filter(([, r]) => r.nMassClosed > 0)
            .map(([p, r]) => t.massClosureEffect(t.classes[cls], p, f.hours(r.meanHours), r.meanHoursExcludingMassClosed === null ? null : f.hours(r.meanHoursExcludingMassClosed), r.nMassClosed)),
        );
    const local = (text: string) => `${f.date(text.slice(0, 10))} ${text.slice(11, 16)}`;
    // The date once when the burst ends on the day it began.
    const to = c.localLast.slice(0, 10) === c.localFirst.slice(0, 10) ? c.localLast.slice(11, 16) : local(c.localLast);
    return `<div class="notice mass-closure" data-month="${escapeHtml(c.month)}">
<p>${escapeHtml(t.massClosure(f.month(c.month), f.count(c.tickets), local(c.localFirst), to))}</p>
${effects.length === 0 ? '' : `<ul>${effects.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>`}
</div>`;
  });
  return `<section id="mass-closures">
<h2>${escapeHtml(t.massClosures)}</h2>
${notices.length === 0 ? `<p class="empty">${escapeHtml(t.noMassClosure)}</p>` : notices.join('\n')}
</section>`;
}

/** RESP-1 of the report month per priority, beside SLA-3's response compliance. */
function responseTable(doc: MetricsDocument, t: PageTexts, f: Format): string {
  const now = doc.monthly.at(-1)!;
  const c = t.columns;
  const b = t.backlogColumns;
  const hours = (h: number) => ({ n: f.hours(h) });
  const body =
    now.response === null
      ? `<p class="empty" id="response-table">${escapeHtml(t.notAvailable('RESP-1', doc.notAvailable['RESP-1'] ?? ''))}</p>`
      : table(
          'response-table',
          [c.priority, c.n, c.mean, c.median, c.p90, b.meanService, b.medianService, b.p90Service, b.responseCompliance],
          Object.entries(now.response.byPriority).map(([p, r]) => [
            p,
            { n: f.count(r.n) },
            hours(r.meanHours),
            hours(r.medianHours),
            hours(r.p90Hours),
            hours(r.meanServiceHours),
            hours(r.medianServiceHours),
            hours(r.p90ServiceHours),
            { n: r.responseCompliance === null ? '–' : f.percent(r.responseCompliance) },
          ]),
          t.none,
        );
  return `<section id="response">
<h2>${escapeHtml(t.response(f.month(now.month)))}</h2>
<p>${escapeHtml(t.responseIntro)}</p>
${body}
</section>`;
}

/** RISK-1: the open critical and high incidents at the as-of instant, when there are any. */
function breachRisk(doc: MetricsDocument, t: PageTexts, f: Format): string {
  const c = t.columns;
  const rows = doc.breachRisk.cases.map((r) => [
    { n: String(r.ticketNumber) },
    r.priority,
    r.municipality,
    f.instant(r.created),
    f.instant(r.due),
    { n: f.hours(r.remainingHours) },
    t.riskStates[r.state],
  ]);
  return `<section id="breach-risk">
<h2>${escapeHtml(t.breachRisk(f.instant(doc.breachRisk.asOf)))}</h2>
${rows.length === 0 ? `<p class="empty" id="breach-risk-table">${escapeHtml(t.noBreachRisk)}</p>` : `<p>${escapeHtml(t.breachRiskIntro)}</p>
${table('breach-risk-table', [c.ticket, c.priority, c.municipality, c.created, c.due, t.backlogColumns.remaining, c.state], rows, t.noBreachRisk)}`}
</section>`;
}

/** AGE-1: the oldest open cases at the end of the report month; never a subject. */
function oldestOpen(doc: MetricsDocument, t: PageTexts, f: Format): string {
  const c = t.columns;
  const b = t.backlogColumns;
  const end = doc.monthly.at(-1)!.month;
  const rows = doc.oldestOpen.map((o) => [{ n: String(o.ticketNumber) }, { n: f.count(o.ageDays) }, o.municipality, o.category, o.priority ?? '–']);
  return `<section id="oldest-open">
<h2>${escapeHtml(t.oldestOpen(f.month(end)))}</h2>
<p>${escapeHtml(t.oldestOpenIntro)}</p>
${table('oldest-open-table', [c.ticket, b.ageDays, c.municipality, b.category, c.priority], rows, t.none)}
</section>`;
}

function criticalAndHigh(doc: MetricsDocument, t: PageTexts, f: Format): string {
  const c = t.columns;
  const withSubjects = doc.criticalAndHigh.some((i) => i.subject !== null);
  const rows = doc.criticalAndHigh.map((i) => [
    f.date(i.date),
    { n: String(i.ticketNumber) },
    i.priority,
    i.municipality,
    ...(withSubjects ? [i.subject ?? ''] : []),
    i.status,
    i.resolved === null ? t.open : f.instant(i.resolved),
    { n: i.resolutionHours === null ? '–' : f.hours(i.resolutionHours) },
    { n: i.resolutionServiceHours === null ? '–' : f.hours(i.resolutionServiceHours) },
    i.met === null ? '–' : i.met ? t.yes : t.no,
  ]);
  const headers = [c.date, c.ticket, c.priority, c.municipality, ...(withSubjects ? [c.subject] : []), c.status, c.resolved, c.hours, c.serviceHours, c.met];
  return `<section id="critical-and-high">
<h2>${escapeHtml(t.criticalAndHigh)}</h2>
<p>${escapeHtml(t.criticalAndHighIntro(f.month(doc.reportMonth)))}</p>
${table('critical-and-high-table', headers, rows, t.none)}
</section>`;
}

function breaches(doc: MetricsDocument, t: PageTexts, f: Format): string {
  const c = t.columns;
  const withSubjects = doc.slaBreaches.some((b) => b.subject !== null);
  const rows = doc.slaBreaches.map((b) => [
    { n: String(b.ticketNumber) },
    b.priority,
    b.municipality,
    ...(withSubjects ? [b.subject ?? ''] : []),
    f.instant(b.created),
    f.instant(b.due),
    t.breachStates[b.state],
    b.resolved === null ? '–' : f.instant(b.resolved),
    { n: b.resolutionServiceHours === null ? '–' : f.hours(b.resolutionServiceHours) },
  ]);
  const headers = [c.ticket, c.priority, c.municipality, ...(withSubjects ? [c.subject] : []), c.created, c.due, c.state, c.resolved, c.serviceHours];
  return `<section id="sla-breaches">
<h2>${escapeHtml(t.breaches)}</h2>
<p>${escapeHtml(t.breachesIntro(f.month(doc.reportMonth)))}</p>
${table('sla-breaches-table', headers, rows, t.none)}
</section>`;
}

function dataQuality(doc: MetricsDocument, t: PageTexts, f: Format): string {
  const c = t.columns;
  const now = doc.dataQuality.byMonth.at(-1)!;
  // The rules in FINDING_RULES' order; a name this psa does not know (from a newer one) after them.
  const rank = (rule: string) => {
    const i = FINDING_RULE_NAMES.indexOf(rule as FindingRule);
    return i < 0 ? FINDING_RULE_NAMES.length : i;
  };
  const rules = Object.keys(doc.dataQuality.byRule).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const ruleRows = rules.map((r) => [r, t.rules[r as FindingRule] ?? '', { n: f.count(doc.dataQuality.byRule[r]!) }, { n: f.count(now.byRule[r] ?? 0) }]);
  const monthRows = doc.dataQuality.byMonth.map((m, i) => {
    const findings = Object.values(m.byRule).reduce((a, b) => a + b, 0);
    return [f.month(m.month), { n: f.count(m.byRule.MISSING_RESOLVED_DATE ?? 0) }, { n: f.count(doc.monthly[i]!.open.adjustment) }, { n: f.count(findings) }];
  });
  return `<section id="data-quality">
<h2>${escapeHtml(t.dataQuality)}</h2>
<p>${escapeHtml(t.dataQualityIntro)}</p>
<h3>${escapeHtml(t.findingsByRule)}</h3>
${table('findings-by-rule', [c.rule, c.meaning, c.allTickets, t.createdIn(f.month(now.month))], ruleRows, t.none)}
<h3>${escapeHtml(t.repairedByMonth)}</h3>
<p>${escapeHtml(t.repairedIntro)}</p>
${table('repaired-by-month', [c.month, c.repaired, t.adjustment, c.findings], monthRows, t.none)}
</section>`;
}

function provenance(doc: MetricsDocument, t: PageTexts, f: Format, version: string): string {
  const p = t.provenanceLines;
  const exports = doc.provenance.exports.map((e) => `<li>${escapeHtml(p.exports)}: ${escapeHtml(e.file)} (${escapeHtml(f.count(e.rows))} ${escapeHtml(p.rows)}, SHA-256 <code>${escapeHtml(e.sha256)}</code>)</li>`);
  return `<footer id="provenance">
<h2>${escapeHtml(t.provenance)}</h2>
<ul>
${exports.join('\n')}
<li>${escapeHtml(p.rules)}: <code>${escapeHtml(doc.provenance.rulesSha256)}</code></li>
<li>${escapeHtml(p.asOf)}: ${escapeHtml(f.instant(doc.asOf))}</li>
<li>${escapeHtml(p.schema)}: ${doc.schemaVersion}</li>
</ul>
<p>${escapeHtml(p.madeBy(version))}</p>
</footer>`;
}
