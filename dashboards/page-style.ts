/** The dashboard's stylesheet: plain, readable on screen and on paper (each chart and table kept whole on a page). */
export const PAGE_CSS = `
:root { color-scheme: light; --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --accent: #2f6f9f; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Liberation Sans", Arial, Helvetica, sans-serif; color: var(--ink); background: #f5f7fa; line-height: 1.4; }
header, main, footer { max-width: 1320px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
p { margin: 4px 0 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; break-inside: avoid; }
.card h3 { font-size: 13px; font-weight: normal; color: var(--muted); margin: 0 0 4px; }
.card .value { font-size: 30px; font-weight: bold; margin: 0; }
.card .change { font-size: 13px; color: var(--accent); margin: 2px 0; }
.card .detail { font-size: 12px; color: var(--muted); margin: 0; }
#charts { display: flex; flex-wrap: wrap; gap: 16px; }
#charts h2 { flex-basis: 100%; }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px; margin: 0; break-inside: avoid; }
.chart figcaption { font-size: 12px; color: var(--muted); margin-top: 4px; }
table { border-collapse: collapse; background: #fff; font-size: 13px; margin: 6px 0 12px; break-inside: avoid; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.empty { color: var(--muted); font-style: italic; }
.notice { border-left: 4px solid #f28e2b; background: #fff6ec; padding: 0.25rem 0.75rem; margin: 0.5rem 0; }
footer { color: var(--muted); font-size: 12px; padding-bottom: 32px; }
code { font-size: 11px; word-break: break-all; }
@media print { body { background: #fff; } .chart, .card, table { border-color: #999; } }
`;
