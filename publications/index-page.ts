/**
 * `<out>/index.html`: every publication of the database, newest report
 * month first, each version with a link to its folder (`<YYYY-MM>/` for the
 * month's latest version, `<YYYY-MM>.v<N>/` for the earlier ones), its
 * as-of instant, its exports and how many figures it restated. Offline,
 * without scripts; the same publications give the same bytes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChartLanguage } from '../metrics/charts/i18n.ts';
import { escapeHtml } from '../dashboards/page.ts';
import { PAGE_CSS } from '../dashboards/page-style.ts';
import type { PublicationSummary } from './publish.ts';
import { monthName } from './sentences.ts';

const TEXTS = {
  nb: {
    title: 'Tjenestedesk: publiserte månedsrapporter',
    intro: 'Hver rapport psa run har laget, med hver versjon. En ny versjon av en måned kommer når tallene for den er laget på nytt fra endrede data eller regler; den forrige blir liggende urørt.',
    columns: ['Rapportmåned', 'Versjon', 'Data til', 'Eksporter', 'Endrede tall fra før', 'Filer'],
    open: 'åpne',
    latest: 'gjeldende',
    missing: 'ikke i denne mappen',
    none: 'Ingen rapport er publisert ennå.',
  },
  en: {
    title: 'Service desk: published monthly reports',
    intro: 'Every report psa run has made, with every version. A month gets a new version when its figures are made again from changed data or rules; the earlier one stays untouched.',
    columns: ['Report month', 'Version', 'Data up to', 'Exports', 'Earlier figures changed', 'Files'],
    open: 'open',
    latest: 'current',
    missing: 'not in this folder',
    none: 'No report has been published yet.',
  },
} as const;

/** The folder (relative to `out`) a publication's files are in: the month's own for its latest version. */
export function publicationFolder(p: PublicationSummary, latestVersion: number): string {
  return p.version === latestVersion ? p.reportMonth : `${p.reportMonth}.v${p.version}`;
}

export function publicationsIndexHtml(out: string, publications: readonly PublicationSummary[], lang: ChartLanguage): string {
  const t = TEXTS[lang];
  const latest = new Map<string, number>();
  for (const p of publications) latest.set(p.reportMonth, Math.max(latest.get(p.reportMonth) ?? 0, p.version));
  const rows = publications.map((p) => {
    const folder = publicationFolder(p, latest.get(p.reportMonth)!);
    const here = existsSync(join(out, folder, 'index.html'));
    const link = here ? `<a href="${escapeHtml(encodeURI(folder))}/index.html">${escapeHtml(folder)}/</a>` : `<span class="empty">${escapeHtml(t.missing)}</span>`;
    const version = `${p.version}${p.version === latest.get(p.reportMonth) ? ` (${t.latest})` : ''}`;
    const exports = p.exports.map((e) => escapeHtml(e.file)).join('<br>');
    return `<tr><td>${escapeHtml(monthName(p.reportMonth, lang))}</td><td class="num">${escapeHtml(version)}</td><td>${escapeHtml(p.asOf)}</td><td>${exports}</td><td class="num">${p.restatedFigures}</td><td>${link}</td></tr>`;
  });
  const body =
    rows.length === 0
      ? `<p class="empty">${escapeHtml(t.none)}</p>`
      : `<table id="publications">
<thead><tr>${t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.intro)}</p>
</header>
<main>
${body}
</main>
</body>
</html>
`;
}
