/**
 * The report as Markdown (CommonMark with GitHub tables), for wikis and
 * pipelines: the same content as the Word document, the charts as images
 * beside it (`![alt text](open-incidents.png)`). Text from the data or the
 * notes file is escaped, so a subject never becomes markup.
 */
import type { Block, ReportContent } from './content.ts';

export const REPORT_MARKDOWN = 'report.md';

/** Backslash-escapes what Markdown would read as markup; `inTable` also escapes the cell separator. */
export function escapeMarkdown(text: string, inTable = false): string {
  const out = text.replace(/[\\`*_[\]<>~]/g, (c) => `\\${c}`);
  // In a cell only the separator matters; at the start of a block, the markers of a heading, list item or numbered item.
  if (inTable) return out.replace(/\|/g, '\\|');
  return out.replace(/^(\s*)(#{1,6}|[+-])(?=\s|$)/, '$1\\$2').replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

function block(b: Block): string {
  switch (b.type) {
    case 'heading':
      return `${b.level === 1 ? '#' : '##'} ${b.number} ${escapeMarkdown(b.text)}`;
    case 'paragraph':
      return escapeMarkdown(b.text);
    case 'list':
      return b.items.map((item) => `- ${escapeMarkdown(item)}`).join('\n');
    case 'chart':
      return `![${escapeMarkdown(b.alt)}](${b.name}.png)`;
    case 'table': {
      const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
      const lines = [row(b.columns.map((c) => escapeMarkdown(c.title, true))), row(b.columns.map((c) => (c.align === 'right' ? '---:' : '---')))];
      b.rows.forEach((cells, i) => {
        const sum = b.lastRowIsSum && i === b.rows.length - 1;
        lines.push(row(cells.map((c, j) => (sum && j === 0 && c !== '' ? `**${escapeMarkdown(c, true)}**` : escapeMarkdown(c, true)))));
      });
      return lines.join('\n');
    }
  }
}

export function reportMarkdown(content: ReportContent): string {
  return `${content.blocks.map(block).join('\n\n')}\n`;
}
