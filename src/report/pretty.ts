import type { Finding, FindingService, Report } from './types.js';
import { interpolatedFrom } from './locate.js';

export interface PrettyOptions {
  color: boolean;
  /** only error-severity findings */
  quiet?: boolean;
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, dim: 2, bold: 1 } as const;
type Style = keyof typeof CODES;
const CLASS_STYLES: Style[] = ['green', 'red', 'magenta', 'cyan', 'blue', 'yellow'];

/** A diff report for people: one table per finding, rows grouped by value class. */
export function formatPretty(report: Report, options: PrettyOptions): string {
  const paint = (style: Style, s: string) => (options.color ? `\u001b[${CODES[style]}m${s}\u001b[0m` : s);
  const out: string[] = [];
  const findings = options.quiet ? report.findings.filter((f) => f.severity === 'error' && !f.accepted) : report.findings;
  out.push(paint('dim', `concord check · ${report.environment} · ${report.manifest}`));
  if (report.scope) {
    const { changed, services, full } = report.scope;
    out.push(paint('dim', full ? `${plural(changed.length, 'changed file')}, the manifest among them: everything checked` : `${plural(changed.length, 'changed file')} → ${services.length ? services.join(', ') : 'no service'}`));
  }
  out.push('');
  for (const f of findings) {
    const mark = f.accepted ? paint('green', '✔ accepted') : f.severity === 'error' ? paint('red', '✖ error  ') : paint('yellow', '⚠ warning');
    const subject = f.setting ?? f.vars?.join(', ') ?? '';
    out.push(`${mark} ${paint('bold', f.ruleId)}${subject ? `  ${subject}` : ''}`);
    out.push(`  ${f.message}`);
    if (f.accepted) out.push(paint('dim', `  accepted${f.accepted.by === 'baseline' ? ' by the baseline' : ''}: ${f.accepted.reason}${f.accepted.expires ? ` (until ${f.accepted.expires})` : ''}${f.accepted.verified === false ? ' — fingerprints not compared: set CONCORD_FINGERPRINT_KEY' : ''}`));
    if (f.reopened) out.push(paint('red', `  reopened: ${f.reopened}`));
    out.push(...table(f, paint).map((l) => `    ${l}`), '');
  }
  for (const p of report.incomplete) out.push(`${paint('yellow', '? not checked')} ${p.message}`, '');
  for (const n of report.notes ?? []) out.push(paint('dim', `note: ${n.file}${n.line ? `:${n.line}` : ''}: ${n.message}`));
  if (report.notes?.length) out.push('');
  const { errors, warnings, services, settings } = report.summary;
  const shownWarnings = options.quiet ? 0 : warnings;
  const head =
    errors > 0
      ? paint('red', `✖ ${plural(errors, 'error')}${shownWarnings ? `, ${plural(shownWarnings, 'warning')}` : ''}`)
      : shownWarnings > 0
        ? paint('yellow', `⚠ ${plural(shownWarnings, 'warning')}`)
        : paint('green', '✔ consistent');
  const accepted = report.summary.accepted ? ` · ${report.summary.accepted} accepted` : '';
  out.push(`${head}${accepted} · ${plural(services, 'service')}, ${plural(settings, 'setting')} · ${report.environment}`);
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

function table(f: Finding, paint: (s: Style, t: string) => string): string[] {
  const hasClass = f.services.some((s) => s.class);
  const hasEnv = f.services.some((s) => s.environment);
  const rows = orderRows(f.services).map((s) => [
    ...(hasClass ? [s.class ?? ''] : []),
    s.service,
    ...(hasEnv ? [s.environment ?? f.environment] : []),
    s.fingerprint ?? s.value ?? (s.note === 'not set' || s.note === 'not defined' ? '—' : (s.note ?? '')),
    where(s),
    link(s),
  ]);
  const header = [...(hasClass ? ['class'] : []), 'service', ...(hasEnv ? ['env'] : []), 'value', 'from', 'link'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [
    paint('dim', line(header)),
    ...rows.map((r) => {
      const text = line(r);
      const cls = hasClass ? r[0]! : '';
      if (!cls) return text;
      const style = CLASS_STYLES[(cls.charCodeAt(0) - 65) % CLASS_STYLES.length]!;
      return paint(style, text.slice(0, widths[0]!)) + text.slice(widths[0]!);
    }),
  ];
}

function orderRows(rows: FindingService[]): FindingService[] {
  return [...rows].sort((a, b) => (a.class ?? '').localeCompare(b.class ?? ''));
}

function where(s: FindingService): string {
  const src = s.source;
  if (src.kind === 'unset') return s.note ?? 'not set';
  const loc = src.file ? `${src.file}${src.line ? `:${src.line}` : ''}` : '';
  const ref = src.ref ? ` ${src.ref}` : '';
  return `${loc} (${src.kind}${src.object ? ` ${src.object}` : ''})${ref}${interpolatedFrom(src.vars)}`.trim();
}


function link(s: FindingService): string {
  const via = s.via ?? '';
  if (s.link !== undefined && s.chainLength !== undefined) return `${via} ${s.link}/${s.chainLength}`.trim();
  return via + (s.note && s.source.kind !== 'unset' ? `${via ? ' · ' : ''}${s.note}` : '');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
