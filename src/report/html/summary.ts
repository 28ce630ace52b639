import type { AuditReport } from '../audit-types.js';
import { esc, plural } from './common.js';

/** The top of the page: findings per rule and severity in each environment, and each environment's totals. */
export function summarySection(a: AuditReport): string {
  const envs = a.environments.map((e) => e.environment);
  const counts = new Map<string, Map<string, number>>();
  for (const e of a.environments) {
    for (const f of e.report.findings) {
      const key = `${f.ruleId}\u0000${f.accepted ? 'accepted' : f.severity}`;
      const row = counts.get(key) ?? new Map<string, number>();
      row.set(e.environment, (row.get(e.environment) ?? 0) + 1);
      counts.set(key, row);
    }
  }
  const order = { error: 0, warning: 1, accepted: 2 } as Record<string, number>;
  const keys = [...counts.keys()].sort((x, y) => {
    const [rx, sx] = x.split('\u0000') as [string, string];
    const [ry, sy] = y.split('\u0000') as [string, string];
    return order[sx]! - order[sy]! || rx.localeCompare(ry);
  });
  const rows = keys.map((key) => {
    const [rule, severity] = key.split('\u0000') as [string, string];
    const row = counts.get(key)!;
    const total = [...row.values()].reduce((n, v) => n + v, 0);
    return `<tr data-rule="${esc(rule)}" data-severity="${esc(severity)}"><th scope="row"><button type="button" class="pick" data-pick-rule="${esc(rule)}" title="show only ${esc(rule)}"><code>${esc(rule)}</code></button></th><td><span class="badge ${esc(severity)}">${esc(severity)}</span></td>${envs.map((e) => `<td class="num">${row.get(e) ?? '·'}</td>`).join('')}<td class="num"><b>${total}</b></td></tr>`;
  });
  const cards = a.environments.map((e) => {
    const s = e.report.summary;
    return `<div class="card ${e.report.status}"><h3>${esc(e.environment)}</h3><p><b class="err">${plural(s.errors, 'error')}</b> · <b class="warn">${plural(s.warnings, 'warning')}</b>${s.accepted ? ` · ${s.accepted} accepted` : ''}</p><p class="muted">${plural(s.services, 'service')} · ${plural(s.settings, 'setting')} · ${plural(e.graph.edges.length, 'connection')}</p></div>`;
  });
  return `<section class="summary" aria-label="summary">
  <div class="cards">${cards.join('')}</div>
  <table class="by-rule"><caption>Findings by rule and severity</caption>
    <thead><tr><th scope="col">rule</th><th scope="col">severity</th>${envs.map((e) => `<th scope="col">${esc(e)}</th>`).join('')}<th scope="col">total</th></tr></thead>
    <tbody>${rows.join('') || `<tr><td colspan="${envs.length + 3}" class="ok">No findings.</td></tr>`}</tbody>
  </table>
</section>`;
}
