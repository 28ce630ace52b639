import type { AuditEnvironment, AuditReport, MatrixCell } from '../engine/audit.js';
import { rowSummary } from './locate.js';

/** Hues for value groups 1, 2, …: the largest group (0) stays calm, the odd ones out stand out. */
const HUES = [8, 280, 32, 200, 330, 140, 50, 250];

/**
 * The audit as one self-contained HTML page (no network, no external assets): per environment a
 * services × settings matrix where equal values share a colour, the findings with file:line, and
 * the secrets reused across environments.
 */
export function formatAuditHtml(a: AuditReport): string {
  const status = a.status === 'pass' ? 'consistent' : a.status === 'fail' ? 'inconsistent' : 'incomplete';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>concord audit · ${esc(a.manifest)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
  <h1>concord audit <span class="status ${a.status}">${status}</span></h1>
  <p class="totals">${a.summary.errors} error${a.summary.errors === 1 ? '' : 's'} · ${a.summary.warnings} warning${a.summary.warnings === 1 ? '' : 's'} · ${a.summary.environments} environments · ${a.summary.services} services · ${a.summary.settings} settings · <span id="odd-count">–</span> odd values</p>
  <p class="note">Cells show a secret's keyed fingerprint (HMAC-SHA256, ${a.fingerprintKey === 'env' ? 'keyed by CONCORD_FINGERPRINT_KEY' : 'random key for this report'}) or a plain value. In each row, equal values share a colour; the largest group is neutral, the odd ones out are coloured and outlined. Hover a cell for where its value came from.</p>
  <label class="filter"><input type="checkbox" id="only-odd"> only rows that disagree</label>
</header>
<main>
${a.environments.map(environmentSection).join('\n')}
${reuseSection(a)}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function environmentSection(e: AuditEnvironment): string {
  const { settings, services, cells } = e.matrix;
  const head = services.map((s) => `<th scope="col">${esc(s)}</th>`).join('');
  const rows = settings
    .map((setting) => {
      const row = cells[setting] ?? {};
      const disagree = Object.values(row).some((c) => c.odd);
      const tds = services.map((svc) => cell(row[svc])).join('');
      return `<tr class="${disagree ? 'disagree' : 'agree'}"><th scope="row">${esc(setting)}</th>${tds}</tr>`;
    })
    .join('\n');
  const r = e.report;
  return `<section class="environment" data-environment="${esc(e.environment)}">
  <h2>${esc(e.environment)} <span class="status ${r.status}">${r.summary.errors} errors · ${r.summary.warnings} warnings</span></h2>
  <div class="scroll"><table class="matrix">
    <thead><tr><th></th>${head}</tr></thead>
    <tbody>
${rows}
    </tbody>
  </table></div>
  ${findingsList(e)}
</section>`;
}

function cell(c: MatrixCell | undefined): string {
  if (!c) return '<td class="none" title="not defined">·</td>';
  const text = c.fingerprint ?? c.value;
  if (text === undefined) return `<td class="unresolved" title="${esc('resolves to nothing')}">unset</td>`;
  const where = c.source?.file ? `${c.source.file}${c.source.line ? `:${c.source.line}` : ''} (${c.source.kind})` : (c.source?.kind ?? '');
  const title = [where, c.source?.ref, c.via && c.link ? `link ${c.link}/${c.chainLength}: ${c.via}` : undefined].filter(Boolean).join('\n');
  const style = c.group > 0 ? ` style="--hue:${HUES[(c.group - 1) % HUES.length]}"` : '';
  return `<td class="v${c.odd ? ' odd' : ''}${c.secret ? ' secret' : ''}" data-group="${c.group}"${style} title="${esc(title)}">${c.odd ? '<b>≠</b> ' : ''}<code>${esc(short(text))}</code></td>`;
}

function findingsList(e: AuditEnvironment): string {
  const items = e.report.findings.map((f) => {
    const rows = f.services.map((s) => `<li>${esc(rowSummary(s))}</li>`).join('');
    const mark = f.accepted ? 'accepted' : f.severity;
    return `<li class="finding ${mark}"><span class="badge ${mark}">${mark}</span> <code>${esc(f.ruleId)}</code> ${esc(f.message)}${f.accepted ? ` <em>(${esc(f.accepted.reason)})</em>` : ''}<ul>${rows}</ul></li>`;
  });
  const incomplete = e.report.incomplete.map((i) => `<li class="finding incomplete"><span class="badge incomplete">not checked</span> ${esc(i.message)}</li>`);
  if (items.length + incomplete.length === 0) return '<p class="ok">No findings.</p>';
  return `<h3>Findings</h3><ol class="findings">${[...items, ...incomplete].join('')}</ol>`;
}

function reuseSection(a: AuditReport): string {
  if (a.reuse.length === 0) return '<section class="reuse"><h2>Secrets reused across environments</h2><p class="ok">None: every secret differs between environments.</p></section>';
  const rows = a.reuse
    .map((r) => `<tr><th scope="row">${esc(r.setting)}</th><td><code>${esc(r.fingerprint)}</code></td><td>${r.uses.map((u) => `${esc(u.environment)}: ${esc(u.service)}${u.source?.file ? ` <small>${esc(u.source.file)}${u.source.line ? `:${u.source.line}` : ''}</small>` : ''}`).join('<br>')}</td></tr>`)
    .join('\n');
  return `<section class="reuse"><h2>Secrets reused across environments</h2><table><thead><tr><th>setting</th><th>fingerprint</th><th>used in</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function short(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

function esc(s: string | undefined): string {
  return (s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const CSS = `
:root { color-scheme: light; --ink: #1d2330; --muted: #667085; --line: #e4e7ec; --calm: #eef2f6; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fafbfc; }
header { padding: 20px 28px 12px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 4px; font-size: 20px; }
h2 { font-size: 17px; margin: 28px 0 10px; }
h3 { font-size: 14px; margin: 18px 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
main { padding: 0 28px 40px; }
.totals { margin: 2px 0; font-weight: 600; }
.note { margin: 4px 0 8px; color: var(--muted); max-width: 70em; }
.status { font-size: 12px; font-weight: 600; padding: 2px 8px; border-radius: 999px; vertical-align: middle; background: #ecfdf3; color: #067647; }
.status.fail { background: #fef3f2; color: #b42318; }
.status.incomplete { background: #fffaeb; color: #b54708; }
.scroll { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; }
.matrix th, .matrix td { padding: 6px 10px; border-bottom: 1px solid var(--line); white-space: nowrap; text-align: left; }
.matrix thead th { position: sticky; top: 0; background: #fff; font-weight: 600; }
.matrix tbody th { font-weight: 600; background: #fff; position: sticky; left: 0; }
.matrix td code { font-size: 12px; }
td.v { background: var(--calm); }
td.odd { background: hsl(var(--hue, 8) 85% 92%); color: hsl(var(--hue, 8) 70% 28%); outline: 2px solid hsl(var(--hue, 8) 70% 55%); outline-offset: -2px; font-weight: 600; }
td.unresolved { color: #b42318; background: repeating-linear-gradient(45deg, #fff, #fff 4px, #fef3f2 4px, #fef3f2 8px); }
td.none { color: #c0c5cc; text-align: center; }
tr.agree th { color: var(--muted); }
body.only-odd tr.agree { display: none; }
.findings { padding-left: 20px; }
.finding { margin: 8px 0; }
.finding ul { margin: 4px 0; color: var(--muted); font-size: 13px; }
.badge { font-size: 11px; font-weight: 700; text-transform: uppercase; padding: 1px 6px; border-radius: 4px; background: #fef3f2; color: #b42318; }
.badge.warning { background: #fffaeb; color: #b54708; }
.badge.accepted { background: #ecfdf3; color: #067647; }
.badge.incomplete { background: #f2f4f7; color: #344054; }
.ok { color: #067647; }
.reuse table { background: #fff; border: 1px solid var(--line); }
.reuse th, .reuse td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
.filter { color: var(--muted); font-size: 13px; }
`;

// Small and optional: the page reads fine without it (counts odd cells, filters rows).
const SCRIPT = `
(function () {
  var odd = document.querySelectorAll('td.odd').length;
  document.getElementById('odd-count').textContent = String(odd);
  document.body.dataset.odd = String(odd);
  var box = document.getElementById('only-odd');
  box.addEventListener('change', function () { document.body.classList.toggle('only-odd', box.checked); });
})();
`;
