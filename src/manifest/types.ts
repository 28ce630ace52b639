import type { ChainLink } from '../model.js';

export type Severity = 'error' | 'warning' | 'off';

export interface Located {
  /** manifest line this came from */
  line?: number;
}

export interface FileSpec extends Located {
  /** as written, `${env}` not yet replaced */
  file: string;
  required: boolean;
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
  config: FileSpec[];
  compose?: { file: string; service: string } & Located;
  k8s?: { files: string[]; container: string } & Located;
  secrets: ({ name: string; ref: string } & Located)[];
  listens: ({ item: string | number } & Located)[];
  aliases: string[];
  settings: Map<string, SettingSpec>;
  /** source globs read for fallback chains */
  code?: string[];
}

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
