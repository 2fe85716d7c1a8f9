/**
 * Charts of a small made-up document, drawn once by the render worker while
 * it waits for the real ones: vega compiles its code paths lazily, and the
 * first drawing of each kind of chart costs about twice what later ones do.
 * The document has the shape of a real one (13 months, a priority with a
 * target and one without, a few categories), so every chart type and mark
 * is exercised.
 */
import { buildCharts, type Chart } from '../metrics/charts/index.ts';
import type { MetricsDocument, MonthFigures, ResolutionFigures, SlaFigures } from '../metrics/document.ts';
import { windowEnding } from '../core/months.ts';

export function warmUpCharts(): Chart[] {
  const window = windowEnding('2000-12');
  const resolution = (n: number): ResolutionFigures => ({
    n,
    meanHours: n + 1,
    medianHours: n,
    p90Hours: n + 2,
    meanServiceHours: n,
    medianServiceHours: n,
    p90ServiceHours: n + 1,
    nOld: 0,
    meanHoursExcludingOld: n + 1,
    medianHoursExcludingOld: n + 1,
    nMassClosed: 0,
    meanHoursExcludingMassClosed: n + 1,
    medianHoursExcludingMassClosed: n,
  });
  const noTarget: SlaFigures = { met: null, breached: null, compliance: null, openBreached: null, responseMet: null, responseBreached: null, responseCompliance: null };
  const monthly: MonthFigures[] = window.map((month, i) => ({
    month,
    new: { incident: 3 + i, request: 2, total: 5 + i, securityAlerts: 1, byCategory: { A: 2 + i, B: 3 }, byMunicipality: { X: 3, Y: 2 + i },
      byClassAndCategory: { incident: { A: 2 + i, B: 1 }, request: { B: 2 } },
      byClassAndMunicipality: { incident: { X: 1, Y: 2 + i }, request: { X: 2 } },
      securityAlertsBySource: { S: 1 },
      securityAlertsByCategory: { A: 1 },
    },
    open: { incident: 4, request: 5 + i, total: 9 + i, naiveTotal: 11 + i, adjustment: 2, byMunicipality: { X: 4, Y: 5 + i }, changeByMunicipality: { X: 0, Y: 1 },
      byAge: { '0-7': 3, '8-30': 4 + i, '31-90': 2 }, byAgeByClass: { incident: { '0-7': 1, '8-30': 3, '31-90': 0 }, request: { '0-7': 2, '8-30': 1 + i, '31-90': 2 } },
      byAgeByMunicipality: { X: { '0-7': 1, '8-30': 3, '31-90': 0 } }, medianAgeDays: 9 },
    resolved: { incident: 3, request: 2, total: 5, reopened: { incident: 1, request: 0, total: 1 }, reopenRate: { incident: 0.3333, request: 0, total: 0.2 } },
    balance: { incident: 0, request: 0 },
    resolution: { incident: { byPriority: { A: resolution(2 + (i % 3)), B: resolution(40 + i) } }, request: { byPriority: { B: resolution(60 + i) } } },
    sla: { byPriority: { A: { met: 1, breached: i % 2, compliance: i % 2 ? 0.5 : 1, openBreached: 0, responseMet: 1, responseBreached: 0, responseCompliance: 1 }, B: noTarget } },
    response: { byPriority: { A: { n: 2, meanHours: 1, medianHours: 1, p90Hours: 2, meanServiceHours: 1, medianServiceHours: 1, p90ServiceHours: 2, responseCompliance: 1 } } },
  }));
  const trend = { slopePerMonth: 1, fallingSince: null };
  const doc: MetricsDocument = {
    schemaVersion: 2,
    reportMonth: '2000-12',
    window,
    asOf: '2001-01-01T00:00:00Z',
    provenance: { exports: [], rulesSha256: '', metrics: {} },
    priorities: [
      { name: 'A', calendar: 'service', responseTargetHours: 1, resolutionTargetHours: 4 },
      { name: 'B', calendar: 'service', responseTargetHours: null, resolutionTargetHours: null },
    ],
    monthly,
    trends: { openTotal: trend, openIncident: trend, openRequest: trend },
    criticalAndHigh: [],
    oldestOpen: [],
    breachRisk: { asOf: '2001-01-01T00:00:00Z', asOfLocal: '2001-01-01T01:00:00', breached: 0, dueWithinHour: 0, later: 0, cases: [] },
    notAvailable: {},
    slaBreaches: [],
    dataQuality: { byRule: {}, byMonth: window.map((month) => ({ month, byRule: {} })), massClosures: [] },
    restatements: { against: [], figures: [] },
  };
  return buildCharts(doc, 'nb');
}
