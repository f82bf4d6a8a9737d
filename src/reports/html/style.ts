/** The report's inline stylesheet: system fonts only, readable on screen and on paper. */
export const STYLE = `
:root { --ink: #1f2328; --muted: #636c76; --line: #d8dee4; --soft: #f6f8fa; --accent: #0b5cad; --bad: #c4314b; --good: #2f7d32; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 28px 24px 48px; }
header h1 { font-size: 24px; margin: 0 0 4px; }
header p { margin: 0; color: var(--muted); }
h2 { font-size: 18px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 0 0 8px; }
p.intro { color: var(--muted); margin: 0 0 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; margin-top: 20px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; background: var(--soft); }
.card-title { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.figure { font-size: 30px; font-weight: 650; margin: 2px 0; font-variant-numeric: tabular-nums; }
.detail { color: var(--muted); font-size: 13px; }
ul.shares { list-style: none; padding: 0; margin: 6px 0 0; }
ul.shares li { display: flex; justify-content: space-between; color: var(--ink); font-size: 14px; font-variant-numeric: tabular-nums; }
ul.shares li span:first-child { color: var(--muted); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 4px; font-size: 13px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td .fix, p.fix { color: var(--muted); font-size: 12.5px; margin-top: 2px; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); padding: 1px 4px; border-radius: 4px; overflow-wrap: break-word; }
.muted { color: var(--muted); }
.ok { color: var(--good); }
.chart { display: block; max-width: 100%; height: auto; margin: 8px 0; }
.chart text { font-size: 12px; fill: var(--ink); }
.chart text.tick { fill: var(--muted); font-size: 11px; }
.chart text.label { font-size: 13px; }
.chart line.grid { stroke: #eef1f4; }
.chart line.axis { stroke: #9aa4ae; }
.chart rect.track { fill: #f3f4f6; }
.legend { list-style: none; padding: 0; margin: 4px 0 0; display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 13px; }
.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; }
.legend .num { color: var(--muted); }
.findings { display: grid; gap: 14px; }
.finding { border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
.stats { display: flex; flex-wrap: wrap; gap: 8px 32px; margin-bottom: 4px; }
.stat-figure { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.stat-label { color: var(--muted); font-size: 12.5px; }
.traces { margin-top: 4px; line-height: 1.9; }
.traces code { white-space: nowrap; font-size: 11px; }
ul.notes { padding-left: 18px; }
details.trace { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; margin: 6px 0; }
details.trace summary { cursor: pointer; }
details.trace:target { border-color: var(--accent); }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print { main { max-width: none; } h2 { break-after: avoid; } .finding, .card, table { break-inside: avoid; } }
`;
