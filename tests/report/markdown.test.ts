/** report.md: text from the export or the notes file stays text, whatever markup it holds. */
import { describe, expect, it } from 'vitest';
import type { ReportContent } from '../../report/content.ts';
import { escapeMarkdown, reportMarkdown } from '../../report/markdown.ts';

describe('report.md', () => {
  it('escapes markup in paragraphs, list items and table cells', () => {
    expect(escapeMarkdown('*fet* <script>alert(1)</script> [lenke](http://x) `kode` ~x~ _y_')).toBe('\\*fet\\* \\<script\\>alert(1)\\</script\\> \\[lenke\\](http://x) \\`kode\\` \\~x\\~ \\_y\\_');
    expect(escapeMarkdown('# ikke en overskrift')).toBe('\\# ikke en overskrift');
    expect(escapeMarkdown('- ikke et punkt')).toBe('\\- ikke et punkt');
    expect(escapeMarkdown('1. ikke nummerert')).toBe('1\\. ikke nummerert');
    // A date and a signed change are left as they are.
    expect(escapeMarkdown('11.10 – Molde')).toBe('11.10 – Molde');
    expect(escapeMarkdown('+1', true)).toBe('+1');
    expect(escapeMarkdown('a | b', true)).toBe('a \\| b');
  });

  it('writes headings, tables with aligned columns, lists and images with their alt text', () => {
    const content: ReportContent = {
      lang: 'nb',
      title: 't',
      reportMonth: '2024-10',
      unusedDescriptions: [],
      blocks: [
        { type: 'heading', level: 1, number: '2.1.4', text: 'Service og support' },
        { type: 'heading', level: 2, number: '2.1.4.1', text: 'Kategori' },
        { type: 'table', columns: [{ title: 'Kategori', align: 'left' }, { title: 'Totalt', align: 'right' }], rows: [['A|B', '3'], ['Sum', '3']], lastRowIsSum: true },
        { type: 'list', items: ['11.10 – Molde – *Nett* nede'] },
        { type: 'chart', name: 'open-total', alt: 'Linjediagram [alle]' },
      ],
    };
    expect(reportMarkdown(content)).toBe(
      '# 2.1.4 Service og support\n\n## 2.1.4.1 Kategori\n\n| Kategori | Totalt |\n| --- | ---: |\n| A\\|B | 3 |\n| **Sum** | 3 |\n\n- 11.10 – Molde – \\*Nett\\* nede\n\n![Linjediagram \\[alle\\]](open-total.png)\n',
    );
  });
});
