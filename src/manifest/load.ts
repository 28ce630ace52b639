import path from 'node:path';
import type { Document } from 'yaml';
import { ConfigError, SourceError, type Problem } from '../errors.js';
import { validateManifest } from '../generated/validators.js';
import type { ChainLink } from '../sources/types.js';
import type { DialectId } from '../sources/dialects/types.js';
import { parseSecretRef } from '../providers/reference.js';
import { checkSecretPatterns, readManifestText } from './read.js';
import { parseYaml } from '../sources/yaml-doc.js';
import { closest } from '../closest.js';
import { readCache, writeCache } from './cache.js';
import { humanizeErrors } from './humanize.js';
import { lineIndex, lineLookup } from './lines.js';
import { checkRule, checkRuleOptions, isKnownRule, KNOWN_RULES, loadRecommended, toRuleSpec } from './rules.js';
import type { AcceptSpec, FileSpec, Manifest, ServiceSpec, SettingSpec } from './types.js';

export { KNOWN_RULES, loadRecommendedRules } from './rules.js';

interface RawLink {
  'from-code'?: string;
  literal?: unknown;
  var?: string;
  setting?: string;
  ref?: string;
}
type RawFileEntry = string | { file: string; required?: boolean; dialect?: string };
type RawFileList = RawFileEntry | RawFileEntry[];
interface RawService {
  root?: string;
  env?: RawFileList;
  dialect?: string;
  config?: RawFileList;
  compose?: { file?: string; files?: string[]; service?: string; profiles?: string[]; project_directory?: string };
  k8s?: { files?: string | string[]; kustomize?: string; helm?: { chart: string; values?: string | string[]; release?: string }; workload?: string; container?: string; namespace?: string };
  secrets?: Record<string, string>;
  listens?: (string | number)[];
  aliases?: string[];
  code?: string | string[];
  settings?: Record<string, (string | number | RawLink)[] | { chain: (string | number | RawLink)[]; secret?: boolean }>;
}
interface RawManifest {
  accept?: Omit<AcceptSpec, 'line'>[];
  environments?: string[];
  providers?: import('../providers/types.js').ProviderSettings;
  secretPatterns?: string[];
  services: Record<string, RawService>;
  rules?: Record<string, unknown>[];
}

/** Reads, parses and validates a manifest; every problem is reported at once. */
/**
 * @param cacheDir where a parsed copy of the manifest may be kept, keyed by its content hash: YAML
 *   parsing is most of a pre-commit run on a large platform. Only the manifest (a committed file)
 *   is cached, never anything read from .env files or secret stores.
 */
export function loadManifest(absFile: string, cacheDir?: string, staged?: (abs: string) => string | null | undefined): Manifest {
  const root = path.dirname(absFile);
  const file = path.basename(absFile);
  // A pre-commit run judges the manifest the commit holds.
  const text = staged?.(absFile) ?? readManifestText(absFile, file);
  const cached = cacheDir ? readCache(cacheDir, text) : undefined;
  if (cached) return buildManifest(root, file, cached.data, lineLookup(new Map(cached.lines)));
  let doc: Document.Parsed;
  try {
    const y = parseYaml(text, file);
    if (y.docs.length !== 1) throw new ConfigError('MANIFEST_INVALID', [{ file, message: 'the manifest must hold exactly one YAML document' }]);
    doc = y.docs[0]!;
    const index = lineIndex(doc, (n) => y.line(n));
    // parseYaml's guard bounds what aliases expand to; yaml's own count (100) refused real manifests.
    const data = doc.toJS({ maxAliasCount: -1 });
    const manifest = buildManifest(root, file, data, lineLookup(index));
    if (cacheDir) writeCache(cacheDir, text, { data, lines: [...index] });
    return manifest;
  } catch (err) {
    if (err instanceof SourceError) throw new ConfigError('MANIFEST_INVALID', err.problems, { cause: err });
    throw err;
  }
}

export function buildManifest(
  root: string,
  file: string,
  data: unknown,
  lineOf: (p: (string | number)[]) => number | undefined,
  rulesetLoader: () => { rules: Record<string, unknown>[]; file: string; lineOf: (p: (string | number)[]) => number | undefined } = loadRecommended,
): Manifest {
  if (!validateManifest(data)) {
    // Report everything at once: rule entries can still be checked against their own schemas.
    const problems = humanizeErrors((validateManifest as unknown as { errors?: import('ajv').ErrorObject[] | null }).errors ?? [], data, file, lineOf);
    const rawRules = (data as { rules?: unknown } | null)?.rules;
    if (Array.isArray(rawRules)) {
      rawRules.forEach((r, index) => {
        if (r && typeof r === 'object' && typeof (r as { rule?: unknown }).rule === 'string') {
          problems.push(...checkRuleOptions(toRuleSpec(r as Record<string, unknown>, index, file, lineOf(['rules', index])), lineOf));
        }
      });
    }
    throw new ConfigError('MANIFEST_INVALID', problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  }
  const raw = data as RawManifest;
  const problems: Problem[] = [];
  const environments = raw.environments ?? ['default'];

  const services: ServiceSpec[] = Object.entries(raw.services).map(([name, s]) => {
    const at = (...p: (string | number)[]) => lineOf(['services', name, ...p]);
    const settings = new Map<string, SettingSpec>();
    for (const [sname, def] of Object.entries(s.settings ?? {})) {
      const isArray = Array.isArray(def);
      const links = isArray ? def : def.chain;
      const base = isArray ? ['settings', sname] : ['settings', sname, 'chain'];
      settings.set(sname, {
        chain: links.map((l, i) => toLink(l, at(...base, i))),
        secret: isArray ? undefined : def.secret,
        line: at('settings', sname),
      });
    }
    return {
      name,
      root: s.root ?? '.',
      line: at(),
      env: fileList(s.env, (...p) => at('env', ...p)),
      ...(s.dialect ? { dialect: s.dialect as DialectId, dialectLine: at('dialect') } : {}),
      config: fileList(s.config, (...p) => at('config', ...p)),
      compose: s.compose
        ? {
            files: [...(s.compose.file ? [s.compose.file] : []), ...(s.compose.files ?? [])],
            service: s.compose.service ?? name,
            ...(s.compose.profiles ? { profiles: s.compose.profiles } : {}),
            ...(s.compose.project_directory ? { dir: s.compose.project_directory } : {}),
            line: at('compose'),
          }
        : undefined,
      k8s: s.k8s
        ? {
            ...s.k8s,
            files: s.k8s.files === undefined ? [] : [s.k8s.files].flat(),
            helm: s.k8s.helm ? { ...s.k8s.helm, values: [s.k8s.helm.values ?? []].flat() } : undefined,
            line: at('k8s'),
          }
        : undefined,
      secrets: Object.entries(s.secrets ?? {}).map(([k, ref]) => ({ name: k, ref, line: at('secrets', k) })),
      listens: (s.listens ?? []).map((item, i) => ({ item, line: at('listens', i) })),
      aliases: s.aliases ?? [],
      settings,
      ...(s.code ? { code: [s.code].flat() } : {}),
    };
  });
  const byName = new Map(services.map((s) => [s.name, s]));

  for (const svc of services) {
    if (path.isAbsolute(svc.root) || path.relative(root, path.resolve(root, svc.root)).startsWith('..')) {
      problems.push({ file, line: lineOf(['services', svc.name, 'root']), message: `services.${svc.name}.root "${svc.root}" is outside the repository` });
    }
    for (const [sname, def] of svc.settings) {
      def.chain.forEach((l, i) => {
        if (l.kind === 'from-code' && !svc.code) {
          problems.push({ file, line: l.line, message: `services.${svc.name}.settings.${sname}[${i}] takes its chain from code, but ${svc.name} has no "code:" files` });
        }
        if (l.kind === 'setting' && !svc.settings.has(l.name)) {
          problems.push({ file, line: l.line, message: `services.${svc.name}.settings.${sname}[${i}] refers to the setting "${l.name}", which ${svc.name} does not define` });
        }
      });
    }
    problems.push(...settingCycles(svc, file));
  }

  problems.push(...checkSecretPatterns(raw.secretPatterns ?? [], (i) => ({ file, line: lineOf(['secretPatterns', i]) })));

  let ruleSource = { rules: raw.rules ?? [], file, lineOf };
  if (raw.rules === undefined) ruleSource = rulesetLoader();
  const rules = ruleSource.rules.map((r, index) => toRuleSpec(r, index, ruleSource.file, ruleSource.lineOf(['rules', index])));
  for (const r of rules) problems.push(...checkRule(r, ruleSource.lineOf, environments, byName));

  (raw.accept ?? []).forEach((a, i) => {
    if (!isKnownRule(a.rule)) problems.push({ file, line: lineOf(['accept', i, 'rule']), message: `accept[${i}]: unknown rule "${a.rule}"${closest(a.rule, KNOWN_RULES) ? ` (did you mean "${closest(a.rule, KNOWN_RULES)}"?)` : ''}` });
    a.services?.forEach((name, j) => {
      if (!byName.has(name)) problems.push({ file, line: lineOf(['accept', i, 'services', j]), message: `accept[${i}].services names the service "${name}", which the manifest does not define` });
    });
    if (a.expires && Number.isNaN(Date.parse(`${a.expires}T00:00:00Z`))) problems.push({ file, line: lineOf(['accept', i, 'expires']), message: `accept[${i}].expires "${a.expires}" is not a date` });
  });

  if (problems.length > 0) throw new ConfigError('MANIFEST_INVALID', problems);
  return {
    root,
    file,
    environments,
    services,
    rules,
    secretPatterns: raw.secretPatterns?.map((p) => new RegExp(p, 'i')),
    providers: raw.providers ?? {},
    accept: (raw.accept ?? []).map((a, i) => ({ ...a, line: lineOf(['accept', i]) })),
  };
}

function toLink(l: string | number | RawLink, line: number | undefined): ChainLink {
  if (typeof l === 'number') return { kind: 'literal', value: String(l), line };
  if (typeof l === 'string') return parseSecretRef(l) ? { kind: 'ref', ref: l, line } : { kind: 'var', name: l, line };
  if ('literal' in l) return { kind: 'literal', value: String(l.literal), line };
  if (l['from-code'] !== undefined) return { kind: 'from-code', name: l['from-code'], line };
  if (l.var !== undefined) return { kind: 'var', name: l.var, line };
  if (l.setting !== undefined) return { kind: 'setting', name: l.setting, line };
  return { kind: 'ref', ref: l.ref!, line };
}

function fileList(v: RawFileList | undefined, at: (...p: (string | number)[]) => number | undefined): FileSpec[] {
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((item, i) => {
    const line = Array.isArray(v) ? at(i) : at();
    return typeof item === 'string' ? { file: item, required: false, line } : { file: item.file, required: item.required ?? false, line, ...(item.dialect ? { dialect: item.dialect as DialectId } : {}) };
  });
}

function settingCycles(svc: ServiceSpec, file: string): Problem[] {
  const problems: Problem[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(name)), name];
      problems.push({ file, line: svc.settings.get(name)?.line, message: `services.${svc.name}: the settings refer to each other in a cycle: ${cycle.join(' → ')}` });
      return;
    }
    state.set(name, 'visiting');
    for (const l of svc.settings.get(name)?.chain ?? []) if (l.kind === 'setting' && svc.settings.has(l.name)) visit(l.name, [...trail, name]);
    state.set(name, 'done');
  };
  for (const name of svc.settings.keys()) visit(name, []);
  return problems;
}
