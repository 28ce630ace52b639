import { serviceGraph } from '../graph/edges.js';
import { openProject, type Project } from '../project/open.js';
import { runStatus, shownValue } from '../present/index.js';
import type { AuditEnvironment, AuditReport, MatrixCell, Reuse } from '../report/audit-types.js';
import { comparedByIdentity } from '../resolve/resolve-chain.js';
import { valueGroups } from '../pipeline/order.js';
import { checkProject, type CheckOptions, type CheckRun } from './check.js';
import { findsTargetsByHost } from '../rules/defaults.js';

export type { AuditEnvironment, AuditReport, MatrixCell, Reuse } from '../report/audit-types.js';

/**
 * Every environment at once: each one's report, a services × settings matrix of who holds which
 * value, and the secrets reused across environments. One session: files, secrets read once.
 */
export async function audit(options: Omit<CheckOptions, 'environment'> = {}): Promise<AuditReport> {
  return auditProject(await openProject(options), options);
}

/** `concord audit`: every environment of an opened project. */
export async function auditProject(project: Project, options: Omit<CheckRun, 'environment'> = {}): Promise<AuditReport> {
  const { manifest, session } = project;
  // Every environment is loaded before anything is masked, so the scrubber knows every secret.
  await Promise.all(manifest.environments.map((e) => session.modelFor(e)));
  const scrub = await session.scrubber();
  const display = { fingerprinter: session.fingerprinter, scrub };
  const environments: AuditEnvironment[] = [];
  const reuse = new Map<string, Reuse>();
  const targets = new Map(
    manifest.rules
      .filter((r) => findsTargetsByHost(r.rule) && typeof r.options.target === 'string')
      .flatMap((r) =>
        [r.options.setting, ...((r.options.settings as unknown[]) ?? [])]
          .filter((s): s is string => typeof s === 'string')
          .map((s) => [s, r.options.target as string]),
      ),
  );
  for (const environment of manifest.environments) {
    const report = await checkProject(project, { ...options, environment });
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
        const shown = r.linkIndex === null ? {} : shownValue(r.value ?? '', r.secret || rowSecret, display, r.fingerprint);
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
          entry.uses.push({
            environment,
            service: r.service,
            ...(r.source ? { source: { kind: r.source.kind, file: r.source.file, line: r.source.line } } : {}),
          });
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
    status: runStatus(errors, incomplete),
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
