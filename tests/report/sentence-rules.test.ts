/**
 * One small hand-built case per sentence rule of report/README.md: each
 * starts from the sample's October 2024 document (the metrics golden file)
 * and changes only the figures the rule reads, then checks both the rule's
 * answer and the sentence in the written text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MetricsDocument, MonthFigures } from '../../metrics/document.ts';
import { buildReport } from '../../report/content.ts';
import { reportMarkdown } from '../../report/markdown.ts';
import { NO_NOTES, type ReportNotes } from '../../report/notes.ts';
import {
  breachRiskOf,
  backlogAge,
  fallingSince,
  higherThanNormal,
  largestOpenChange,
  massClosuresOfMonth,
  oldCasesLiftMean,
  openPastTarget,
  reopenRateMove,
  repairNote,
  resolvedMoreThanNew,
  securityAlertRise,
  trendDirection,
} from '../../report/sentence-rules.ts';
import { ROOT } from '../helpers.ts';

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
type Doc = Mutable<MetricsDocument>;

const SAMPLE: MetricsDocument = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'golden', 'metrics', 'metrics.golden.json'), 'utf8'));
const sample = (): Doc => structuredClone(SAMPLE) as Doc;
const last = (doc: Doc) => doc.monthly[doc.monthly.length - 1]!;
const previous = (doc: Doc) => doc.monthly[doc.monthly.length - 2]!;
const text = (doc: Doc, notes: ReportNotes = NO_NOTES, lang: 'nb' | 'en' = 'nb') => reportMarkdown(buildReport(doc, { lang, notes })).replace(/\u00a0/g, ' ');

describe('REPORT-1: the repair note', () => {
  it('appears with the range of adjustments and "alle 13 månedene" when every month was adjusted', () => {
    expect(repairNote(sample())).toEqual({ months: 13, windowMonths: 13, min: 22, max: 24, down: true });
    expect(text(sample())).toContain('justert ned med ca. 22–24 saker');
  });

  it('is left out when every month’s adjustment is 0', () => {
    const doc = sample();
    for (const m of doc.monthly) m.open.adjustment = 0;
    expect(repairNote(doc)).toBeNull();
    expect(text(doc)).not.toContain('justert');
  });

  it('names how many months it concerns when not all, and one figure when they are equal', () => {
    const doc = sample();
    doc.monthly.forEach((m, i) => (m.open.adjustment = i < 3 ? 5 : 0));
    expect(text(doc)).toContain('justert ned med ca. 5 saker, fordi det ble funnet saker som lå uten registrert løst dato. Dette gjelder 3 av de 13 månedene.');
  });
});

describe('REPORT-2: the municipality with the largest change in open cases', () => {
  it('is the largest change by size', () => {
    expect(largestOpenChange(sample())).toEqual({ municipality: 'Hustadvika', change: -55 });
  });

  it('takes a rise as well, and the first name on a tie', () => {
    const doc = sample();
    last(doc).open.changeByMunicipality = { Molde: 7, Aukra: -7, Rauma: 2 };
    expect(largestOpenChange(doc)).toEqual({ municipality: 'Aukra', change: -7 });
    last(doc).open.changeByMunicipality = { Molde: 7 };
    expect(text(doc)).toContain('er i Molde, der antall åpne saker har blitt økt med 7.');
  });

  it('is left out when no municipality changed', () => {
    const doc = sample();
    last(doc).open.changeByMunicipality = { Molde: 0 };
    expect(largestOpenChange(doc)).toBeNull();
    expect(text(doc)).not.toContain('Den største endringen');
    expect(text(doc)).toContain('Antall åpne saker er uendret siden forrige måned i alle kommuner.');
  });
});

describe('REPORT-3: the security-alert rise', () => {
  it('appears above a 25 % rise, with "en betydelig del" when alerts are at least 10 % of the new tickets', () => {
    expect(securityAlertRise(sample())).toEqual({ before: 176, now: 280, significant: true, total: 1456 });
    expect(text(sample())).toContain('fra 176 til 280, og utgjør en betydelig del av henvendelsene inn til Kundeservice (280 av 1 456).');
  });

  it('is left out at a rise of 25 % exactly, and without the share clause below 10 %', () => {
    const doc = sample();
    previous(doc).new.securityAlerts = 224; // 280 = 224 × 1.25
    expect(securityAlertRise(doc)).toBeNull();
    expect(text(doc)).not.toContain('sterkt økende');
    previous(doc).new.securityAlerts = 100;
    last(doc).new.securityAlerts = 140;
    expect(securityAlertRise(doc)).toMatchObject({ significant: false });
    expect(text(doc)).toContain('fra 100 til 140.');
  });

  it('counts a rise from none', () => {
    const doc = sample();
    previous(doc).new.securityAlerts = 0;
    expect(securityAlertRise(doc)).toMatchObject({ before: 0, now: 280 });
  });
});

describe('REPORT-4: "higher than normal"', () => {
  it('calls a category higher than normal only above 25 % over its mean of the 12 months before', () => {
    expect(higherThanNormal(sample())).toEqual(['Infrastruktur']);
    const doc = sample();
    const earlier = doc.monthly.slice(0, -1);
    for (const m of earlier) m.new.byCategory['Skole'] = 40;
    last(doc).new.byCategory['Skole'] = 50; // exactly 1.25 × 40: not higher
    expect(higherThanNormal(doc)).not.toContain('Skole');
    last(doc).new.byCategory['Skole'] = 51;
    expect(higherThanNormal(doc)).toContain('Skole');
    expect(text(doc)).toContain('Kategorien Skole har vært høyere enn normalt i oktober.');
  });

  it('leaves the clause out of the alert sentence when the alerts’ category is not higher than normal', () => {
    const doc = sample();
    for (const m of doc.monthly) m.new.byCategory['Infrastruktur'] = 377;
    expect(text(doc)).toContain('Dette vises under kategori Infrastruktur.');
  });
});

describe('REPORT-5: resolved against new', () => {
  it('says "løse flere feil enn det som har kommet inn" only when more were resolved than came in', () => {
    const doc = sample();
    expect(resolvedMoreThanNew(doc, 'incident')).toEqual({ resolved: 761, created: 744, relation: 'more' });
    last(doc).resolved.incident = 744;
    expect(resolvedMoreThanNew(doc, 'incident').relation).toBe('same');
    expect(text(doc)).toContain('I oktober har vi løst like mange feil som det som har kommet inn (744).');
    last(doc).resolved.incident = 700;
    expect(text(doc)).toContain('I oktober har det kommet inn flere feil enn vi har løst (744 nye, 700 løst).');
    expect(text(doc)).not.toContain('greid å løse flere feil');
  });
});

describe('REPORT-6: the trend word', () => {
  it('is "synkende" below −0.5 a month, "stigende" above 0.5, else "stabil"', () => {
    expect(trendDirection({ slopePerMonth: -0.51, fallingSince: null })).toBe('falling');
    expect(trendDirection({ slopePerMonth: -0.5, fallingSince: null })).toBe('stable');
    expect(trendDirection({ slopePerMonth: 0.5, fallingSince: null })).toBe('stable');
    expect(trendDirection({ slopePerMonth: 0.6, fallingSince: null })).toBe('rising');
    const doc = sample();
    doc.trends.openIncident.slopePerMonth = 0.6;
    expect(text(doc)).toContain('var 80, med en stigende trend.');
    // Requests still fall: no "også".
    expect(text(doc)).toContain('Trenden for forespørsler er synkende.');
  });
});

describe('REPORT-7: "synkende siden"', () => {
  it('names TREND-1’s fallingSince month when the total is below the month before it', () => {
    expect(fallingSince(sample(), 'openTotal')).toEqual({ kind: 'since', month: '2024-08' });
  });

  it('says the count rose when fallingSince is null, and fell last month when only the report month fell', () => {
    const doc = sample();
    doc.trends.openTotal.fallingSince = null;
    expect(text(doc)).toContain('men antallet økte siste måned.');
    doc.trends.openTotal.fallingSince = '2024-10';
    expect(fallingSince(doc, 'openTotal')).toEqual({ kind: 'lastMonth' });
    expect(text(doc)).toContain('og antallet gikk ned siste måned.');
  });

  it('says nothing of since when the series is flat, and names the year of a month in the year before', () => {
    const doc = sample();
    for (const m of doc.monthly) m.open.total = 300;
    doc.trends.openTotal = { slopePerMonth: 0, fallingSince: doc.window[0]! };
    expect(fallingSince(doc, 'openTotal')).toBeNull();
    expect(text(doc)).toContain('ved slutten av oktober. Trenden er stabil.');
    const earlier = sample();
    earlier.trends.openTotal.fallingSince = '2023-12';
    earlier.monthly[1]!.open.total = 500;
    expect(text(earlier)).toContain('Trenden er synkende siden desember 2023.');
  });
});

describe('REPORT-8, REPORT-12: the critical and high list', () => {
  it('says there were none of a priority', () => {
    const doc = sample();
    doc.criticalAndHigh = doc.criticalAndHigh.filter((c) => c.priority !== 'Kritisk');
    expect(text(doc)).toContain('I oktober hadde vi ingen hendelser med kritisk prioritet.');
    expect(text(doc)).toContain('I oktober hadde vi 2 hendelser med høy prioritet:');
  });

  it('leaves out the privacy sentence when every item has a description', () => {
    const notes: ReportNotes = { ...NO_NOTES, descriptions: new Map(SAMPLE.criticalAndHigh.map((c) => [c.ticketNumber, `Sak ${c.priority}`])) };
    const written = text(sample(), notes);
    expect(written).not.toContain('beskrivelse utelatt');
    expect(written).not.toContain('Beskrivelsene er utelatt');
    expect(written).toContain('- 11.10 – Molde – Sak Kritisk (løst på 1,65 timer i åpningstiden, innenfor målet på 2 timer)');
  });

  it('says when an incident is still open', () => {
    const doc = sample();
    Object.assign(doc.criticalAndHigh[0]!, { resolved: null, resolutionHours: null, resolutionServiceHours: null, met: null });
    expect(text(doc)).toContain('- 11.10 – Molde – beskrivelse utelatt (åpen per 31. oktober)');
  });
});

describe('REPORT-9, REPORT-10: compliance and open incidents past their target', () => {
  it('states compliance with its counts, and none when nothing was resolved', () => {
    const doc = sample();
    expect(text(doc)).toContain('Kritisk: 1 av 2 løst innenfor målet på 2 timer (50 %).');
    Object.assign(last(doc).sla.byPriority['Kritisk']!, { met: 0, breached: 0, compliance: null });
    expect(text(doc)).toContain('Kritisk: ingen hendelser løst i oktober.');
  });

  it('names open incidents past their target only when there are some', () => {
    const doc = sample();
    expect(openPastTarget(doc)).toEqual([]);
    expect(text(doc)).toContain('Ingen åpne hendelser var over fristen per 31. oktober.');
    last(doc).sla.byPriority['Høy']!.openBreached = 1;
    expect(text(doc)).toContain('Per 31. oktober var 1 hendelse med høy prioritet åpne og over fristen.');
  });
});

describe('REPORT-11: old cases lift the mean', () => {
  it('appears when old cases lift the mean by more than 50 %', () => {
    expect(oldCasesLiftMean(sample()).map((x) => x.priority)).toEqual(['Normal']);
    expect(text(sample())).toContain('for prioritet Normal er snittet 10,83 dager med de 10 gamle sakene og 2,29 dager uten dem.');
  });

  it('is left out at a lift of 50 % or less, and without old cases', () => {
    const doc = sample();
    const normal = last(doc).resolution.incident.byPriority['Normal']!;
    normal.meanHours = 150;
    normal.meanHoursExcludingOld = 100;
    expect(oldCasesLiftMean(doc)).toEqual([]);
    expect(text(doc)).not.toContain('Gamle saker som blir løst');
    normal.meanHours = 1000;
    normal.nOld = 0;
    expect(oldCasesLiftMean(doc)).toEqual([]);
  });

  it('says so when every case was old', () => {
    const doc = sample();
    Object.assign(last(doc).resolution.incident.byPriority['Lav']!, { nOld: 70, meanHoursExcludingOld: null, medianHoursExcludingOld: null });
    expect(text(doc)).toContain('alle løste hendelser med prioritet Lav var gamle saker (70), med et snitt på 7,97 dager.');
  });
});

describe('the text in English', () => {
  it('follows the same rules', () => {
    const doc = sample();
    for (const m of doc.monthly) m.open.adjustment = 0;
    const written = text(doc, NO_NOTES, 'en');
    expect(written).not.toContain('adjusted');
    expect(written).toContain('In October we resolved more incidents than came in (761 resolved, 744 new).');
  });
});

describe('REPORT-13: changes to figures published earlier (RESTATE-1)', () => {
  const restated = (): Doc => {
    const doc = sample();
    Object.assign(doc, {
      restatements: {
        against: [{ reportMonth: '2024-09', version: 1, asOf: '2024-09-30T22:00:00.000Z', rulesChanged: false, months: ['2024-09'] }],
        figures: [
          {
            month: '2024-09', figure: 'open.total', path: ['open', 'total'], published: 428, value: 431, difference: 3, count: true,
            publishedIn: { reportMonth: '2024-09', version: 1 }, rulesChanged: false,
            reasons: [{ reason: 'reopened', tickets: 2, contribution: 2 }, { reason: 'registered_late', tickets: 1, contribution: 1 }],
          },
        ],
      },
    });
    return doc;
  };

  it('has no such sub-section when no published figure changed', () => {
    expect(text(sample())).not.toContain('Endringer i tidligere publiserte tall');
  });

  it('says which figures changed, by how much and why, in the sub-section of its own', () => {
    const written = text(restated());
    expect(written).toContain('Endringer i tidligere publiserte tall');
    expect(written).toContain('428 → 431 (+3)');
    expect(written).toContain('2 saker gjenåpnet');
    expect(written).toContain('psa changes');
    expect(text(restated(), NO_NOTES, 'en')).toContain('Changes to figures published earlier');
  });
});

describe('REPORT-14: the age of the backlog (AGE-1)', () => {
  it('counts the open cases older than 90 days and compares with the month before', () => {
    const doc = sample();
    const older = (m: MonthFigures) => m.open.byAge['91-365']! + m.open.byAge['366+']!;
    expect(backlogAge(doc)).toEqual({ olderThanDays: 90, now: older(last(doc)), before: older(previous(doc)) });
    Object.assign(last(doc).open.byAge, { '91-365': 70, '366+': 30 });
    Object.assign(previous(doc).open.byAge, { '91-365': 80, '366+': 32 });
    expect(text(doc)).toContain('Per 31. oktober var det 100 åpne saker eldre enn 90 dager, 12 færre enn ved forrige månedsslutt.');
    expect(text(doc, NO_NOTES, 'en')).toContain('On 31 October, 100 open cases were older than 90 days, 12 fewer than at the end of the month before.');
  });

  it('says "flere" on a rise, "like mange" when unchanged, and one case in the singular', () => {
    const doc = sample();
    Object.assign(last(doc).open.byAge, { '91-365': 1, '366+': 0 });
    Object.assign(previous(doc).open.byAge, { '91-365': 0, '366+': 0 });
    expect(text(doc)).toContain('Per 31. oktober var det 1 åpen sak eldre enn 90 dager, 1 flere enn ved forrige månedsslutt.');
    Object.assign(previous(doc).open.byAge, { '91-365': 1 });
    expect(text(doc)).toContain('Per 31. oktober var det 1 åpen sak eldre enn 90 dager, like mange som ved forrige månedsslutt.');
    Object.assign(last(doc).open.byAge, { '91-365': 0 });
    Object.assign(previous(doc).open.byAge, { '91-365': 0 });
    expect(text(doc)).toContain('Per 31. oktober var det ingen åpne saker eldre enn 90 dager.');
  });

  it('follows the configured buckets, and is left out when no bucket starts above 90 days', () => {
    const doc = sample();
    last(doc).open.byAge = { '0-29': 5, '30-119': 4, '120+': 3 };
    previous(doc).open.byAge = { '0-29': 5, '30-119': 4, '120+': 3 };
    expect(backlogAge(doc)).toEqual({ olderThanDays: 119, now: 3, before: 3 });
    last(doc).open.byAge = { '0-29': 5, '30+': 4 };
    expect(backlogAge(doc)).toBeNull();
    expect(text(doc)).not.toContain('eldre enn');
  });
});

describe('REPORT-15: the reopen rate when it moves by more than 2 percentage points (REOPEN-1)', () => {
  it('is left out when the sample\'s rate moved less', () => {
    const doc = sample();
    expect(Math.abs(last(doc).resolved.reopenRate!.total! - previous(doc).resolved.reopenRate!.total!)).toBeLessThan(0.02);
    expect(reopenRateMove(doc)).toBeNull();
    expect(text(doc)).not.toContain('gjenåpnede');
  });

  it('appears above 2 points, not at exactly 2, in either direction', () => {
    const doc = sample();
    previous(doc).resolved.reopenRate!.total = 0.015;
    last(doc).resolved.reopenRate!.total = 0.035;
    expect(reopenRateMove(doc)).toBeNull();
    last(doc).resolved.reopenRate!.total = 0.0351;
    expect(reopenRateMove(doc)).toEqual({ before: 0.015, now: 0.0351 });
    expect(text(doc)).toContain('Andelen gjenåpnede saker blant dem som ble løst, steg fra 1,5 % i september til 3,5 % i oktober.');
    expect(text(doc, NO_NOTES, 'en')).toContain('The share of resolved tickets that had been reopened rose from 1.5% in September to 3.5% in October.');
    previous(doc).resolved.reopenRate!.total = 0.045;
    last(doc).resolved.reopenRate!.total = 0.02;
    expect(text(doc)).toContain('Andelen gjenåpnede saker blant dem som ble løst, sank fra 4,5 % i september til 2 % i oktober.');
  });

  it('is left out when the rate is not available (no Gjenåpnet column) or null', () => {
    const doc = sample();
    delete last(doc).resolved.reopenRate;
    expect(reopenRateMove(doc)).toBeNull();
    const nulls = sample();
    previous(nulls).resolved.reopenRate!.total = null;
    expect(reopenRateMove(nulls)).toBeNull();
  });
});

describe('REPORT-16: a mass closure in the report month (QUALITY-1)', () => {
  it('names the sample\'s mass closure and the incident mean without its tickets', () => {
    const doc = sample();
    const { closures, incidentPriorities } = massClosuresOfMonth(doc);
    expect(closures.map((c) => [c.localFirst, c.tickets])).toEqual([['2024-10-29T19:12:00', 24]]);
    expect(incidentPriorities.map((p) => [p.priority, p.figures.nMassClosed])).toEqual([['Normal', 1]]);
    const normal = last(doc).resolution.incident.byPriority.Normal!;
    const days = (h: number) => String(Math.round((h / 24) * 100) / 100).replace('.', ',');
    expect(text(doc)).toContain('Den 29. oktober ble 24 saker løst eller lukket i løpet av få minutter (kl. 19.12–19.16). Slike masselukkinger gir et misvisende bilde av løsningstiden.');
    expect(text(doc)).toContain(`Uten den masselukkede saken er snittet for prioritet Normal ${days(normal.meanHoursExcludingMassClosed!)} dager, mot ${days(normal.meanHours)} dager med den.`);
    expect(text(doc, NO_NOTES, 'en')).toContain('On 29 October, 24 tickets were resolved or closed within a few minutes (19:12–19:16).');
  });

  it('says the plural, every case mass-closed, and nothing for a mass closure of another month', () => {
    const doc = sample();
    Object.assign(last(doc).resolution.incident.byPriority.Normal!, { nMassClosed: 3, meanHoursExcludingMassClosed: 48 });
    expect(text(doc)).toContain('Uten de 3 masselukkede sakene er snittet for prioritet Normal 2 dager, mot');
    Object.assign(last(doc).resolution.incident.byPriority.Normal!, { meanHoursExcludingMassClosed: null });
    expect(text(doc)).toContain('Alle løste hendelser med prioritet Normal ble lukket i en masselukking.');
    doc.dataQuality.massClosures[0]!.month = '2024-09';
    expect(massClosuresOfMonth(doc)).toEqual({ closures: [], incidentPriorities: [] });
    expect(text(doc)).not.toContain('masselukk');
  });
});

describe('REPORT-17: the critical and high incidents open at the as-of instant (RISK-1)', () => {
  const withRisk = (asOfLocal: string): Doc => {
    const doc = sample();
    Object.assign(doc.breachRisk, {
      asOfLocal,
      breached: 1,
      dueWithinHour: 1,
      later: 0,
      cases: [
        { ticketNumber: 4711, priority: 'Høy', municipality: 'Molde', created: '2024-10-30T08:00:00Z', due: '2024-10-31T09:30:00Z', dueLocal: '2024-10-31T10:30:00', remainingHours: -2.5, state: 'breached' },
        { ticketNumber: 4712, priority: 'Kritisk', municipality: 'Aukra', created: '2024-10-31T12:00:00Z', due: '2024-11-01T07:30:00Z', dueLocal: '2024-11-01T08:30:00', remainingHours: 0.5, state: 'dueWithinHour' },
      ],
    });
    return doc;
  };

  it('is not said when no critical or high incident is open (the sample)', () => {
    expect(SAMPLE.breachRisk.cases).toEqual([]);
    expect(breachRiskOf(sample())).toBeNull();
    expect(text(sample())).not.toContain('fortsatt åpne');
  });

  it('counts the states with an incident at the month end and lists each with its due time and the service hours left or past', () => {
    const doc = withRisk('2024-11-01T00:00:00');
    expect(breachRiskOf(doc)).toEqual({ atMonthEnd: true, asOfLocal: '2024-11-01T00:00:00', states: [{ state: 'breached', n: 1 }, { state: 'dueWithinHour', n: 1 }] });
    const nb = text(doc);
    expect(nb).toContain('Per 31. oktober var 2 hendelser med kritisk eller høy prioritet fortsatt åpne: 1 hadde passert løsningsfristen og 1 hadde under én time igjen til fristen.');
    expect(nb).toContain('Sak 4711 (Høy, Molde): frist 31. oktober kl. 10.30, passert med 2,5 timer i åpningstiden');
    expect(nb).toContain('Sak 4712 (Kritisk, Aukra): frist 1. november kl. 08.30, 0,5 timer i åpningstiden igjen');
    const en = text(doc, NO_NOTES, 'en');
    expect(en).toContain('On 31 October, 2 incidents of critical or high priority were still open: 1 past its resolution target and 1 due within an hour.');
    expect(en).toContain('Ticket 4711 (Høy, Molde): due 31 October at 10:30, past due by 2.5 service hours');
  });

  it('gives the as-of instant as a date and time when it is not the report month’s end, and calendar hours for a 24x7 priority', () => {
    const doc = withRisk('2024-11-04T13:15:00');
    doc.priorities.find((p) => p.name === 'Kritisk')!.calendar = '24x7';
    const nb = text(doc);
    expect(nb).toContain('Per 4. november kl. 13.15 var 2 hendelser');
    expect(nb).toContain('0,5 timer igjen');
  });
});
