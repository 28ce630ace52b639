import { rowValueText } from '../present/index.js';
import type { Finding, FindingService } from './types.js';

/**
 * Where a finding points: the odd one out — a row outside the largest value class — when the
 * finding compares values, else its first located row.
 */
export function primaryRow(f: Finding): FindingService | undefined {
  const located = f.services.filter((s) => s.source.file);
  return located.find((s) => s.class !== undefined && s.class !== 'A') ?? located[0];
}

/** A report path as seen from where the tool runs (`prefix` is the manifest folder from there). */
export function displayPath(file: string, prefix = ''): string {
  if (!prefix || prefix === '.') return file;
  return `${prefix.replace(/\/+$/, '')}/${file}`;
}

export function rowSummary(s: FindingService, prefix?: string): string {
  const where = s.source.file ? `${displayPath(s.source.file, prefix)}${s.source.line ? `:${s.source.line}` : ''}` : (s.note ?? s.source.kind);
  const link = s.link !== undefined && s.chainLength !== undefined ? ` via ${s.via} (link ${s.link}/${s.chainLength})` : s.via ? ` via ${s.via}` : '';
  return `${s.service}${s.environment ? ` [${s.environment}]` : ''}${s.class ? ` (${s.class})` : ''}: ${rowValueText(s)} from ${where}${s.source.ref ? ` ${s.source.ref}` : ''}${interpolatedFrom(s.source.vars)}${link}`;
}

/** ` ← HOST .env:3, PORT shell`: where the variables of an interpolated value were defined. */
export function interpolatedFrom(vars: FindingService['source']['vars']): string {
  if (!vars?.length) return '';
  return ` ← ${vars.map((v) => `${v.name} ${v.shell ? 'environment' : `${v.file}${v.line ? `:${v.line}` : ''}`}`).join(', ')}`;
}
