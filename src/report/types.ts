import type { SourceKind } from '../sources/types.js';

/** The JSON contract (`--format json`). Everything here has been masked: no secret value remains. */
export interface Report {
  status: 'pass' | 'fail' | 'incomplete';
  environment: string;
  manifest: string;
  /** how fingerprints were keyed: `env` (CONCORD_FINGERPRINT_KEY, stable) or `per-run` (random) */
  fingerprintKey: 'env' | 'per-run';
  summary: Summary;
  findings: Finding[];
  /** everything the rules checked, findings or not */
  checks: Check[];
  /** what could not be checked (a crashed rule, an unreadable secret); makes the status `incomplete` */
  incomplete: { ruleId?: string; ref?: string; services?: string[]; reason?: string; message: string }[];
  /** secret manager reads of this run */
  secrets?: { offline: boolean; fetched: number; failed: number };
  /** worth knowing, not findings: a source file with a syntax error (its other chains still count) */
  notes?: { file: string; line?: number; message: string }[];
  /** a run on changed files (--staged, --changed): what changed and which services that touches */
  scope?: { full: boolean; changed: string[]; services: string[] };
}

export interface Summary {
  errors: number;
  warnings: number;
  /** findings accepted in the manifest or by a baseline (not counted in errors or warnings) */
  accepted?: number;
  services: number;
  settings: number;
}

export interface Finding {
  ruleId: string;
  severity: 'error' | 'warning';
  environment: string;
  setting?: string;
  vars?: string[];
  /** what was checked when it is neither a setting nor variables (e.g. `auth ports`) */
  subject?: string;
  messageId: string;
  message: string;
  services: FindingService[];
  /** a known divergence, accepted in the manifest or by a baseline: not counted as an error */
  accepted?: { by: 'manifest' | 'baseline'; reason: string; expires?: string; verified?: boolean };
  /** why an acceptance matching this finding no longer holds (expired, values changed) */
  reopened?: string;
}

/** One thing a rule checked, passing or not: JUnit lists each as a test case. */
export interface Check {
  ruleId: string;
  subject: string;
  environment: string;
}

export interface FindingService {
  service: string;
  environment?: string;
  /** services holding the same value share a letter: A is the largest group */
  class?: string;
  fingerprint?: string;
  value?: string;
  link?: number;
  chainLength?: number;
  via?: string;
  source: {
    kind: SourceKind | 'unset';
    file?: string;
    line?: number;
    ref?: string;
    dialect?: string;
    vars?: import('../sources/types.js').Provenance['vars'];
    object?: string;
  };
  note?: string;
}
