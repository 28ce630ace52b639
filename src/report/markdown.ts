import { rowValueText, statusWord, subjectOf } from '../present/index.js';
import { displayPath, interpolatedFrom } from './locate.js';
import type { FormatOptions } from './index.js';
import type { Finding, Report } from './types.js';

const STATUS_MARK = { pass: '✅', fail: '❌', incomplete: '⚠️' } as const;

/** A PR comment or `$GITHUB_STEP_SUMMARY`: a summary table, then one diff table per finding. */
export function formatMarkdown(report: Report, options: FormatOptions): string {
  const { errors, warnings, services, settings } = report.summary;
  const status = `${STATUS_MARK[report.status]} ${statusWord(report.status)}`;
  const out = [
    `### concord · ${cell(report.environment)} · ${status}`,
    '',
    `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} across ${services} service${services === 1 ? '' : 's'} and ${settings} setting${settings === 1 ? '' : 's'}.`,
    '',
  ];
  if (report.findings.length) {
    out.push('| | rule | subject | services | finding |', '|---|---|---|---|---|');
    for (const f of report.findings) {
      out.push(
        `| ${f.accepted ? '✔️' : f.severity === 'error' ? '❌' : '⚠️'} | \`${f.ruleId}\` | ${cell(subjectOf(f))} | ${cell([...new Set(f.services.map((s) => s.service))].join(', '))} | ${cell(f.message)}${f.accepted ? ` — accepted: ${cell(f.accepted.reason)}` : ''}${f.reopened ? ` — reopened: ${cell(f.reopened)}` : ''} |`,
      );
    }
    out.push('');
    for (const f of report.findings) out.push(...details(f, options));
  }
  if (report.incomplete.length) {
    out.push('**Not checked**', '', ...report.incomplete.map((i) => `- ${inline(i.message)}`), '');
  }
  return `${out.join('\n')}\n`;
}

function details(f: Finding, options: FormatOptions): string[] {
  const hasClass = f.services.some((s) => s.class);
  const rows = f.services.map((s) => {
    const where = s.source.file
      ? code(`${displayPath(s.source.file, options.pathPrefix)}${s.source.line ? `:${s.source.line}` : ''}`)
      : cell(s.note ?? s.source.kind);
    const link = s.link !== undefined && s.chainLength !== undefined ? `${cell(s.via ?? '')} ${s.link}/${s.chainLength}` : cell(s.via ?? '');
    return `| ${hasClass ? `${s.class ?? ''} | ` : ''}${cell(s.service)}${s.environment ? ` (${cell(s.environment)})` : ''} | ${code(rowValueText(s))} | ${where}${s.source.ref ? ` ${cell(s.source.ref)}` : ''}${cell(interpolatedFrom(s.source.vars))} | ${link} |`;
  });
  return [
    `<details><summary><code>${f.ruleId}</code> ${html(f.message)}</summary>`,
    '',
    `| ${hasClass ? 'class | ' : ''}service | value | from | link |`,
    `|${hasClass ? '---|' : ''}---|---|---|---|`,
    ...rows,
    '',
    '</details>',
    '',
  ];
}

// Names and values come from files: in a table cell they must not end the cell, open HTML
// (GitHub renders some in markdown) or close a code span early.
function cell(s: string): string {
  return html(s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' '));
}

/** A code span that holds any text: fenced by more backticks than the text has in a row. */
function code(s: string): string {
  const text = s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  if (longest === 0) return `\`${text}\``;
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${text} ${fence}`;
}

function inline(s: string): string {
  return html(s.replace(/\r?\n/g, ' '));
}

function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
