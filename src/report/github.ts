import { displayPath, primaryRow, rowSummary } from './locate.js';
import type { FormatOptions } from './index.js';
import type { Report } from './types.js';

/** GitHub Actions workflow commands: one annotation per finding, on the odd one out's line. */
export function formatGithub(report: Report, options: FormatOptions): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    const row = primaryRow(f);
    const props = [
      ...(row?.source.file ? [`file=${prop(displayPath(row.source.file, options.pathPrefix))}`] : []),
      ...(row?.source.line ? [`line=${row.source.line}`] : []),
      `title=${prop(`concord ${f.ruleId}${f.setting ? ` ${f.setting}` : ''}`)}`,
    ];
    const body = [f.message, ...f.services.map((s) => `${rowSummary(s, options.pathPrefix)}`)].join('\n');
    const level = f.accepted ? 'notice' : f.severity === 'error' ? 'error' : 'warning';
    const note = f.accepted ? `\naccepted: ${f.accepted.reason}` : f.reopened ? `\nreopened: ${f.reopened}` : '';
    lines.push(`::${level} ${props.join(',')}::${data(body + note)}`);
  }
  for (const i of report.incomplete) lines.push(`::warning title=${prop('concord could not check')}::${data(i.message)}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

// The escaping GitHub's toolkit applies to workflow command data and properties.
function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function prop(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
