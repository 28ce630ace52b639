/** What `concord explain` returns: the contract its pretty and JSON output render. */
import type { Provenance } from '../model.js';

/** One definition of a variable in one file: the last one wins. */
export interface ExplainedOccurrence {
  source: { kind: string; file?: string; line?: number; ref?: string; vars?: Provenance['vars'] };
  fingerprint?: string;
  value?: string;
  /** a later definition overrides this one */
  shadowed: boolean;
}

export interface ExplainedLink {
  /** 1-based position in the chain */
  index: number;
  kind: 'var' | 'literal' | 'ref' | 'setting';
  name: string;
  /** taken: this link gave the value; skipped: tried and unset or empty; not-reached: after the taken one */
  state: 'taken' | 'unset' | 'empty' | 'not-reached';
  occurrences: ExplainedOccurrence[];
}

export interface ExplainedService {
  service: string;
  secret: boolean;
  /** services holding the same value share a letter */
  class?: string;
  fingerprint?: string;
  value?: string;
  /** the reference the value was read from, and whether it was read */
  ref?: string;
  refProblem?: string;
  link: number | null;
  chainLength: number;
  links: ExplainedLink[];
  /** how the service's own code reads its env files, and the evidence (or that it was assumed) */
  reader?: {
    dialect: string;
    readers: string;
    why?: string;
    file?: string;
    line?: number;
    assumed?: 'platform' | 'default';
    yaml?: { reader: string; why: string; file: string; line?: number };
  };
}

export interface Explanation {
  setting: string;
  environment: string;
  manifest: string;
  fingerprintKey: 'env' | 'per-run';
  /** distinct values among the services that resolve the setting */
  values: number;
  services: ExplainedService[];
}
