import type { AuditEnvironment, MatrixCell } from '../audit-types.js';
import { rowValueText, subjectOf } from '../../present/index.js';
import type { Finding, FindingService } from '../types.js';
import { esc, fileLink, type PageContext } from './common.js';

/** Hues for value groups 1, 2, …: the largest group (0) stays calm, the odd ones out stand out. */
const HUES = [8, 280, 32, 200, 330, 140, 50, 250];

interface Mark {
  id: string;
  finding: Finding;
  rows: FindingService[];
}

/**
 * Services × settings, each cell the value a service resolves (a secret's fingerprint), where it
 * came from, and a mark for every finding about it. Findings about something other than a
 * setting (ports, variable pairs, code) get rows of their own, so every finding has a cell.
 */
export function matrixTable(e: AuditEnvironment, ids: Map<Finding, string>, ctx: PageContext): string {
  const { services, cells } = e.matrix;
  const marks = new Map<string, Map<string, Mark[]>>();
  const extraRows: string[] = [];
  for (const f of e.report.findings) {
    const row = f.setting && cells[f.setting] ? f.setting : subjectOf(f) || f.ruleId;
    if (!cells[row] && !extraRows.includes(row)) extraRows.push(row);
    const byService = marks.get(row) ?? new Map<string, Mark[]>();
    for (const svc of new Set(f.services.map((s) => s.service))) {
      const list = byService.get(svc) ?? [];
      list.push({ id: ids.get(f)!, finding: f, rows: f.services.filter((s) => s.service === svc) });
      byService.set(svc, list);
    }
    marks.set(row, byService);
  }
  const head = services.map((s) => `<th scope="col" data-service="${esc(s)}">${esc(s)}</th>`).join('');
  const rows = [...e.matrix.settings, ...extraRows].map((row) => {
    const rowMarks = marks.get(row);
    const values = cells[row] ?? {};
    const flagged = rowMarks !== undefined && rowMarks.size > 0;
    const disagree = Object.values(values).some((c) => c.odd);
    const rules = [...new Set([...(rowMarks?.values() ?? [])].flat().map((m) => m.finding.ruleId))];
    const tds = services.map((svc) => cell(values[svc], rowMarks?.get(svc) ?? [], ctx)).join('');
    return `<tr class="${flagged ? 'flagged' : 'quiet'}${disagree ? ' disagree' : ''}${cells[row] ? '' : ' subject'}" data-setting="${esc(row)}" data-rules="${esc(rules.join(' '))}"><th scope="row">${esc(row)}</th>${tds}</tr>`;
  });
  return `<table class="matrix">
    <thead><tr><th scope="col" class="corner">setting</th>${head}</tr></thead>
    <tbody>
${rows.join('\n')}
    </tbody>
  </table>`;
}

function cell(c: MatrixCell | undefined, marks: Mark[], ctx: PageContext): string {
  const badges = marks
    .map((m) => {
      const sev = m.finding.accepted ? 'accepted' : m.finding.severity;
      return `<a class="mark ${sev}" href="#${m.id}" title="${esc(m.finding.message)}">${sev === 'error' ? '✖' : sev === 'warning' ? '⚠' : '✔'} ${esc(m.finding.ruleId)}</a>`;
    })
    .join('');
  const worst = marks.some((m) => !m.finding.accepted && m.finding.severity === 'error')
    ? ' has-error'
    : marks.some((m) => !m.finding.accepted)
      ? ' has-warning'
      : '';
  if (!c) {
    // Not a setting of this service, but a finding names it (a port it listens on, a variable it lacks).
    const row = marks[0]?.rows[0];
    if (!row) return '<td class="none" title="not defined">·</td>';
    const more = marks[0]!.rows.length > 1 ? ` <small>+${marks[0]!.rows.length - 1}</small>` : '';
    return `<td class="finding-cell${worst}"><code class="val">${esc(rowValueText(row))}</code>${more}${row.via ? ` <small class="via">${esc(row.via)}</small>` : ''}${row.source.file ? `<br>${fileLink(ctx, row.source.file, row.source.line)}` : row.note ? `<br><small>${esc(row.note)}</small>` : ''}${badges}</td>`;
  }
  const text = c.fingerprint ?? c.value;
  if (text === undefined) return `<td class="unresolved${worst}"><span>unset</span>${badges}</td>`;
  const style = c.group > 0 ? ` style="--hue:${HUES[(c.group - 1) % HUES.length]}"` : '';
  const title = [c.via && c.link ? `link ${c.link}/${c.chainLength}: ${c.via}` : undefined, c.source?.ref].filter(Boolean).join('\n');
  return `<td class="v${c.odd ? ' odd' : ''}${c.secret ? ' secret' : ''}${worst}" data-group="${c.group}"${style} title="${esc(title)}">${c.odd ? '<b>≠</b> ' : ''}<code class="val">${esc(short(text))}</code>${c.source?.file ? `<br>${fileLink(ctx, c.source.file, c.source.line)}` : c.source ? `<br><small>${esc(c.source.kind)}</small>` : ''}${badges}</td>`;
}

function short(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}
