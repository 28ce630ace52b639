import type { Manifest } from '../manifest/types.js';
import { applyAcceptances } from '../pipeline/accept.js';
import { maskFindings } from '../pipeline/mask.js';
import { assignClasses, dedupe, sortFindings } from '../pipeline/order.js';
import { runRules } from '../pipeline/run-rules.js';
import { exitCodeForReport, runStatus } from '../present/index.js';
import { defaultCacheDir, openProject, projectOf, type Project, type ProjectOptions } from '../project/open.js';
import type { Report } from '../report/types.js';
import type { AnyRule } from '../rules/define.js';

export { defaultCacheDir, exitCodeForReport };

/** What a check decides besides the platform it runs on. */
export interface CheckRun {
  /** the environment to check; default: the manifest's first */
  environment?: string;
  /** rule implementations by id, for embedding concord with rules of one's own; default: the built-in rules */
  rules?: ReadonlyMap<string, AnyRule>;
  /** a previous JSON report: its findings are accepted while their values stay the same */
  baseline?: Report;
  /** the date acceptances expire against (default: today) */
  now?: Date;
}

export interface CheckOptions extends ProjectOptions, CheckRun {}

/**
 * Loads the manifest and every service's sources, resolves every setting, runs the rules and
 * returns a masked report. Throws ConfigError/SourceError for input it cannot work with.
 */
export async function check(options: CheckOptions = {}): Promise<Report> {
  return checkProject(await openProject(options), options);
}

export async function checkManifest(manifest: Manifest, options: Omit<CheckOptions, 'cwd' | 'dir' | 'config'> = {}): Promise<Report> {
  return checkProject(await projectOf(manifest, options), options);
}

/** `concord check`: one environment of an opened project, as a report. */
export async function checkProject(project: Project, options: CheckRun = {}): Promise<Report> {
  const { manifest, session, scope } = project;
  const environment = session.environment(options.environment);
  const model = await session.modelFor(environment);
  const {
    findings: raw,
    crashes,
    checks,
  } = await runRules({
    manifest,
    model,
    modelFor: session.modelFor,
    fingerprinter: session.fingerprinter,
    isSecretName: session.isSecretName,
    rules: options.rules,
    io: session.ruleIo(options.now ?? new Date()),
  });

  const scrub = await session.scrubber();
  // A pre-commit run reports what involves the services it touched, not old drift elsewhere.
  const relevant = scope && !scope.full ? raw.filter((f) => f.observations.some((o) => scope.touched.has(o.service))) : raw;
  const findings = applyAcceptances(sortFindings(maskFindings(assignClasses(dedupe(relevant)), scrub)), {
    accept: manifest.accept,
    baseline: options.baseline,
    today: (options.now ?? new Date()).toISOString().slice(0, 10),
    keySource: session.fingerprinter.keySource,
  });
  const open = findings.filter((f) => !f.accepted);
  const errors = open.filter((f) => f.severity === 'error').length;
  const incomplete: Report['incomplete'] = [
    ...session.secretFailures(),
    // The crash's own message may quote a value: the rule and the exception's type say enough.
    ...crashes.map((c) => ({ ruleId: c.ruleId, message: scrub(c.message) })),
  ];
  return {
    status: runStatus(errors, incomplete.length > 0),
    environment,
    manifest: manifest.file,
    fingerprintKey: session.fingerprinter.keySource,
    summary: {
      errors,
      warnings: open.length - errors,
      ...(findings.length > open.length ? { accepted: findings.length - open.length } : {}),
      services: model.services.size,
      settings: model.settingNames.size,
    },
    findings,
    checks,
    incomplete,
    secrets: session.secretStats(),
    ...(model.notes.length ? { notes: model.notes } : {}),
    ...(scope ? { scope: { full: scope.full, changed: scope.changed, services: scope.full ? [...model.services.keys()] : [...scope.touched].sort() } } : {}),
  };
}
