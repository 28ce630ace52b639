import { serviceGraph, type ServiceGraph } from '../graph/edges.js';
import { openPlatform } from '../project/open.js';
import type { Report } from '../report/types.js';
import { comparedByIdentity } from '../resolve/resolve-chain.js';
import { valueGroups } from '../pipeline/order.js';
import { checkManifest, type CheckOptions } from './check.js';
import { maskUrlCredentials } from '../pipeline/mask.js';
import { createSession } from '../project/session.js';

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

/**
 * Every environment at once: each one's report, a services × settings matrix of who holds which
 * value, and the secrets reused across environments. One session: files, secrets read once.
 */
export async function audit(options: Omit<CheckOptions, 'environment'> = {}): Promise<AuditReport> {
  const { manifest, files } = await openPlatform(options);
  const session = createSession(manifest, { ...options, ...(files ? { files } : {}) });
  // Every environment is loaded before anything is masked, so the scrubber knows every secret.
  await Promise.all(manifest.environments.map((e) => session.modelFor(e)));
  const scrub = await session.scrubber();
  const environments: AuditEnvironment[] = [];
  const reuse = new Map<string, Reuse>();
  const targets = new Map(
    manifest.rules
      .filter((r) => r.rule === 'port-match' && typeof r.options.target === 'string')
      .flatMap((r) => [r.options.setting, ...((r.options.settings as unknown[]) ?? [])].filter((s): s is string => typeof s === 'string').map((s) => [s, r.options.target as string])),
  );
  for (const environment of manifest.environments) {
    const report = await checkManifest(manifest, { ...options, environment, session });
    const model = await session.modelFor(environment);
    const settings = [...model.settingNames].sort();
    const services = [...model.services.keys()];
    const cells: AuditEnvironment['matrix']['cells'] = {};
    for (const setting of settings) {
      const list = model.bySetting.get(setting) ?? [];
      const groups = valueGroups(list.map((r) => r.digest));
      const row: Record<string, MatrixCell> = {};
      // A setting that is a secret in one service is one in all: its other cells show fingerprints too.
      const rowSecret = list.some((r) => r.secret);
      for (const r of list) {
        const group = r.digest ? groups.get(r.digest)! : -1;
        const fingerprint = r.fingerprint ?? (r.value === undefined ? undefined : session.fingerprinter.fingerprint(r.value));
        const shown = r.linkIndex === null ? {} : r.secret || rowSecret ? { fingerprint } : { value: scrub(maskUrlCredentials(r.value ?? ''), true) };
        row[r.service] = {
          ...shown,
          secret: r.secret,
          group,
          odd: groups.size > 1 && group !== 0,
          ...(r.linkIndex === null ? {} : { link: r.linkIndex + 1, chainLength: r.chain.length, via: r.via }),
          ...(r.source ? { source: { ...r.source } } : {}),
        };
        if (r.secret && r.digest && r.fingerprint && !comparedByIdentity(r)) {
          const key = `${setting}\u0000${r.digest}`;
          const entry = reuse.get(key) ?? { setting, fingerprint: r.fingerprint, uses: [] };
          entry.uses.push({ environment, service: r.service, ...(r.source ? { source: { kind: r.source.kind, file: r.source.file, line: r.source.line } } : {}) });
          reuse.set(key, entry);
        }
      }
      cells[setting] = row;
    }
    environments.push({ environment, report, matrix: { settings, services, cells }, graph: serviceGraph(model, { targets }) });
  }
  const reused = [...reuse.values()].filter((r) => new Set(r.uses.map((u) => u.environment)).size > 1);
  const errors = environments.reduce((n, e) => n + e.report.summary.errors, 0);
  const incomplete = environments.some((e) => e.report.status === 'incomplete');
  return {
    manifest: manifest.file,
    fingerprintKey: session.fingerprinter.keySource,
    status: errors > 0 ? 'fail' : incomplete ? 'incomplete' : 'pass',
    summary: {
      errors,
      warnings: environments.reduce((n, e) => n + e.report.summary.warnings, 0),
      environments: environments.length,
      services: manifest.services.length,
      settings: new Set(environments.flatMap((e) => e.matrix.settings)).size,
    },
    environments,
    reuse: reused,
  };
}
