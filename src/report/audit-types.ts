/** What `concord audit` returns: the contract the HTML page and `--format json` render. */
import type { ServiceGraph } from '../graph/edges.js';
import type { Report } from './types.js';

export interface MatrixCell {
  /** secrets: fingerprint only */
  fingerprint?: string;
  value?: string;
  secret: boolean;
  /** cells of a row with the same value share a group: 0 is the largest, -1 unresolved */
  group: number;
  /** the row holds more than one value and this cell is not in the largest group */
  odd: boolean;
  link?: number;
  chainLength?: number;
  via?: string;
  source?: { kind: string; file?: string; line?: number; ref?: string };
}

export interface AuditEnvironment {
  environment: string;
  report: Report;
  /** services × settings: each setting a row, each service a column */
  matrix: { settings: string[]; services: string[]; cells: Record<string, Record<string, MatrixCell>> };
  /** who calls whom, from URLs and connection strings (no values: settings, ports, provenance) */
  graph: ServiceGraph;
}

/** One secret value used in more than one environment. */
export interface Reuse {
  setting: string;
  fingerprint: string;
  uses: { environment: string; service: string; source?: { kind: string; file?: string; line?: number } }[];
}

export interface AuditReport {
  manifest: string;
  fingerprintKey: 'env' | 'per-run';
  status: 'pass' | 'fail' | 'incomplete';
  summary: { errors: number; warnings: number; environments: number; services: number; settings: number };
  environments: AuditEnvironment[];
  reuse: Reuse[];
}
