/**
 * report.docx in a real client: LibreOffice (Debian's
 * libreoffice-writer-nogui) converts it to PDF, and poppler's pdftotext and
 * pdfimages read that PDF back: every heading, the key numbers of October
 * 2024 and the critical/high list are there, and so is every chart.
 *
 * Without soffice, pdftotext and pdfimages the test is skipped with a
 * notice, so `npm test` passes on a machine with only Node; .ci/run installs
 * them and sets PSA_REQUIRE_LIBREOFFICE=1, which turns their absence into a
 * failure.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_CHARTS } from '../../report/content.ts';
import { fixture, reportFolder, runPsa } from '../helpers.ts';

const TOOLS = ['/usr/bin/soffice', '/usr/bin/pdftotext', '/usr/bin/pdfimages'];
const required = process.env.PSA_REQUIRE_LIBREOFFICE === '1';
const available = TOOLS.every((t) => existsSync(t));
if (!available && !required) console.warn(`LibreOffice test skipped: needs ${TOOLS.join(', ')} (apt-get install --no-install-recommends libreoffice-writer-nogui poppler-utils; .ci/run does)`);

let dir: string;
let text: string;
let images: string[];

beforeAll(async () => {
  if (!available) return;
  dir = mkdtempSync(join(tmpdir(), 'psa-libreoffice-'));
  const out = join(dir, 'out');
  const run = await runPsa(['run', fixture('sample', 'pureservice-export-2024-10-31.csv'), '--out', out]);
  expect(run.code, run.stderr).toBe(0);
  // A profile of its own: no clash with another soffice, nothing left in $HOME.
  execFileSync('/usr/bin/soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(reportFolder(out), 'report.docx')], { stdio: 'pipe', timeout: 150_000 });
  text = execFileSync('/usr/bin/pdftotext', ['-layout', join(dir, 'report.pdf'), '-'], { encoding: 'utf8' }).replace(/\u00a0/g, ' ');
  images = execFileSync('/usr/bin/pdfimages', ['-list', join(dir, 'report.pdf')], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    // Each PNG's colour image (its alpha channel is a second entry, of type smask).
    .filter((l) => l.trim().split(/\s+/)[2] === 'image');
}, 240_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!available && !required)('report.docx in LibreOffice', () => {
  it('has every heading', () => {
    for (const heading of [
      '2.1.4 Service og support',
      '2.1.4.1 Nye feil og forespørsler fordelt på kategori',
      '2.1.4.2 Nye feil og forespørsler fordelt på kommune',
      '2.1.4.3 Oversikt over feilmeldinger',
      '2.1.4.4 Oversikt over tjenesteforespørsler',
      '2.1.4.5 Feilmeldinger og tjenesteforespørsler',
      '2.1.4.6 Overholdelse av tjenestenivåavtalen – SLA',
      '2.1.4.7 Gjennomsnittlig løsningstid på innmeldte feil',
    ]) {
      expect(text).toContain(heading);
    }
  });

  it('has the key numbers of October 2024 and the critical and high list', () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Saker innmeldt i oktober er 1 456 henvendelser');
    expect(flat).toContain('280 av dem er varsler om mulig sikkerhetstrussel fra Atea SOC (233) og HelseCERT (47)');
    expect(flat).toContain('Antall åpne feilmeldinger per 31. oktober var 80, med en synkende trend.');
    expect(flat).toContain('Antall åpne tjenesteforespørsler er 255 per 31. oktober.');
    expect(flat).toContain('335 åpne saker ved slutten av oktober. Trenden er synkende siden august.');
    expect(flat).toContain('Hustadvika −55');
    expect(flat).toContain('Dette er gjort for alle 13 månedene.');
    expect(flat).toContain('11.10 – Molde – beskrivelse utelatt');
    expect(flat).toContain('18.10 – Molde – beskrivelse utelatt');
    expect(flat.match(/30\.10 – Hustadvika – beskrivelse utelatt/g)).toHaveLength(2);
    // The category table, a row of it.
    expect(flat).toMatch(/Infrastruktur 324 53 377/);
  });

  it('holds every chart as an image at print resolution', () => {
    expect(images).toHaveLength(REPORT_CHARTS.length);
    for (const line of images) {
      const [, , , width, , , , , , , , , xPpi] = line.trim().split(/\s+/);
      expect(Number(width)).toBeGreaterThan(1000);
      // 2× PNGs placed 16 cm wide: about 190 pixels per inch on the page.
      expect(Number(xPpi)).toBeGreaterThan(150);
    }
  });
});
