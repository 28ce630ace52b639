import type { AuditEnvironment } from '../audit-types.js';
import { rowValueText, subjectOf } from '../../present/index.js';
import type { Finding } from '../types.js';
import { esc, fileLink, type PageContext } from './common.js';

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1, accepted: 2 };

/** Every finding of an environment as a table the filters and column sorting act on; provenance in the open. */
export function findingsTable(e: AuditEnvironment, ids: Map<Finding, string>, ctx: PageContext): string {
  const rows = e.report.findings.map((f) => {
    const sev = f.accepted ? 'accepted' : f.severity;
    const services = [...new Set(f.services.map((s) => s.service))];
    const where = f.services
      .map(
        (s) =>
          `<li><b>${esc(s.service)}</b>${s.class ? ` <span class="cls">${esc(s.class)}</span>` : ''} <code class="val">${esc(rowValueText(s))}</code> ${s.source.file ? fileLink(ctx, s.source.file, s.source.line) : `<small>${esc(s.note ?? s.source.kind)}</small>`}${s.via ? ` <small class="via">${esc(s.via)}${s.link !== undefined ? ` ${s.link}/${s.chainLength}` : ''}</small>` : ''}</li>`,
      )
      .join('');
    const subject = subjectOf(f);
    return `<tr id="${ids.get(f)}" class="finding ${sev}" data-rule="${esc(f.ruleId)}" data-severity="${sev}" data-sev-order="${SEVERITY_ORDER[sev]}" data-services="${esc(services.join(' '))}" data-setting="${esc(subject)}">
      <td><span class="badge ${sev}">${sev}</span></td>
      <td><code class="rule">${esc(f.ruleId)}</code></td>
      <td>${esc(subject)}</td>
      <td>${esc(services.join(', '))}</td>
      <td>${esc(f.message)}${f.accepted ? `<br><em>accepted: ${esc(f.accepted.reason)}</em>` : ''}${f.reopened ? `<br><em class="err">reopened: ${esc(f.reopened)}</em>` : ''}<ul class="where">${where}</ul></td>
    </tr>`;
  });
  const incomplete = e.report.incomplete.map(
    (i) =>
      `<tr class="finding incomplete" data-rule="${esc(i.ruleId ?? '')}" data-severity="incomplete" data-sev-order="3" data-services="${esc((i.services ?? []).join(' '))}" data-setting=""><td><span class="badge incomplete">not checked</span></td><td><code>${esc(i.ruleId ?? '')}</code></td><td></td><td>${esc((i.services ?? []).join(', '))}</td><td>${esc(i.message)}</td></tr>`,
  );
  if (rows.length + incomplete.length === 0) return '<p class="ok">No findings.</p>';
  return `<table class="findings">
    <thead><tr>
      <th scope="col"><button type="button" class="sort" data-sort="sev-order">severity</button></th>
      <th scope="col"><button type="button" class="sort" data-sort="rule">rule</button></th>
      <th scope="col"><button type="button" class="sort" data-sort="setting">setting</button></th>
      <th scope="col"><button type="button" class="sort" data-sort="services">services</button></th>
      <th scope="col">what and where</th>
    </tr></thead>
    <tbody>${[...rows, ...incomplete].join('\n')}</tbody>
  </table>`;
}
