import type { ChainLink } from '../sources/types.js';
import type { K8sSource } from '../sources/k8s/read.js';
import type { DialectId } from '../sources/dialects/types.js';

export type Severity = 'error' | 'warning' | 'off';

export interface Located {
  /** manifest line this came from */
  line?: number;
}

export interface FileSpec extends Located {
  /** as written, `${env}` not yet replaced */
  file: string;
  required: boolean;
  /** how the service reads this file, when the manifest says */
  dialect?: DialectId;
}

export interface SettingSpec extends Located {
  chain: ChainLink[];
  secret?: boolean;
}

export interface ServiceSpec extends Located {
  name: string;
  /** relative to the repository root */
  root: string;
  env: FileSpec[];
  /** how the service's own code reads its env files, when the manifest says */
  dialect?: DialectId;
  dialectLine?: number;
  config: FileSpec[];
  /** a compose service: the project's files (none: COMPOSE_FILE or the default names in `dir`), its profiles */
  compose?: { files: string[]; service: string; profiles?: string[]; dir?: string } & Located;
  k8s?: K8sSpec;
  secrets: ({ name: string; ref: string } & Located)[];
  /** what the service binds; `inferred`: guessed from its own port variable (zero-config), one listener among others */
  listens: ({ item: string | number; inferred?: boolean } & Located)[];
  aliases: string[];
  settings: Map<string, SettingSpec>;
  /** source globs read for fallback chains */
  code?: string[];
}

/** Where a service's Kubernetes objects come from, and which workload and container are it. */
export interface K8sSpec extends K8sSource, Located {}

export interface RuleSpec extends Located {
  /** position in the manifest's rules list (or in the ruleset that supplied it) */
  index: number;
  rule: string;
  severity?: Severity;
  services?: string[];
  environments?: string[];
  /** every key of the entry, validated against the rule's options schema */
  options: Record<string, unknown>;
  /** where the entry comes from: the manifest, or a ruleset file */
  from: string;
}

export interface AcceptSpec extends Located {
  rule: string;
  setting?: string;
  services?: string[];
  environments?: string[];
  reason: string;
  /** YYYY-MM-DD */
  expires?: string;
  /** service → fingerprint or value the divergence was accepted for */
  fingerprints?: Record<string, string>;
}

export interface Manifest {
  /** absolute path of the repository root (the manifest's folder) */
  root: string;
  /** manifest file name relative to the root */
  file: string;
  environments: string[];
  services: ServiceSpec[];
  rules: RuleSpec[];
  secretPatterns?: RegExp[];
  providers: import('../providers/types.js').ProviderSettings;
  accept: AcceptSpec[];
  /** what the report must say about how the manifest was made (discovery limits reached) */
  notes?: { file: string; line?: number; message: string }[];
}
