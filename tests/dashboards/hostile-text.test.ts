/**
 * Status and priority text is data (issue 13, case 16): it reaches
 * metrics.json exactly as exported (raw export text, as
 * metrics/metrics.schema.json says) and the page escaped, never as markup.
 * SLA-4 lists the critical and high incidents with their status; DUR-2 keys
 * resolution times by the exported priority where the rules do not map it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCharts } from '../../metrics/charts/index.ts';
import type { MetricsDocument } from '../../metrics/document.ts';
import { dashboardHtml } from '../../dashboards/page.ts';
import { latestReportFolder, ROOT, runPsa, tempDir } from '../helpers.ts';

const HEADER = 'Saksnummer;Emne;Sakstype;Status;Prioritet;Firma;Opprettet;Endret;Løst;Lukket';
const STATUS = '<img src=x onerror=alert(1)>Venter & ser';
const PRIORITY = '<b onmouseover="alert(2)">Haster</b>';

/** The export's markup, wherever it appears as markup (the page inlines vega, whose code has its own `<b` and `<img`). */
const foreignTags = (html: string) => [...html.matchAll(/<img src=x onerror|<b onmouseover/g)].map((m) => m[0]);

describe('status and priority text from the export', () => {
  it('is raw text in metrics.json and escaped text on the page', async () => {
    const dir = tempDir();
    const file = join(dir, 'export.csv');
    writeFileSync(
      file,
      [
        HEADER,
        // SLA-4: a critical incident of the report month, open under a status the rules do not know.
        `1;Server nede;Feil;${STATUS};Kritisk;Molde kommune;01.10.2024 10:00;04.11.2024 10:00;;`,
        // DUR-2: an incident resolved in October under a priority the rules do not know.
        `2;Treg PC;Feil;Løst;${PRIORITY};Aukra kommune;02.10.2024 10:00;03.10.2024 10:00;03.10.2024 10:00;`,
        '',
      ].join('\n'),
    );
    const out = join(dir, 'report');
    const result = await runPsa(['run', file, '--out', out]);
    expect(result.code, result.stderr).toBe(0);

    const doc = JSON.parse(readFileSync(join(latestReportFolder(out), 'metrics.json'), 'utf8')) as MetricsDocument;
    expect(doc.criticalAndHigh.map((c) => c.status)).toEqual([STATUS]);
    expect(Object.keys(doc.monthly.at(-1)!.resolution.incident.byPriority)).toEqual([PRIORITY]);

    const html = readFileSync(join(latestReportFolder(out), 'index.html'), 'utf8');
    expect(foreignTags(html)).toEqual([]);
    expect(html).toContain('<td>&#60;img src=x onerror=alert(1)&#62;Venter &#38; ser</td>');
    expect(html).toContain('&#60;b onmouseover=&#34;alert(2)&#34;&#62;Haster&#60;/b&#62;');
    // In the inlined chart specs, the same text is JSON that cannot end its script element.
    expect(html).toContain('\\u003cb onmouseover=\\"alert(2)\\">Haster\\u003c/b>');
    // The SVG charts hold it as text.
    const svg = readFileSync(join(latestReportFolder(out), 'resolution-time.svg'), 'utf8');
    expect(svg).toContain('&lt;b onmouseover=&quot;alert(2)&quot;&gt;Haster&lt;/b&gt;');
    expect(foreignTags(svg)).toEqual([]);
  });

  it('the schema says these fields are raw export text', () => {
    const schema = readFileSync(join(ROOT, 'metrics', 'metrics.schema.json'), 'utf8');
    const parsed = JSON.parse(schema) as { description: string; definitions: Record<string, unknown> };
    expect(parsed.description).toMatch(/raw text, exactly as there: it may hold any character, markup included/);
    expect(schema.match(/"status": \{ "type": "string", "description": "The status as exported: raw export text/g)).toHaveLength(2);
    expect(schema).toMatch(/"byPriority": \{ "type": "object", "description": "Keyed by priority: the rules' name for a priority they map, else the priority exactly as exported \(raw export text/);
  });

  it('a priority name with quotes from the rules file stays inside its attribute on the page', () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'golden', 'metrics', 'metrics.golden.json'), 'utf8')) as MetricsDocument;
    const name = 'Kritisk" onmouseover="alert(3)';
    const renamed = JSON.parse(JSON.stringify(doc).replaceAll('"Kritisk"', JSON.stringify(name))) as MetricsDocument;
    const html = dashboardHtml({ doc: renamed, charts: buildCharts(renamed, 'nb'), lang: 'nb', timeZone: 'Europe/Oslo', libraries: { vega: '', vegaLite: '', vegaEmbed: '' }, version: 'test' });
    expect(html).not.toContain('onmouseover="alert(3)');
    expect(html).toContain('data-figure="sla-Kritisk&#34; onmouseover=&#34;alert(3)"');
  });
});
