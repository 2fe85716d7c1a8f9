/**
 * index.html in a real browser: headless Debian chromium, driven by
 * playwright-core, opens the page from disk with every network request
 * blocked, and every chart must draw (an SVG with marks in each chart
 * container) without a console error. A screenshot of the whole page is
 * saved to test-results/dashboard.png.
 *
 * Without /usr/bin/chromium the test is skipped with a notice, so `npm test`
 * passes on a machine that has only Node; .ci/run installs chromium and sets
 * PSA_REQUIRE_BROWSER=1, which turns a missing browser into a failure.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserLibraries } from '../../dashboards/assets.ts';
import { dashboardHtml } from '../../dashboards/page.ts';
import { buildCharts } from '../../metrics/charts/index.ts';
import type { MetricsDocument } from '../../metrics/document.ts';
import { fixture, reportFolder, ROOT, runPsa } from '../helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const required = process.env.PSA_REQUIRE_BROWSER === '1';
const available = existsSync(CHROMIUM);
if (!available && !required) console.warn(`browser test skipped: no ${CHROMIUM} (apt-get install chromium; .ci/run does)`);

let dir: string;
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  dir = mkdtempSync(join(tmpdir(), 'psa-browser-'));
  const run = await runPsa(['run', fixture('sample', 'pureservice-export-2024-10-31.csv'), '--out', dir]);
  expect(run.code, run.stderr).toBe(0);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Visit {
  readonly page: Page;
  readonly errors: string[];
  readonly blocked: string[];
  readonly dialogs: string[];
}

/** Opens a page from disk with the network blocked, and waits until its script has drawn every chart. */
async function visit(file: string): Promise<Visit> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const visit: Visit = { page, errors: [], blocked: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') visit.errors.push(m.text());
  });
  page.on('pageerror', (e) => visit.errors.push(e.message));
  page.on('dialog', (d) => {
    visit.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    visit.blocked.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-charts="done"]', { timeout: 30_000 });
  return visit;
}

/** Per chart container: whether it rendered, and how many data marks its SVG holds. */
const CHART_MARKS = `[...document.querySelectorAll('figure.chart')].map((figure) => ({
  id: figure.id,
  rendered: figure.querySelector('.view')?.dataset.rendered === 'true',
  svg: figure.querySelectorAll('.view svg').length,
  marks: figure.querySelectorAll('.view svg .role-mark > path, .view svg .role-mark > rect, .view svg .role-mark > circle, .view svg .role-mark > text, .view svg .role-mark > g').length,
}))`;

describe.skipIf(!available && !required)('index.html in headless chromium', () => {
  it('draws every chart, offline, without a console error', async () => {
    expect(available, `${CHROMIUM} is missing: apt-get install chromium`).toBe(true);
    const { page, errors, blocked } = await visit(join(reportFolder(dir), 'index.html'));
    const charts = (await page.evaluate(CHART_MARKS)) as { id: string; rendered: boolean; svg: number; marks: number }[];
    expect(charts.map((c) => c.id)).toEqual(buildCharts(JSON.parse(readFileSync(join(reportFolder(dir), 'metrics.json'), 'utf8')), 'nb').map((c) => `chart-${c.name}`));
    for (const c of charts) {
      expect(c.rendered, c.id).toBe(true);
      expect(c.svg, c.id).toBeGreaterThanOrEqual(1);
      expect(c.marks, c.id).toBeGreaterThan(10);
    }
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    // The key figures of the report month (the October report).
    const figure = (id: string) => page.textContent(`[data-figure="${id}"] .value`);
    expect(await figure('open-incidents')).toBe('80');
    expect(await figure('open-requests')).toBe('255');
    expect(await figure('open-total')).toBe('335');
    expect(await figure('adjustment')).toBe('22');
    expect(await figure('sla-Kritisk')).toBe('50\u00a0%');
    expect(await page.textContent('#critical-and-high-table tbody')).toContain('112740');
    expect(await page.textContent('#sla-breaches-table tbody')).toContain('Løst etter fristen');
    // Backlog health: AGE-1's oldest open cases (no subject), RESP-1 beside SLA-3, RISK-1, and QUALITY-1's notice for October.
    const truth = JSON.parse(readFileSync(fixture('sample', 'truth.json'), 'utf8')) as {
      oldestOpen: { ticketNumber: number; ageDays: number }[];
      monthly: { resolution: { incident: { byPriority: Record<string, { meanHours: number; meanHoursExcludingMassClosed: number }> } } }[];
    };
    const oldest = (await page.$$eval('#oldest-open-table tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)))) as string[][];
    expect(oldest).toEqual(truth.oldestOpen.map((o) => [String(o.ticketNumber), String(o.ageDays).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')]));
    expect(await page.$$eval('#response-table tbody tr', (rows) => rows.map((r) => r.querySelector('td')!.textContent))).toEqual(['Høy', 'Kritisk', 'Lav', 'Normal']);
    expect(await page.textContent('#breach-risk')).toContain('Ingen åpne kritiske eller høye hendelser.');
    expect(await page.$$eval('#mass-closures .mass-closure', (n) => n.map((e) => e.getAttribute('data-month')))).toEqual(['2024-10']);
    expect(await page.textContent('#mass-closures')).toContain('oktober 2024: 24 saker ble løst eller lukket i løpet av få minutter, 29.10.2024 19:12–19:16.');
    const normal = truth.monthly.at(-1)!.resolution.incident.byPriority['Normal']!;
    const oneDecimal = (h: number) => (Math.round(h * 10) / 10).toFixed(1).replace(/\.0$/, '').replace('.', ',');
    expect(await page.textContent('#mass-closures')).toContain(`Hendelser, Normal: gjennomsnitt ${oneDecimal(normal.meanHours)} t, uten den masselukkede saken ${oneDecimal(normal.meanHoursExcludingMassClosed)} t.`);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'dashboard.png'), fullPage: true });
    await page.close();
  });

  it('shows hostile ticket text as text: no markup from the data runs, and the charts still draw', async () => {
    const doc = JSON.parse(readFileSync(join(reportFolder(dir), 'metrics.json'), 'utf8')) as MetricsDocument & { criticalAndHigh: { subject: string | null; municipality: string; status: string }[] };
    const hostile = '</script><script>alert("subject")</script><img src=x onerror=alert("img")>';
    doc.criticalAndHigh[0]!.subject = hostile;
    doc.criticalAndHigh[1]!.municipality = '<b onmouseover=alert(1)>Molde</b>';
    // Status text is raw export text (metrics.schema.json): it stays text too.
    const hostileStatus = '<img src=x onerror=alert("status")>Løst';
    doc.criticalAndHigh[1]!.status = hostileStatus;
    const october = doc.monthly.at(-1)! as { new: { byCategory: Record<string, number> } };
    // Short enough for the legend to show whole; it would end the spec's script element were it not escaped.
    october.new.byCategory['</script><i>x'] = 1;
    const file = join(dir, 'hostile.html');
    writeFileSync(file, dashboardHtml({ doc, charts: buildCharts(doc, 'nb'), lang: 'nb', timeZone: 'Europe/Oslo', libraries: browserLibraries(), version: 'test' }));
    const { page, errors, dialogs } = await visit(file);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.textContent('#critical-and-high-table tbody')).toContain(hostile);
    expect(await page.locator('#critical-and-high-table img, #critical-and-high-table b').count()).toBe(0);
    expect(await page.textContent('#critical-and-high-table tbody')).toContain(hostileStatus);
    const charts = (await page.evaluate(CHART_MARKS)) as { rendered: boolean }[];
    expect(charts.every((c) => c.rendered)).toBe(true);
    expect(await page.textContent('#chart-new-by-category')).toContain('</script><i>x');
    await page.close();
  });
});
