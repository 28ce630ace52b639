/**
 * Which dotenv reader a service's own code uses, from what its folder says: the dependency
 * manifests (package.json, requirements*.txt, pyproject.toml, Pipfile, go.mod, Gemfile), then
 * its code (`import 'dotenv/config'`, `load_dotenv`, `godotenv.Load`, `node --env-file`).
 * Each piece of evidence names the file and line that says so; nothing is executed.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { FileRef, RepoFiles } from '../files.js';
import type { DialectId } from './types.js';

export interface DialectEvidence {
  dialect: DialectId;
  /** what was found, e.g. `package.json depends on dotenv-expand` */
  why: string;
  file: string;
  line?: number;
}

interface Probe {
  /** the text that is evidence (a dependency name, a call) */
  pattern: RegExp;
  dialect: DialectId;
  why: string;
}

// Order matters: dotenv-expand implies dotenv, pydantic-settings implies python-dotenv.
const PACKAGE_JSON: Probe[] = [
  { pattern: /"dotenv-expand"\s*:/, dialect: 'node-expand', why: 'depends on dotenv-expand' },
  { pattern: /"@dotenvx\/dotenvx"\s*:/, dialect: 'node-expand', why: 'depends on @dotenvx/dotenvx (expands like dotenv-expand)' },
  { pattern: /"dotenv"\s*:/, dialect: 'node', why: 'depends on dotenv (no dotenv-expand)' },
  { pattern: /--env-file(?:-if-exists)?[= ]/, dialect: 'node-native', why: 'starts node --env-file' },
];
const PYTHON: Probe[] = [
  { pattern: /^\s*["']?pydantic[-_]settings\b/im, dialect: 'python', why: 'depends on pydantic-settings' },
  { pattern: /^\s*["']?python[-_]dotenv\b/im, dialect: 'python', why: 'depends on python-dotenv' },
  { pattern: /^\s*python[-_]dotenv\s*=|^\s*pydantic[-_]settings\s*=/im, dialect: 'python', why: 'depends on python-dotenv' },
];
const GO_MOD: Probe[] = [{ pattern: /github\.com\/joho\/godotenv/, dialect: 'go', why: 'requires github.com/joho/godotenv' }];
const GEMFILE: Probe[] = [{ pattern: /^\s*gem\s+["']dotenv(?:-rails)?["']/m, dialect: 'ruby', why: 'bundles the dotenv gem' }];
const CODE: Probe[] = [
  { pattern: /dotenv-expand|@dotenvx\/dotenvx/, dialect: 'node-expand', why: 'imports dotenv-expand' },
  { pattern: /(?:import|require)\s*\(?\s*["']dotenv(?:\/config)?["']/, dialect: 'node', why: 'imports dotenv' },
  { pattern: /process\.loadEnvFile\s*\(|util\.parseEnv\s*\(|--env-file/, dialect: 'node-native', why: "uses Node's own env-file loader" },
  { pattern: /\b(?:load_dotenv|dotenv_values)\s*\(|\bSettingsConfigDict\s*\(\s*env_file/, dialect: 'python', why: 'calls python-dotenv' },
  { pattern: /godotenv\.(?:Load|Overload|Read)\s*\(/, dialect: 'go', why: 'calls godotenv' },
  { pattern: /Dotenv\.(?:load|overload|parse)\b|require\s+["']dotenv\/load["']/, dialect: 'ruby', why: 'calls the dotenv gem' },
];

function probe(files: RepoFiles, ref: FileRef, probes: Probe[]): DialectEvidence | undefined {
  let text: string | null;
  try {
    text = files.read(ref, { optional: true });
  } catch {
    return undefined;
  }
  if (!text) return undefined;
  for (const p of probes) {
    const m = p.pattern.exec(text);
    if (m)
      return {
        dialect: p.dialect,
        why: `${path.posix.basename(ref.rel)} ${p.why}`,
        file: ref.rel,
        line: text.slice(0, m.index + m[0].search(/\S|$/)).split('\n').length,
      };
  }
  return undefined;
}

/** The names in a service's folder, listed once per run (one call, not a stat per candidate). */
const listings = new WeakMap<RepoFiles, Map<string, string[]>>();

function listing(files: RepoFiles, root: string): string[] {
  let byRoot = listings.get(files);
  if (!byRoot) listings.set(files, (byRoot = new Map()));
  let names = byRoot.get(root);
  if (!names) {
    try {
      names = readdirSync(path.resolve(files.root, root));
    } catch {
      names = [];
    }
    byRoot.set(root, names);
  }
  return names;
}

const MANIFEST_NAMES = new Set(['package.json', 'pyproject.toml', 'Pipfile', 'go.mod', 'Gemfile']);

/** Dependency manifests in the service's folder: the first that names a dotenv library. */
export function dependencyEvidence(files: RepoFiles, root: string): DialectEvidence | undefined {
  const names = listing(files, root);
  // Most folders hold none of these: decide that without building anything.
  if (!names.some((n) => MANIFEST_NAMES.has(n) || n.startsWith('requirements'))) return undefined;
  const at = (name: string) => files.ref(root, name);
  const candidates: [string, Probe[]][] = [
    ['package.json', PACKAGE_JSON],
    ...names
      .filter((n) => /^requirements.*\.(?:txt|in)$/.test(n))
      .sort()
      .map((n) => [n, PYTHON] as [string, Probe[]]),
    ['pyproject.toml', PYTHON],
    ['Pipfile', PYTHON],
    ['go.mod', GO_MOD],
    ['Gemfile', GEMFILE],
  ];
  for (const [name, probes] of candidates) {
    if (!names.includes(name)) continue;
    const found = probe(files, at(name), probes);
    if (found) return found;
  }
  return undefined;
}

/** A JVM build naming Spring Boot: its YAML config is read by SnakeYAML (YAML 1.1). */
const JVM_BUILD: [string, RegExp][] = [
  ['pom.xml', /spring-boot/],
  ['build.gradle', /spring-boot|org\.springframework\.boot/],
  ['build.gradle.kts', /spring-boot|org\.springframework\.boot/],
];

export interface YamlEvidence {
  reader: 'snakeyaml';
  why: string;
  file: string;
  line?: number;
}

/** Which YAML library reads the service's config when it is not the dotenv reader's language's. */
export function yamlEvidence(files: RepoFiles, root: string): YamlEvidence | undefined {
  const names = listing(files, root);
  for (const [name, pattern] of JVM_BUILD) {
    if (!names.includes(name)) continue;
    let text: string | null;
    const ref = files.ref(root, name);
    try {
      text = files.read(ref, { optional: true });
    } catch {
      continue;
    }
    const m = text ? pattern.exec(text) : null;
    if (m)
      return {
        reader: 'snakeyaml',
        why: `${name} builds a Spring Boot application (SnakeYAML reads its YAML)`,
        file: ref.rel,
        line: text!.slice(0, m.index).split('\n').length,
      };
  }
  return undefined;
}

/** Source files (the service's `code:` files): the first that loads a dotenv file. */
export function codeEvidence(files: RepoFiles, refs: FileRef[]): DialectEvidence | undefined {
  for (const ref of refs) {
    const found = probe(files, ref, CODE);
    if (found) return found;
  }
  return undefined;
}
