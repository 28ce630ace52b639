import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Document } from 'yaml';
import { ConfigError, SourceError, type Problem } from '../errors.js';
import { ruleValidators, validateManifest } from '../generated/validators.js';
import type { ChainLink } from '../model.js';
import type { DialectId } from '../sources/dialects/types.js';
import { parseSecretRef } from '../providers/reference.js';
import { checkSecretPatterns, readManifestText } from './read.js';
import { deref, isMap, isScalar, isSeq, parseYaml } from '../sources/yaml-doc.js';
import { closest } from '../closest.js';
import { namedOptions } from '../rules/defaults.js';
import { VERSION } from '../engine/version.js';
import { humanizeErrors, where } from './humanize.js';
import type { AcceptSpec, FileSpec, Manifest, RuleSpec, ServiceSpec, SettingSpec } from './types.js';

type Validator = ((data: unknown) => boolean) & { errors?: import('ajv').ErrorObject[] | null };
const RULE_VALIDATORS = ruleValidators as Record<string, Validator>;

export const KNOWN_RULES = Object.keys(RULE_VALIDATORS).sort();

const PACKAGE_ROOT = new URL('../../', import.meta.url);

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

interface CachedManifest {
  data: unknown;
  lines: [string, number][];
}

function cachePath(cacheDir: string, text: string): string {
  // The package version is part of the key: another concord may read the manifest differently.
  return path.join(cacheDir, `manifest-${createHash('sha256').update(VERSION).update('\0').update(text).digest('hex').slice(0, 32)}.json`);
}

function readCache(cacheDir: string, text: string): CachedManifest | undefined {
  try {
    return JSON.parse(readFileSync(cachePath(cacheDir, text), 'utf8')) as CachedManifest;
  } catch {
    return undefined;
  }
}

function writeCache(cacheDir: string, text: string, value: CachedManifest): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const target = cachePath(cacheDir, text);
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(value));
    renameSync(tmp, target);
  } catch {
    // A cache that cannot be written only costs speed.
  }
}

/**
 * Line lookup by data path, indexed in one walk of the document: asking the document for each
 * path would scan every service's mapping each time.
 */
function makeLineOf(doc: Document.Parsed, line: (n: unknown) => number | undefined) {
  return lineLookup(lineIndex(doc, line));
}

function lineIndex(doc: Document.Parsed, line: (n: unknown) => number | undefined): Map<string, number> {
  const index = new Map<string, number>();
  const walk = (node: unknown, key: string, depth: number) => {
    if (depth > 64) return;
    const n = deref(doc, node);
    const l = n ? line(n) : undefined;
    // A key's own line wins over where its (block) value starts: `b:` rather than its first entry.
    if (l !== undefined && !index.has(key)) index.set(key, l);
    if (isMap(n)) {
      for (const pair of n.items) {
        const k = deref(doc, pair.key);
        if (!isScalar(k)) continue;
        const child = `${key}\u0000${String(k.value)}`;
        const kl = line(k);
        if (kl !== undefined) index.set(child, kl);
        if (pair.value) walk(pair.value, child, depth + 1);
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => walk(item, `${key}\u0000${i}`, depth + 1));
    }
  };
  walk(doc.contents, '', 0);
  return index;
}

function lineLookup(index: Map<string, number>) {
  return (p: (string | number)[]): number | undefined => {
    for (let n = p.length; n >= 0; n--) {
      const l = index.get(p.slice(0, n).map((s) => `\u0000${s}`).join(''));
      if (l !== undefined) return l;
    }
    return undefined;
  };
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
    const problems = humanizeErrors((validateManifest as Validator).errors ?? [], data, file, lineOf);
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
    if (!RULE_VALIDATORS[a.rule]) problems.push({ file, line: lineOf(['accept', i, 'rule']), message: `accept[${i}]: unknown rule "${a.rule}"${closest(a.rule, KNOWN_RULES) ? ` (did you mean "${closest(a.rule, KNOWN_RULES)}"?)` : ''}` });
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

function toRuleSpec(r: Record<string, unknown>, index: number, from: string, line: number | undefined): RuleSpec {
  return {
    index,
    rule: String(r.rule),
    severity: r.severity as RuleSpec['severity'],
    services: r.services as string[] | undefined,
    environments: r.environments as string[] | undefined,
    options: r,
    from,
    line,
  };
}

function checkRule(
  r: RuleSpec,
  lineOf: (p: (string | number)[]) => number | undefined,
  environments: string[],
  services: Map<string, ServiceSpec>,
): Problem[] {
  const optionProblems = checkRuleOptions(r, lineOf);
  if (optionProblems.length > 0) return optionProblems;
  const at = (...p: (string | number)[]) => lineOf(['rules', r.index, ...p]);
  const problems: Problem[] = [];
  const o = r.options;
  // Options that name services (rules/defaults.json says which, beyond `services`).
  for (const [key, kind] of namedOptions(r.rule)) {
    if (kind !== 'service' && kind !== 'services') continue;
    const v = key === 'services' ? r.services : o[key];
    const list = typeof v === 'string' ? [v] : Array.isArray(v) ? (v as string[]) : undefined;
    list?.forEach((name, i) => {
      if (services.has(name)) return;
      const hint = closest(name, [...services.keys()]);
      problems.push({ file: r.from, line: at(key, ...(Array.isArray(v) ? [i] : [])), message: `${where(['rules', r.index, key])} names the service "${name}", which the manifest does not define${hint ? ` (did you mean "${hint}"?)` : ''}` });
    });
  }
  r.environments?.forEach((env, i) => {
    if (!environments.includes(env)) {
      problems.push({ file: r.from, line: at('environments', i), message: `rules[${r.index}].environments names "${env}", which is not one of the manifest's environments (${environments.join(', ')})` });
    }
  });
  const scope = r.services ?? [...services.keys()];
  const defined = new Set(scope.flatMap((s) => [...(services.get(s)?.settings.keys() ?? [])]));
  // Options that name settings; `alg`-like options may hold a literal instead and are not checked.
  const named: [string, number | undefined, string][] = [];
  for (const [key, kind] of namedOptions(r.rule)) {
    const v = o[key];
    if (kind === 'setting' && typeof v === 'string') named.push([v, undefined, key]);
    if (kind === 'settings' && Array.isArray(v)) (v as string[]).forEach((x, i) => named.push([x, i, key]));
  }
  for (const [s, i, key] of named) {
    if (defined.has(s)) continue;
    const hint = closest(s, [...defined]);
    problems.push({
      file: r.from,
      line: at(key, ...(i === undefined ? [] : [i])),
      message: `${where(['rules', r.index, key, ...(i === undefined ? [] : [i])])} (${r.rule}) refers to the setting "${s}", which no ${r.services ? 'listed ' : ''}service defines${hint ? ` (did you mean "${hint}"?)` : ''}`,
    });
  }
  return problems;
}

/** The rule exists and its options fit its schema. */
function checkRuleOptions(r: RuleSpec, lineOf: (p: (string | number)[]) => number | undefined): Problem[] {
  const validate = RULE_VALIDATORS[r.rule];
  if (!validate) {
    const hint = closest(r.rule, KNOWN_RULES);
    return [{ file: r.from, line: lineOf(['rules', r.index, 'rule']), message: `rules[${r.index}]: unknown rule "${r.rule}"${hint ? ` (did you mean "${hint}"?)` : ''}; known rules: ${KNOWN_RULES.join(', ')}` }];
  }
  if (validate(r.options)) return [];
  return humanizeErrors(validate.errors ?? [], r.options, r.from, lineOf, ['rules', r.index]).map((p) => ({
    ...p,
    message: p.message.replace(/^rules\[\d+\]/, (m) => `${m} (${r.rule})`),
  }));
}

/** The rules of rules/recommended.yaml, as rule entries. */
export function loadRecommendedRules(): RuleSpec[] {
  const r = loadRecommended();
  return r.rules.map((rule, index) => toRuleSpec(rule, index, r.file, r.lineOf(['rules', index])));
}

function loadRecommended() {
  const rel = 'rules/recommended.yaml';
  const text = readFileSync(new URL(rel, PACKAGE_ROOT), 'utf8');
  const y = parseYaml(text, rel);
  const doc = y.docs[0]!;
  const data = doc.toJS({ maxAliasCount: -1 }) as { rules: Record<string, unknown>[] };
  return { rules: data.rules, file: rel, lineOf: makeLineOf(doc, (n) => y.line(n)) };
}
