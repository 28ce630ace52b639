import { ConfigError } from '../errors.js';
import { closest } from '../closest.js';
import { openProject, type Project, type ProjectOptions } from '../project/open.js';
import type { Entry } from '../model.js';
import type { ReaderChoice } from '../resolve/readers.js';
import { DIALECTS } from '../sources/dialects/registry.js';
import { shownValue } from '../present/index.js';
import type { ExplainedLink, ExplainedOccurrence, ExplainedService, Explanation } from '../report/explain-types.js';
import { classLetter, valueGroups } from '../pipeline/order.js';

export interface ExplainRun {
  environment?: string;
  setting: string;
}

export interface ExplainOptions extends ProjectOptions, ExplainRun {}

export type { ExplainedLink, ExplainedOccurrence, ExplainedService, Explanation } from '../report/explain-types.js';

/**
 * One setting across every service: each link of each chain, which one resolved and from where.
 * The quickest answer to "why does backend get a different secret?".
 */
export async function explain(options: ExplainOptions): Promise<Explanation> {
  return explainProject(await openProject(options), options);
}

/** `concord explain SETTING`: that setting in one environment of an opened project. */
export async function explainProject(project: Project, options: ExplainRun): Promise<Explanation> {
  const { manifest, session } = project;
  const environment = session.environment(options.environment);
  const model = await session.modelFor(environment);
  const resolved = model.bySetting.get(options.setting);
  if (!resolved) {
    const hint = closest(options.setting, [...model.settingNames]);
    throw new ConfigError('UNKNOWN_SETTING', [
      {
        file: manifest.file,
        message: `no service defines the setting "${options.setting}"${hint ? ` (did you mean "${hint}"?)` : ''}; settings: ${[...model.settingNames].sort().join(', ')}`,
      },
    ]);
  }
  const scrub = await session.scrubber();
  const fp = session.fingerprinter;
  const display = { fingerprinter: fp, scrub };
  const groups = valueGroups(resolved.map((r) => r.digest));
  // A setting that is a secret in one service is one in all of them.
  const anySecret = resolved.some((r) => r.secret);
  const services = resolved.map((r): ExplainedService => {
    const svc = model.services.get(r.service)!;
    const secret = r.secret || anySecret;
    const shown = (value: string | undefined) => (value === undefined ? {} : shownValue(value, secret, display));
    return {
      service: r.service,
      secret: r.secret,
      ...(r.digest && groups.size > 1 ? { class: classLetter(groups.get(r.digest)!) } : {}),
      ...(r.linkIndex === null ? {} : shownValue(r.value ?? '', secret, display, r.fingerprint)),
      ...(r.ref ? { ref: r.ref } : {}),
      ...(r.refProblem ? { refProblem: r.refProblem.reason } : {}),
      link: r.linkIndex === null ? null : r.linkIndex + 1,
      chainLength: r.chain.length,
      ...(svc.reader ? { reader: readerOf(svc.reader) } : {}),
      links: r.chain.map((l, i): ExplainedLink => {
        const state = (set: boolean, empty: boolean): ExplainedLink['state'] =>
          r.linkIndex === i ? 'taken' : r.linkIndex !== null && i > r.linkIndex ? 'not-reached' : empty ? 'empty' : set ? 'taken' : 'unset';
        if (l.kind === 'var') {
          const list = svc.vars.get(l.name) ?? [];
          const last = list.at(-1);
          return {
            index: i + 1,
            kind: 'var',
            name: l.name,
            state: state(list.length > 0, last?.value === ''),
            occurrences: list.map((e, j) => occurrence(e, j < list.length - 1, shown)),
          };
        }
        if (l.kind === 'setting') {
          const other = svc.settings.get(l.name);
          return {
            index: i + 1,
            kind: 'setting',
            name: l.name,
            state: state(other?.linkIndex != null, false),
            occurrences: other?.source ? [{ source: { ...other.source }, shadowed: false, ...shown(other.value) }] : [],
          };
        }
        if (l.kind === 'from-code') return { index: i + 1, kind: 'setting', name: l.name, state: 'unset', occurrences: [] };
        const source = {
          kind: l.kind === 'ref' ? 'secret-ref' : 'literal',
          file: l.file ?? manifest.file,
          line: l.line,
          ...(l.kind === 'ref' ? { ref: l.ref } : {}),
        };
        return {
          index: i + 1,
          kind: l.kind,
          name: l.kind === 'ref' ? l.ref : 'literal',
          state: state(true, false),
          occurrences: [{ source, shadowed: false, ...shown(l.kind === 'ref' ? l.ref : l.value) }],
        };
      }),
    };
  });
  return {
    setting: options.setting,
    environment,
    manifest: manifest.file,
    fingerprintKey: fp.keySource,
    values: groups.size,
    services,
  };
}

function readerOf(r: ReaderChoice): NonNullable<ExplainedService['reader']> {
  const e = r.evidence;
  return {
    dialect: r.dialect,
    readers: DIALECTS[r.dialect].readers,
    ...(e ? { why: e.why, file: e.file, ...(e.line ? { line: e.line } : {}) } : { assumed: r.assumedFrom ?? 'default' }),
    ...(r.yaml ? { yaml: { ...r.yaml } } : {}),
  };
}

function occurrence(e: Entry, shadowed: boolean, shown: (v: string) => { fingerprint?: string; value?: string }): ExplainedOccurrence {
  return { source: { ...e.source }, shadowed, ...shown(e.value) };
}
