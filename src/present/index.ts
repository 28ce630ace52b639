/**
 * How concord shows what it found, decided in one place so that `check`, `explain`, `audit` and
 * every report format agree: how a value is shown (a secret by its fingerprint only, anything else
 * with credentials masked and known secrets scrubbed), which findings are "the same" across runs,
 * and what a run's status and exit code are.
 */
import { EXIT } from '../errors.js';
import type { Fingerprinter } from '../fingerprint.js';
import type { Finding, FindingService, Report } from '../report/types.js';
import { comparisonKey } from '../resolve/resolve-chain.js';
import { maskCredentials } from './credentials.js';

export { maskCredentials };

/** `inValue`: the string is a value, where even a short secret is masked wherever it occurs. */
export type Scrubber = (s: string, inValue?: boolean) => string;

/** A value that is not a secret, as shown: credentials masked, any known secret in it scrubbed. */
export function maskedValue(value: string, scrub: Scrubber): string {
  return scrub(maskCredentials(value), true);
}

/** A secret's fingerprint: references by what they name, so two spellings of one reference agree. */
export function secretFingerprint(value: string, fingerprinter: Fingerprinter): string {
  return fingerprinter.fingerprint(comparisonKey(value));
}

export interface ValueDisplay {
  fingerprinter: Fingerprinter;
  scrub: Scrubber;
}

/**
 * A value as a report shows it: `{ fingerprint }` for a secret (the one already computed, when
 * the model has it), else `{ value }` masked.
 */
export function shownValue(value: string, secret: boolean, display: ValueDisplay, fingerprint?: string): { fingerprint: string } | { value: string } {
  return secret ? { fingerprint: fingerprint ?? secretFingerprint(value, display.fingerprinter) } : { value: maskedValue(value, display.scrub) };
}

/** A report row's value in text: its fingerprint, its (masked) value, or a dash. */
export function rowValueText(s: FindingService): string {
  return s.fingerprint ?? s.value ?? '—';
}

/** What a finding is about, in a few words: its setting, variables or subject. */
export function subjectOf(f: { setting?: string; vars?: string[]; subject?: string }, varsJoin = ' + '): string {
  return f.setting ?? f.vars?.join(varsJoin) ?? f.subject ?? '';
}

/**
 * The same divergence across runs (a baseline, SARIF's partial fingerprints): rule, environment,
 * what, message kind and the services involved — never values, which may change.
 */
export function findingIdentity(f: Finding, varsJoin?: string): [ruleId: string, environment: string, subject: string, messageId: string, services: string[]] {
  return [f.ruleId, f.environment, subjectOf(f, varsJoin), f.messageId, [...new Set(f.services.map((s) => s.service))].sort()];
}

export type RunStatus = Report['status'];

/** An error fails a run; otherwise anything left unchecked makes it incomplete. */
export function runStatus(errors: number, incomplete: boolean): RunStatus {
  return errors > 0 ? 'fail' : incomplete ? 'incomplete' : 'pass';
}

/** A status in words, as the markdown summary and the audit page headline say it. */
export function statusWord(status: RunStatus): 'consistent' | 'inconsistent' | 'incomplete' {
  return status === 'pass' ? 'consistent' : status === 'fail' ? 'inconsistent' : 'incomplete';
}

export function exitCodeForStatus(status: RunStatus): number {
  return status === 'fail' ? EXIT.findings : status === 'incomplete' ? EXIT.incomplete : EXIT.ok;
}

export function exitCodeForReport(report: Pick<Report, 'status'>): number {
  return exitCodeForStatus(report.status);
}
