/**
 * The resolved model: what every service ends up with, each value carrying where it came from.
 * Data flows one way: manifest → sources → this model → findings → formatters. What the sources
 * read (entries, provenance, ports) is in sources/types.ts, re-exported here.
 */
import type { ChainLink, ComposeIssue, Entry, HostName, K8sProblem, PortClaim, Provenance } from './sources/types.js';

export type { ChainLink, ComposeIssue, Entry, HostName, K8sProblem, PortClaim, Provenance, SourceKind } from './sources/types.js';

export interface ResolvedSetting {
  service: string;
  setting: string;
  chain: ChainLink[];
  /** 0-based index of the link that resolved, or null when none did */
  linkIndex: number | null;
  /** the raw value: only rules see it, the report never does for secrets */
  value?: string;
  /** full HMAC digest of the value (or of the reference identity), for grouping */
  digest?: string;
  /** short fingerprint for people */
  fingerprint?: string;
  /** when the value is a secret manager reference, its canonical form */
  ref?: string;
  /** the reference was fetched: `value` and `digest` are now the secret's, not the reference's */
  fetched?: boolean;
  /** the reference could not be turned into a value: why (a failure reason, or a JSON key problem) */
  refProblem?: { reason: string; code?: string; jsonKey?: string };
  source?: Provenance;
  /** the variable (or key) that the resolving link read */
  via?: string;
  secret: boolean;
  /** the chain ends in (or contains) a hard-coded literal */
  literalLinks: number[];
  /** the manifest line declaring this setting for this service */
  declaredAt?: { file: string; line?: number };
}

export interface ServiceModel {
  name: string;
  /** where the manifest declares the service: what a finding about something missing points at */
  declaredAt: { file: string; line?: number };
  /** root folder, relative to the repository root */
  root: string;
  /** every occurrence of every key, lowest precedence first; the winner is the last */
  vars: Map<string, Entry[]>;
  settings: Map<string, ResolvedSetting>;
  /** ports this service binds, from every place that says so */
  listens: PortClaim[];
  hostNames: HostName[];
  /** fallback chains read from the service's source code (`code:` in the manifest) */
  codeChains?: import('./code/types.js').CodeChain[];
  /** docker networks of its compose service: it reaches compose names on these only */
  networks?: string[];
  /** names it resolves to addresses of its own (compose extra_hosts, external_links): hosts outside the platform; `*` when it is on an external network */
  outsideHosts?: string[];
  /** each dotenv file the service's variables were read from, with the reader that read it */
  dotenvReads?: { file: string; dialect: string }[];
  /** how the service's own code reads its env files, and why concord thinks so */
  reader?: import('./resolve/readers.js').ReaderChoice;
  /** interpolation problems docker compose would report for its compose project */
  composeIssues?: ComposeIssue[];
}

export interface Model {
  environment: string;
  services: Map<string, ServiceModel>;
  /** every setting name defined by any service */
  settingNames: Set<string>;
  /** each setting's resolution in every service defining it, in manifest order: rules group from here */
  bySetting: Map<string, ResolvedSetting[]>;
  /** dotenv lines that the readers of the file read differently (see resolve/reader-disagreements.ts) */
  readerDisagreements?: import('./resolve/reader-disagreements.js').ReaderDisagreement[];
  /** YAML config scalars that the YAML versions in play read differently (see resolve/yaml-readers.ts) */
  yamlDisagreements?: import('./resolve/yaml-readers.js').YamlDisagreement[];
  /** things worth knowing that are not findings: a source file with a syntax error */
  notes: { file: string; line?: number; message: string }[];
  /** problems of the Kubernetes objects the services were read from */
  k8sProblems?: K8sProblem[];
}
