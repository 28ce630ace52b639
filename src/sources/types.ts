/**
 * What sources read, each value carrying where it came from: the facts the resolved model
 * (src/model.ts) is built from. At the bottom, apart from the model, because the sources that
 * produce these import them, while the model also records what resolve decided (readers).
 */

export type SourceKind =
  | 'dotenv'
  | 'config'
  | 'compose'
  | 'k8s'
  | 'k8s-configmap'
  | 'k8s-secret'
  /** a compose `secrets:` source read through a `*_FILE` variable */
  | 'compose-secret'
  | 'secret-ref'
  | 'literal'
  /** declared in the manifest (where a setting that resolved nowhere is defined) */
  | 'manifest';

/** Where a value was defined. `file` is relative to the repository root, with forward slashes. */
export interface Provenance {
  kind: SourceKind;
  file?: string;
  line?: number;
  /** a secret manager reference, when the value is one (references are identifiers, not secrets) */
  ref?: string;
  /** a dotenv value: the reader that read it (node, python, compose…), see src/sources/dialects */
  dialect?: string;
  /** an interpolated value: the variables it used and where each was defined (`shell`: the environment) */
  vars?: { name: string; file?: string; line?: number; shell?: boolean }[];
  /** a rendered Kubernetes object (`Deployment/api`), when the value could not be traced to a line of its source */
  object?: string;
}

/** One occurrence of a key with a value in one source file. */
export interface Entry {
  key: string;
  value: string;
  source: Provenance;
  /** the value comes from a secret store (a Kubernetes Secret, a secret manager) */
  fromSecretStore?: boolean;
  /** the value is final as read (single-quoted in a dotenv file, or already interpolated by compose) */
  raw?: boolean;
  /** a YAML config value written unquoted whose meaning depends on the YAML version (`on`, `0755`): its text */
  plain?: string;
  /** the value as concord's own YAML 1.2 reading gave it, when the service's YAML reader reads it otherwise */
  yaml12?: string;
}

/** A link of a fallback chain. `file` is set for links read from source code (else the manifest). */
export type ChainLink =
  | { kind: 'var'; name: string; line?: number; file?: string }
  | { kind: 'literal'; value: string; line?: number; file?: string }
  | { kind: 'ref'; ref: string; line?: number; file?: string }
  | { kind: 'setting'; name: string; line?: number }
  | { kind: 'from-code'; name: string; line?: number };

export interface PortClaim {
  port: number;
  /** the service binds this port (from `listens:`), rather than its deployment expecting it */
  bound?: boolean;
  /** the binding is guessed (a service's own port variable, zero-config), not declared in the manifest */
  inferred?: boolean;
  /** declared as a port the container serves its peers on (compose `expose`, `containerPort`), not published to a host */
  internal?: boolean;
  /** what says so: `listens: port`, `compose ports`, `containerPort`, `healthcheck`… */
  via: string;
  source: Provenance;
  /** when the port comes from a setting: the link of its chain that resolved (1-based) */
  link?: number;
  chainLength?: number;
}

/** A name by which other services reach this one, and the ports reachable under that name. */
export interface HostName {
  name: string;
  /** how the name is known: service, alias, compose, k8s-service */
  kind: 'service' | 'alias' | 'compose' | 'k8s-service';
  /** for a k8s Service: its port → targetPort; otherwise the container ports apply */
  servicePorts?: { port: number; targetPort?: number; source: Provenance }[];
  /** a compose name resolves only on these docker networks; absent: everywhere */
  networks?: string[];
}

/** What docker compose would warn about (`unset`) or refuse (`required`, `invalid`) in interpolation. */
export interface ComposeIssue {
  file: string;
  line?: number;
  /** missingEnvFile: a required `env_file` that does not exist (`name` is its path) */
  kind: 'unset' | 'required' | 'invalid' | 'missingEnvFile';
  name?: string;
  /** the key whose value holds the reference: when it is a secret, what follows its `$` is secret text, not a name to print */
  key?: string;
  /** the value is that one reference and nothing else: its name is safe to print */
  whole?: boolean;
}

/**
 * Something a Kubernetes manifest gets wrong by itself (a Service whose targetPort no container
 * binds, a value the API server rejects), or a chart or overlay that could not be rendered.
 * The k8s-manifest rule reports these; they are data, not sentences.
 */
export interface K8sProblem {
  messageId: 'notString' | 'selectsNothing' | 'selectsNothingNear' | 'targetPortUnnamed' | 'targetPortUnbound' | 'notRendered';
  /** lowered when the problem may not be one (a Service whose pods may come from elsewhere) */
  severity?: 'warning';
  /** what the problem is about: `Service/api`, `Deployment/api env LOG_LEVEL` */
  subject: string;
  data: Record<string, string | number>;
  source: Provenance;
  /** the services whose Kubernetes sources hold it */
  services: string[];
  /** the workloads it concerns (`deployment/api`); none for an object no workload owns */
  owners?: string[];
  /** no service checked is the workload it concerns (or it concerns none): reported once, under the first service reading it */
  shared?: boolean;
}
