import { displayPath, interpolatedFrom } from './locate.js';
import type { Finding, FindingService } from './types.js';

export const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, dim: 2, bold: 1 } as const;
export type Style = keyof typeof CODES;
export type Paint = (style: Style, s: string) => string;
const CLASS_STYLES: Style[] = ['green', 'red', 'magenta', 'cyan', 'blue', 'yellow'];

/** Narrowest a shrunk column gets: a whole fingerprint (hmac: and 12 hex digits) stays readable. */
const MIN_COLUMN = 17;

/**
 * A finding's rows as an aligned table. When `columns` is given (a terminal's width), the value
 * column and then the link column are truncated with "…" so each line fits; paths stay whole,
 * since a truncated file:line cannot be opened.
 */
export function table(f: Finding, paint: Paint, opts: { pathPrefix?: string; columns?: number; indent: number }): string[] {
  const hasClass = f.services.some((s) => s.class);
  const hasEnv = f.services.some((s) => s.environment);
  const rows = orderRows(f.services).map((s) => [
    ...(hasClass ? [s.class ?? ''] : []),
    s.service,
    ...(hasEnv ? [s.environment ?? f.environment] : []),
    s.fingerprint ?? s.value ?? (s.note === 'not set' || s.note === 'not defined' ? '—' : (s.note ?? '')),
    where(s, opts.pathPrefix),
    link(s),
  ]);
  const header = [...(hasClass ? ['class'] : []), 'service', ...(hasEnv ? ['env'] : []), 'value', 'from', 'link'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const valueAt = header.indexOf('value');
  const linkAt = header.length - 1;
  // Still too wide with both shrunk: the link goes under its row, starting below the value.
  let linkBelow = false;
  if (opts.columns) {
    const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1) + opts.indent;
    for (const i of [valueAt, linkAt]) {
      const over = total() - opts.columns;
      if (over > 0) widths[i] = Math.max(Math.min(widths[i]!, MIN_COLUMN), widths[i]! - over);
    }
    if (total() > opts.columns) {
      linkBelow = true;
      widths[linkAt] = Math.max(4, opts.columns - opts.indent - widths.slice(0, valueAt).reduce((a, b) => a + b + 2, 0) - 2);
    }
  }
  const fit = (c: string, i: number) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!));
  const line = (cells: string[]) => (linkBelow ? cells.slice(0, linkAt) : cells).map(fit).join('  ').trimEnd();
  const under = (r: string[]) =>
    linkBelow && r[linkAt] ? [`${' '.repeat(widths.slice(0, valueAt).reduce((a, b) => a + b + 2, 0))}↳ ${fit(r[linkAt]!, linkAt).trimEnd()}`] : [];
  return [
    paint('dim', line(header)),
    ...rows.flatMap((r) => {
      const text = line(r);
      const cls = hasClass ? r[0]! : '';
      if (!cls) return [text, ...under(r)];
      const style = CLASS_STYLES[(cls.charCodeAt(0) - 65) % CLASS_STYLES.length]!;
      return [paint(style, text.slice(0, widths[0]!)) + text.slice(widths[0]!), ...under(r)];
    }),
  ];
}

function orderRows(rows: FindingService[]): FindingService[] {
  return [...rows].sort((a, b) => (a.class ?? '').localeCompare(b.class ?? ''));
}

function where(s: FindingService, prefix: string | undefined): string {
  const src = s.source;
  if (src.kind === 'unset') return s.note ?? 'not set';
  const loc = src.file ? `${displayPath(src.file, prefix)}${src.line ? `:${src.line}` : ''}` : '';
  const ref = src.ref ? ` ${src.ref}` : '';
  const vars = src.vars?.map((v) => (v.file ? { ...v, file: displayPath(v.file, prefix) } : v));
  return `${loc} (${src.kind}${src.object ? ` ${src.object}` : ''})${ref}${interpolatedFrom(vars)}`.trim();
}

function link(s: FindingService): string {
  const via = s.via ?? '';
  if (s.link !== undefined && s.chainLength !== undefined) return `${via} ${s.link}/${s.chainLength}`.trim();
  return via + (s.note && s.source.kind !== 'unset' ? `${via ? ' · ' : ''}${s.note}` : '');
}

/** Words wrapped to `columns` (no limit when undefined), each line after the first indented like it. */
export function wrap(text: string, indent: string, columns: number | undefined): string[] {
  if (!columns || indent.length + text.length <= columns) return [`${indent}${text}`];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > columns) {
      lines.push(`${indent}${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, `${indent}${line}`];
}
