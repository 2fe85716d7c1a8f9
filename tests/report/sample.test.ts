/**
 * `psa report` on the bundled sample: the golden report.md in Norwegian and
 * English, the seed report's facts for October 2024, every number in the
 * text found in metrics.json, no personal data by default, subjects and the
 * notes file's wording on request, byte-identical reruns, and the errors
 * that stop it before anything is written.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsDocument } from '../../metrics/document.ts';
import { REPORT_CHARTS } from '../../report/content.ts';
import { TEXT_WIDTH_PX, pngSize } from '../../report/docx.ts';
import { checkGolden } from '../golden.ts';
import { fixture, ROOT, runPsa } from '../helpers.ts';
import { checkNumbers } from './numbers.ts';

const SAMPLE = fixture('sample', 'pureservice-export-2024-10-31.csv');
const GOLDEN = join(ROOT, 'fixtures', 'golden', 'report');
const truth = JSON.parse(readFileSync(fixture('sample', 'truth.json'), 'utf8')) as { criticalAndHigh: { ticketNumber: number; subject: string }[] };

let dir: string;
let db: string;
let doc: MetricsDocument;
const md: Record<'nb' | 'en', string> = { nb: '', en: '' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'psa-report-'));
  db = join(dir, 'psa.sqlite');
  for (const args of [['ingest', SAMPLE, '--db', db], ['transform', '--db', db], ['metrics', '--db', db, '--out', join(dir, 'metrics')]]) {
    const result = await runPsa(args);
    expect(result.code, result.stderr).toBe(0);
  }
  doc = JSON.parse(readFileSync(join(dir, 'metrics', 'metrics.json'), 'utf8'));
  for (const lang of ['nb', 'en'] as const) {
    const result = await runPsa(['report', '--db', db, '--out', join(dir, lang), '--lang', lang]);
    expect(result.code, result.stderr).toBe(0);
    md[lang] = readFileSync(join(dir, lang, 'report.md'), 'utf8');
  }
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('psa report on the bundled sample', () => {
  it('writes report.docx, report.md and the charts report.md shows, and says so', () => {
    expect(readdirSync(join(dir, 'nb')).sort()).toEqual(['report.docx', 'report.md', ...REPORT_CHARTS.map((c) => `${c}.png`)].sort());
    for (const c of REPORT_CHARTS) expect(md.nb).toContain(`](${c}.png)`);
  });

  it('matches the golden report.md in Norwegian and English', () => {
    const problems = (['nb', 'en'] as const).map((lang) => checkGolden(join(GOLDEN, `report.${lang}.golden.md`), md[lang]));
    expect(problems.filter((p) => p !== null)).toEqual([]);
  });

  it('states the seed report’s facts for October 2024', () => {
    const text = md.nb.replace(/\u00a0/g, ' ');
    expect(text).toContain('# 2.1.4 Service og support');
    expect(text).toContain('Saker innmeldt i oktober er 1 456 henvendelser');
    expect(text).toContain('280 av dem er varsler om mulig sikkerhetstrussel fra Atea SOC (233) og HelseCERT (47). Dette vises under kategori Infrastruktur, som har vært høyere enn normalt i oktober.');
    expect(text).toContain('Antall åpne feilmeldinger per 31. oktober var 80, med en synkende trend.');
    expect(text).toContain('I oktober har vi greid å løse flere feil enn det som har kommet inn');
    expect(text).toContain('Antall åpne tjenesteforespørsler er 255 per 31. oktober. Trenden for forespørsler er også synkende.');
    expect(text).toContain('335 åpne saker ved slutten av oktober. Trenden er synkende siden august.');
    expect(text).toContain('Hustadvika, der antall åpne saker har blitt redusert med 55');
    expect(text).toContain('Hustadvika −55');
    expect(text).toContain('justert ned med ca. 22–24 saker');
    expect(text).toContain('Dette er gjort for alle 13 månedene.');
    expect(text).toContain('Varsler om mulig sikkerhetsbrudd har vært sterkt økende siste måned');
    expect(text).toContain('I oktober hadde vi 2 hendelser med kritisk prioritet:\n\n- 11.10 – Molde – beskrivelse utelatt');
    expect(text).toContain('\n- 18.10 – Molde – beskrivelse utelatt');
    expect(text).toContain('I oktober hadde vi 2 hendelser med høy prioritet:\n\n- 30.10 – Hustadvika – beskrivelse utelatt');
    expect(text.match(/^- 30\.10 – Hustadvika/gm)).toHaveLength(2);
    for (const heading of ['2.1.4.1 Nye feil og forespørsler fordelt på kategori', '2.1.4.2 Nye feil og forespørsler fordelt på kommune', '2.1.4.3 Oversikt over feilmeldinger', '2.1.4.4 Oversikt over tjenesteforespørsler', '2.1.4.5 Feilmeldinger og tjenesteforespørsler', '2.1.4.6 Overholdelse av tjenestenivåavtalen – SLA', '2.1.4.7 Gjennomsnittlig løsningstid på innmeldte feil']) {
      expect(text).toContain(`## ${heading}`);
    }
  });

  it('writes every number of the text from metrics.json for that month', () => {
    for (const lang of ['nb', 'en'] as const) {
      const check = checkNumbers(md[lang], doc, lang);
      expect(check.checked, lang).toBeGreaterThan(150);
      expect(check.unknown, lang).toEqual([]);
      expect(check.badDates, lang).toEqual([]);
    }
    // The check itself fails on a number that is no figure.
    expect(checkNumbers(md.nb.replace('var 80,', 'var 81,'), doc, 'nb').unknown).toEqual(['81']);
    expect(checkNumbers(md.nb.replace('- 11.10', '- 12.10'), doc, 'nb').badDates).toEqual(['12.10']);
  });

  it('formats numbers and dates in Norwegian, and in English with --lang en', () => {
    expect(md.nb).toContain('1\u00a0456');
    expect(md.nb).toContain('2,62');
    expect(md.en).toContain('1,456 tickets came in during October');
    expect(md.en).toContain('Open incidents on 31 October were 80, with a falling trend.');
    expect(md.en).toContain('- 11 Oct – Molde – description left out');
    expect(md.en).toContain('The trend has been falling since August.');
  });

  it('leaves out descriptions by default and carries no subject (personal data)', () => {
    for (const item of truth.criticalAndHigh) expect(md.nb).not.toContain(item.subject);
    expect(md.nb).toContain('Beskrivelsene er utelatt fordi emnefeltet kan inneholde personopplysninger');
    const docx = readFileSync(join(dir, 'nb', 'report.docx'));
    for (const item of truth.criticalAndHigh) expect(docx.includes(Buffer.from(item.subject))).toBe(false);
  });

  it('puts subjects in with --include-subjects, and the notes file’s wording wins over them', async () => {
    const subjects = join(dir, 'subjects');
    const withSubjects = await runPsa(['report', '--db', db, '--out', subjects, '--include-subjects']);
    expect(withSubjects.code, withSubjects.stderr).toBe(0);
    const text = readFileSync(join(subjects, 'report.md'), 'utf8');
    for (const item of truth.criticalAndHigh) expect(text).toContain(item.subject.replace(/[\\`*_[\]<>~]/g, (c) => `\\${c}`));
    expect(text).not.toContain('Beskrivelsene er utelatt');

    const notesFile = join(dir, 'notes.yaml');
    const first = truth.criticalAndHigh[0]!;
    writeFileSync(
      notesFile,
      `heading:\n  number: "3.2"\n  title: Kundeservice\ndescriptions:\n  ${first.ticketNumber}: Nett nede, Idrettens hus til Kvam (lederens tekst)\n  999999: Ikke i listen\nparagraphs:\n  categories: Kategorien Rådgiving handler om et bredt spekter av spørsmål.\n  openTotal:\n    - Første avsnitt.\n    - Andre avsnitt.\n`,
    );
    const noted = join(dir, 'noted');
    const result = await runPsa(['report', '--db', db, '--out', noted, '--include-subjects', '--notes', notesFile]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('note: the notes file describes tickets that are not critical or high incidents of 2024-10: 999999');
    const notedText = readFileSync(join(noted, 'report.md'), 'utf8');
    expect(notedText).toContain('# 3.2 Kundeservice');
    expect(notedText).toContain('## 3.2.1 Nye feil og forespørsler fordelt på kategori');
    expect(notedText).toContain('- 11.10 – Molde – Nett nede, Idrettens hus til Kvam (lederens tekst) (løst på');
    expect(notedText).not.toContain(first.subject);
    expect(notedText).toContain('\n\nKategorien Rådgiving handler om et bredt spekter av spørsmål.\n\n## 3.2.2');
    expect(notedText).toContain('\n\nFørste avsnitt.\n\nAndre avsnitt.\n\n## 3.2.6');
  });

  it('gives byte-identical files on every run', async () => {
    const again = join(dir, 'again');
    const result = await runPsa(['report', '--db', db, '--out', again]);
    expect(result.code, result.stderr).toBe(0);
    for (const f of readdirSync(again)) expect(readFileSync(join(again, f)).equals(readFileSync(join(dir, 'nb', f))), f).toBe(true);
  });

  it('sizes each chart to the page width between Word’s default margins', () => {
    // A4 is 21 cm wide; Word's default margins are 2.54 cm: 15.92 cm, 601 px at 96 dpi.
    expect(TEXT_WIDTH_PX).toBe(601);
    for (const c of REPORT_CHARTS) expect(pngSize(readFileSync(join(dir, 'nb', `${c}.png`))).width, c).toBeGreaterThan(TEXT_WIDTH_PX);
  });

  it('checks arguments, the notes file and the month before writing anything', async () => {
    const target = join(dir, 'nothing');
    const cases: [string[], RegExp][] = [
      [['report', '--db', db], /--out <dir> is required/],
      [['report', '--db', db, '--out', target, '--lang', 'de'], /--lang expects nb or en/],
      [['report', '--db', db, '--out', target, '--month', '2024-13'], /--month expects a month as YYYY-MM/],
      [['report', '--db', db, '--out', target, '--month', '2024-11'], /2024-11 has not ended/],
      [['report', '--db', db, '--out', target, '--as-of', 'soon'], /--as-of expects a date YYYY-MM-DD/],
      [['report', '--db', db, '--out', target, '--notes', join(dir, 'missing.yaml')], /missing\.yaml: a problem in the notes file\n {2}missing\.yaml: cannot read the file: ENOENT/],
    ];
    const bad = join(dir, 'bad-notes.yaml');
    writeFileSync(bad, 'paragraphs:\n  slaa: tekst\ndescriptions:\n  abc: x\n');
    cases.push([['report', '--db', db, '--out', target, '--notes', bad], /bad-notes\.yaml:2:3: paragraphs\.slaa: unknown section; expected one of opening, categories/]);
    for (const [args, message] of cases) {
      const result = await runPsa(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr).not.toContain('    at ');
    }
    expect(existsSync(target)).toBe(false);
    const missing = await runPsa(['report', '--db', join(dir, 'nope.sqlite'), '--out', target]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no database at');
  });
});
