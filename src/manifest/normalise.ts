import type { ChainLink } from '../sources/types.js';
import { parseSecretRef } from '../providers/reference.js';
import type { DialectId } from '../sources/dialects/types.js';
import type { LineOf } from './lines.js';
import type { AcceptSpec, FileSpec, ServiceSpec, SettingSpec } from './types.js';

/** A manifest as the schema allows it to be written; normalised into a Manifest's specs below. */
export interface RawManifest {
  accept?: Omit<AcceptSpec, 'line'>[];
  environments?: string[];
  providers?: import('../providers/types.js').ProviderSettings;
  secretPatterns?: string[];
  services: Record<string, RawService>;
  rules?: Record<string, unknown>[];
}
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
  k8s?: {
    files?: string | string[];
    kustomize?: string;
    helm?: { chart: string; values?: string | string[]; release?: string };
    workload?: string;
    container?: string;
    namespace?: string;
  };
  secrets?: Record<string, string>;
  listens?: (string | number)[];
  aliases?: string[];
  code?: string | string[];
  settings?: Record<string, (string | number | RawLink)[] | { chain: (string | number | RawLink)[]; secret?: boolean }>;
}

/** Each service in one shape, whichever of the short or long forms the manifest used, with its lines. */
export function normaliseServices(raw: RawManifest, lineOf: LineOf): ServiceSpec[] {
  return Object.entries(raw.services).map(([name, s]) => {
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
}

export function normaliseAccept(raw: RawManifest, lineOf: LineOf): AcceptSpec[] {
  return (raw.accept ?? []).map((a, i) => ({ ...a, line: lineOf(['accept', i]) }));
}

/** A bare string is a variable or, when it parses as one, a secret reference; a number is a literal. */
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
    return typeof item === 'string'
      ? { file: item, required: false, line }
      : { file: item.file, required: item.required ?? false, line, ...(item.dialect ? { dialect: item.dialect as DialectId } : {}) };
  });
}
