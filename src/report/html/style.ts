/** The page's only stylesheet: light and dark by prefers-color-scheme, and a print layout with every tab. */
export const CSS = `
:root { color-scheme: light dark; --ink: #1d2330; --muted: #667085; --line: #e4e7ec; --bg: #fafbfc; --panel: #fff; --calm: #eef2f6;
  --bad: #d92d20; --bad-bg: #fef3f2; --bad-ink: #b42318; --warn: #dc6803; --warn-bg: #fffaeb; --warn-ink: #b54708;
  --good: #12b76a; --good-bg: #ecfdf3; --good-ink: #067647; --accent: #3e63dd; }
@media (prefers-color-scheme: dark) {
  :root { --ink: #e6e8ee; --muted: #98a2b3; --line: #2f3542; --bg: #11141a; --panel: #181c24; --calm: #232937;
    --bad: #f97066; --bad-bg: #3b1715; --bad-ink: #fda29b; --warn: #fdb022; --warn-bg: #3a2a0c; --warn-ink: #fec84b;
    --good: #32d583; --good-bg: #0f2e1f; --good-ink: #75e0a7; --accent: #8da4ef; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header { padding: 18px 28px 10px; background: var(--panel); border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 4px; font-size: 20px; }
h2 { font-size: 17px; margin: 26px 0 10px; }
h3 { font-size: 13px; margin: 18px 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
main { padding: 0 28px 40px; }
a { color: var(--accent); }
code { font: 12px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.muted, small { color: var(--muted); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.totals { margin: 2px 0; font-weight: 600; }
.status { font-size: 12px; font-weight: 600; padding: 2px 8px; border-radius: 999px; vertical-align: middle; background: var(--good-bg); color: var(--good-ink); }
.status.fail { background: var(--bad-bg); color: var(--bad-ink); }
.status.incomplete { background: var(--warn-bg); color: var(--warn-ink); }
.err { color: var(--bad-ink); } .warn { color: var(--warn-ink); } .ok { color: var(--good-ink); }
.summary { display: flex; flex-wrap: wrap; gap: 20px; align-items: flex-start; margin-top: 18px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; }
.card { background: var(--panel); border: 1px solid var(--line); border-left: 4px solid var(--good); border-radius: 8px; padding: 8px 14px; min-width: 200px; }
.card.fail { border-left-color: var(--bad); } .card.incomplete { border-left-color: var(--warn); }
.card h3 { margin: 2px 0; } .card p { margin: 2px 0; }
table { border-collapse: collapse; background: var(--panel); }
caption { text-align: left; font-weight: 600; padding: 4px 0; color: var(--muted); }
.by-rule th, .by-rule td, .edges th, .edges td, .findings th, .findings td, .reuse th, .reuse td, .legend td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
button.pick, button.sort { all: unset; cursor: pointer; color: var(--accent); }
button.sort::after { content: " ↕"; color: var(--muted); }
button.sort[aria-sort="ascending"]::after { content: " ↑"; } button.sort[aria-sort="descending"]::after { content: " ↓"; }
.badge { font-size: 11px; font-weight: 700; text-transform: uppercase; padding: 1px 6px; border-radius: 4px; background: var(--bad-bg); color: var(--bad-ink); white-space: nowrap; }
.badge.warning { background: var(--warn-bg); color: var(--warn-ink); }
.badge.accepted { background: var(--good-bg); color: var(--good-ink); }
.badge.incomplete { background: var(--calm); color: var(--muted); }
.tabs { display: flex; gap: 4px; margin: 22px 0 0; border-bottom: 1px solid var(--line); }
.tabs button { font: inherit; padding: 8px 16px; border: 1px solid var(--line); border-bottom: none; border-radius: 8px 8px 0 0; background: var(--calm); color: var(--ink); cursor: pointer; }
.tabs button[aria-selected="true"] { background: var(--panel); font-weight: 700; box-shadow: inset 0 3px 0 var(--accent); }
.tabs button .n { font-size: 11px; color: var(--muted); margin-left: 6px; }
.js .environment[hidden] { display: none; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 10px 0; color: var(--muted); font-size: 13px; }
.filters select, .filters input[type=search] { font: inherit; padding: 3px 6px; background: var(--panel); color: var(--ink); border: 1px solid var(--line); border-radius: 6px; }
.matrix { width: 100%; table-layout: fixed; border: 1px solid var(--line); }
.matrix th, .matrix td { padding: 5px 6px; border-bottom: 1px solid var(--line); border-right: 1px solid var(--line); text-align: left; vertical-align: top; overflow-wrap: anywhere; font-size: 12px; }
.matrix thead th { background: var(--panel); font-weight: 600; font-size: 12px; }
.matrix .corner { width: 12em; }
.matrix tbody th { font-weight: 600; background: var(--panel); }
.matrix tr.subject th { font-style: italic; }
.matrix .src, .matrix .src code { font-size: 10.5px; color: var(--muted); }
td.v { background: var(--calm); }
td.odd { background: hsl(var(--hue, 8) 85% 92%); color: hsl(var(--hue, 8) 70% 28%); outline: 2px solid hsl(var(--hue, 8) 70% 55%); outline-offset: -2px; font-weight: 600; }
@media (prefers-color-scheme: dark) { td.odd { background: hsl(var(--hue, 8) 45% 22%); color: hsl(var(--hue, 8) 80% 85%); } }
td.unresolved { color: var(--bad-ink); background: repeating-linear-gradient(45deg, var(--panel), var(--panel) 4px, var(--bad-bg) 4px, var(--bad-bg) 8px); }
td.none { color: var(--muted); text-align: center; }
td.finding-cell { background: var(--panel); }
td.has-error { box-shadow: inset 3px 0 0 var(--bad); } td.has-warning { box-shadow: inset 3px 0 0 var(--warn); }
.mark { display: block; margin-top: 3px; font-size: 11px; font-weight: 600; text-decoration: none; color: var(--bad-ink); }
.mark.warning { color: var(--warn-ink); } .mark.accepted { color: var(--good-ink); }
tr.quiet th { color: var(--muted); font-weight: 500; }
body.only-flagged tr.quiet { display: none; }
tr.filtered-out { display: none; }
.findings { width: 100%; }
.findings ul.where { margin: 4px 0 0; padding-left: 18px; font-size: 12px; }
.findings tr:target { outline: 2px solid var(--accent); }
.cls { font-size: 10px; font-weight: 700; padding: 0 4px; border-radius: 3px; background: var(--calm); }
.graph-wrap { overflow-x: auto; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; }
svg.graph { display: block; margin: 0 auto; font: 12px system-ui, sans-serif; }
svg.graph .node rect { fill: var(--calm); stroke: var(--muted); stroke-width: 1; }
svg.graph .node.loose rect { fill: none; stroke-dasharray: 4 3; }
svg.graph .node .name { font-weight: 700; fill: var(--ink); }
svg.graph .node .ports { fill: var(--muted); font-size: 11px; }
svg.graph .caption { fill: var(--muted); font-size: 11px; }
svg.graph .edge path { fill: none; stroke-width: 2.2; }
svg.graph .edge.good path { stroke: var(--good); } svg.graph .edge.bad path { stroke: var(--bad); stroke-width: 2.8; }
svg.graph .edge text { font-size: 11px; paint-order: stroke; stroke: var(--panel); stroke-width: 4px; }
svg.graph .edge.good text { fill: var(--good-ink); } svg.graph .edge.bad text { fill: var(--bad-ink); font-weight: 700; }
svg.graph .arrow.good path { fill: var(--good); } svg.graph .arrow.bad path { fill: var(--bad); }
svg.graph .dim { opacity: .15; }
.dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px; background: var(--good); } .dot.bad { background: var(--bad); }
.legend { font-size: 12px; } .legend td:first-child { width: 9em; }
.swatch { display: inline-block; min-width: 5em; padding: 2px 6px; font-size: 11px; }
@media print {
  body { background: #fff; color: #000; }
  .tabs, .filters, .no-print { display: none !important; }
  .js .environment[hidden] { display: block !important; }
  .environment { break-before: page; }
  tr.filtered-out, body.only-flagged tr.quiet { display: table-row !important; }
  a { color: inherit; text-decoration: none; }
  .graph-wrap { overflow: visible; border: none; }
}
`;
