import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/, lowest first. A module may import its own layer and any below it, never one
 * above: the base knows nothing of manifests, a rule nothing of the pipeline that runs it, the
 * pipeline nothing of reports or commands. Paths are matched longest prefix first, so a single
 * file can sit lower than its folder (a folder's contract types, which everything reads).
 */
const LAYERS: { name: string; paths: string[] }[] = [
  {
    name: 'base',
    // the contracts: what sources read (sources/types.ts), the report (report/types.ts), code chains (code/types.ts)
    paths: [
      'errors.ts',
      'limits.ts',
      'version.ts',
      'io.ts',
      'closest.ts',
      'printable.ts',
      'fingerprint.ts',
      'sources/types.ts',
      'report/types.ts',
      'code/types.ts',
      'generated/',
      'cache/',
    ],
  },
  // Reading files and parsing their formats; the code scanner and the secret providers read too.
  { name: 'sources', paths: ['sources/', 'providers/', 'code/', 'vcs/', 'auth/'] },
  // The manifest loader reads rules/defaults.json (generated from the rule metas) as data, never src/rules.
  { name: 'manifest', paths: ['manifest/'] },
  // The model is what resolve builds, and it records what resolve decided (each service's readers).
  { name: 'resolve', paths: ['resolve/', 'model.ts'] },
  // Who calls whom, read from the model: port-match, credential-match, the audit and init use it.
  { name: 'graph', paths: ['graph/'] },
  // Zero-config discovery builds trial models (resolve) and reads their edges (graph) to propose settings.
  { name: 'discover', paths: ['discover/'] },
  { name: 'rules', paths: ['rules/'] },
  { name: 'present', paths: ['present/'] },
  { name: 'pipeline', paths: ['pipeline/'] },
  { name: 'project', paths: ['project/'] },
  { name: 'report', paths: ['report/'] },
  { name: 'commands', paths: ['commands/'] },
  { name: 'cli', paths: ['cli/'] },
  { name: 'library', paths: ['index.ts'] },
];

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(abs) : e.name.endsWith('.ts') ? [path.relative(SRC, abs).split(path.sep).join('/')] : [];
  });
}

function layerOf(file: string): number {
  let best = -1;
  let bestLength = -1;
  LAYERS.forEach((layer, i) => {
    for (const p of layer.paths) {
      if ((p.endsWith('/') ? file.startsWith(p) : file === p) && p.length > bestLength) {
        best = i;
        bestLength = p.length;
      }
    }
  });
  return best;
}

/** Every relative import of a module: static, dynamic and `import('…')` types, with whether only types travel (types count too). */
function importsOf(file: string): { target: string; typeOnly: boolean }[] {
  const text = readFileSync(path.join(SRC, file), 'utf8');
  const found: { target: string; typeOnly: boolean }[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts');
    found.push({ target, typeOnly });
  };
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'(\.{1,2}\/[^']+)'/gm)) add(m[3]!, Boolean(m[2]));
  for (const m of text.matchAll(/^\s*import\s+'(\.{1,2}\/[^']+)'/gm)) add(m[1]!, false);
  // `import('../model.js').Provenance` names a type; `await import(…)` and `import(…).then` load code.
  for (const m of text.matchAll(/(await\s+)?import\(\s*'(\.{1,2}\/[^']+)'\s*\)(\.[A-Z]|)/g)) add(m[2]!, !m[1] && m[3] !== '');
  return found;
}

describe('layers', () => {
  const files = sourceFiles(SRC);

  it('places every source file in a layer', () => {
    expect(files.filter((f) => layerOf(f) < 0)).toEqual([]);
  });

  it('no module imports a layer above its own', () => {
    const upward: string[] = [];
    for (const file of files) {
      for (const { target, typeOnly } of importsOf(file)) {
        const from = layerOf(file);
        const to = layerOf(target);
        if (to <= from) continue;
        upward.push(`${file} -> ${target}${typeOnly ? ' (types)' : ''} (${LAYERS[from]!.name} imports ${LAYERS[to]!.name})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('finds the imports it checks (the scanner itself works)', () => {
    expect(importsOf('commands/check.ts').some((i) => i.target === 'pipeline/run-rules.ts')).toBe(true);
    expect(importsOf('model.ts').filter((i) => i.typeOnly).length).toBeGreaterThan(0);
  });
});
