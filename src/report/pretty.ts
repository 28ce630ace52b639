import { subjectOf } from '../present/index.js';
import { CODES, table, wrap, type Paint, type Style } from './pretty-table.js';
import type { Finding, Report } from './types.js';

export interface PrettyOptions {
  color: boolean;
  /** only error-severity findings */
  quiet?: boolean;
  /** accepted findings in full, with their tables */
  verbose?: boolean;
  /** the manifest's folder as seen from the working directory: paths are shown from there */
  pathPrefix?: string;
  /** the terminal's width: tables are fitted to it (undefined: full width, e.g. piped) */
  columns?: number;
}

/** Which findings a format shows under --quiet: the same everywhere (errors that are not accepted). */
export function shownFindings(report: Report, quiet: boolean | undefined): Finding[] {
  return quiet ? report.findings.filter((f) => f.severity === 'error' && !f.accepted) : report.findings;
}

/**
 * A diff report for people: one table per judged setting, rows grouped by value class. When
 * several rules judge the same rows (consistent and chain-divergence on jwt_secret), each verdict
 * is a line and the table is printed once.
 */
export function formatPretty(report: Report, options: PrettyOptions): string {
  const paint: Paint = (style: Style, s: string) => (options.color ? `\u001b[${CODES[style]}m${s}\u001b[0m` : s);
  const out: string[] = [];
  const findings = shownFindings(report, options.quiet);
  out.push(
    paint(
      'dim',
      `concord check · ${report.environment} · ${options.pathPrefix && options.pathPrefix !== '.' ? `${options.pathPrefix}/` : ''}${report.manifest}`,
    ),
  );
  if (report.scope) {
    const { changed, services, full } = report.scope;
    out.push(
      paint(
        'dim',
        full
          ? `${plural(changed.length, 'changed file')}, the manifest among them: everything checked`
          : `${plural(changed.length, 'changed file')} → ${services.length ? services.join(', ') : 'no service'}`,
      ),
    );
  }
  out.push('');
  const open = findings.filter((f) => !f.accepted || options.verbose);
  for (const group of groupByTable(open)) {
    for (const f of group) {
      const mark = f.accepted ? paint('green', '✔ accepted') : f.severity === 'error' ? paint('red', '✖ error  ') : paint('yellow', '⚠ warning');
      const subject = f.setting ?? f.vars?.join(', ') ?? '';
      out.push(`${mark} ${paint('bold', f.ruleId)}${subject ? `  ${subject}` : ''}`);
      out.push(...wrap(f.message, '  ', options.columns));
      if (f.accepted) out.push(paint('dim', `  ${acceptedBecause(f)}`));
      if (f.reopened) out.push(paint('red', `  reopened: ${f.reopened}`));
    }
    out.push(...table(group[0]!, paint, { pathPrefix: options.pathPrefix, columns: options.columns, indent: 4 }).map((l) => `    ${l}`), '');
  }
  const accepted = findings.filter((f) => f.accepted && !options.verbose);
  for (const f of accepted)
    out.push(
      `${paint('green', '✔ accepted')} ${f.ruleId}${subjectOf(f) ? `  ${subjectOf(f)}` : ''}  ${paint(
        'dim',
        acceptedBecause(f).replace(/^accepted( by the baseline)?: /, (_m, b?: string) => (b ? 'by the baseline: ' : '')),
      )}`,
    );
  if (accepted.length) out.push(paint('dim', '  (--verbose shows accepted findings in full)'), '');
  for (const p of report.incomplete) out.push(`${paint('yellow', '? not checked')} ${p.message}`, '');
  for (const n of report.notes ?? [])
    for (const l of wrap(`note: ${n.file}${n.line ? `:${n.line}` : ''}: ${n.message}`, '', options.columns)) out.push(paint('dim', l));
  if (report.notes?.length) out.push('');
  const { errors, warnings, services, settings } = report.summary;
  const shownWarnings = options.quiet ? 0 : warnings;
  const head =
    errors > 0
      ? paint('red', `✖ ${plural(errors, 'error')}${shownWarnings ? `, ${plural(shownWarnings, 'warning')}` : ''}`)
      : shownWarnings > 0
        ? paint('yellow', `⚠ ${plural(shownWarnings, 'warning')}`)
        : paint('green', '✔ consistent');
  const acceptedCount = report.summary.accepted ? ` · ${report.summary.accepted} accepted` : '';
  out.push(`${head}${acceptedCount} · ${plural(services, 'service')}, ${plural(settings, 'setting')} · ${report.environment}`);
  out.push(
    paint(
      'dim',
      report.fingerprintKey === 'env'
        ? 'fingerprints: HMAC-SHA256 keyed by CONCORD_FINGERPRINT_KEY'
        : 'fingerprints: HMAC-SHA256 with a random per-run key (set CONCORD_FINGERPRINT_KEY to compare them across runs)',
    ),
  );
  return `${out.join('\n')}\n`;
}

function acceptedBecause(f: Finding): string {
  const a = f.accepted!;
  return `accepted${a.by === 'baseline' ? ' by the baseline' : ''}: ${a.reason}${a.expires ? ` (until ${a.expires})` : ''}${a.verified === false ? ' — fingerprints not compared: set CONCORD_FINGERPRINT_KEY' : ''}`;
}

/** Findings that show the same rows (same setting, same services, values and sources), in first-seen order. */
function groupByTable(findings: Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = JSON.stringify([f.environment, subjectOf(f), f.services]);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
