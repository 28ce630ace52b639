import path from 'node:path';
import type { Manifest } from '../manifest/types.js';
import { withEnv } from '../resolve/with-env.js';
import { namesIn, RULE_DEFAULTS } from '../rules/defaults.js';
import { composeFilesOf } from '../resolve/compose-service.js';
import { expandGlob, hasGlobChars, type RepoFiles } from '../sources/files.js';
import { renderedInputs } from '../sources/k8s/read.js';

export interface Scope {
  /** the manifest itself changed: everything is checked */
  full: boolean;
  /** changed files, relative to the repository root */
  changed: string[];
  /** services whose configuration the change touches */
  touched: Set<string>;
  /** services to load: the touched ones and those they are compared with */
  load: Set<string>;
  /** per loaded service, the variable and key names the rules in scope can read */
  needed: Map<string, Set<string>>;
  /** per loaded service, the settings to resolve: those the change can affect, and what they depend on */
  settings: Map<string, Set<string>>;
}

/**
 * What a change touches: the services that read a changed file, the services they are compared
 * with, and which names those rules can read — so a pre-commit run loads and parses only that.
 */
export async function planScope(manifest: Manifest, changedAbs: string[], files: RepoFiles, shellEnv?: Record<string, string | undefined>): Promise<Scope> {
  const changed = changedAbs.map((f) => path.relative(manifest.root, f).split(path.sep).join('/')).filter((f) => !f.startsWith('..') && !path.isAbsolute(f));
  const touched = new Set<string>();
  const empty: Scope = { full: false, changed, touched, load: new Set(), needed: new Map(), settings: new Map() };
  if (changed.length === 0) return empty;
  if (changed.includes(manifest.file)) return { ...empty, full: true };

  const changedSet = new Set(changed);
  /** per touched service, the changed files it reads; `structural` files (compose, k8s) touch every setting */
  const hits = new Map<string, { files: string[]; structural: boolean }>();
  const hit = (service: string, file: string, structural: boolean) => {
    const h = hits.get(service) ?? { files: [], structural: false };
    h.files.push(file);
    h.structural ||= structural;
    hits.set(service, h);
    touched.add(service);
  };
  for (const spec of manifest.services) {
    const sources = new Set<string>();
    const structural = new Set<string>();
    const rel = (p: string) => files.ref(spec.root, p).rel;
    for (const env of manifest.environments) {
      for (const f of [...spec.env, ...spec.config]) sources.add(rel(withEnv(f.file, env)));
      if (spec.compose) {
        // Every file the project reads (overrides, includes, extended files, its .env) shapes it.
        const opened = composeFilesOf(files, spec, env, manifest.file, shellEnv);
        for (const f of opened.unopened ? changed : opened.structural) structural.add(f);
        for (const f of opened.envFiles) sources.add(f);
      }
      // Source code (`code:`) can change any chain read from it.
      for (const pattern of spec.code ?? []) {
        for (const r of await expandGlob(files, spec.root, pattern, { file: manifest.file }).catch(() => [])) structural.add(r.rel);
      }
      for (const pattern of spec.k8s?.files ?? []) {
        const p = withEnv(pattern, env);
        if (!hasGlobChars(p)) structural.add(rel(p));
        else for (const r of await expandGlob(files, spec.root, p, { file: manifest.file }).catch(() => [])) structural.add(r.rel);
      }
    }
    // A rendered overlay or chart: a change anywhere in the folders it renders from.
    const rendered = spec.k8s ? manifest.environments.flatMap((env) => renderedInputs(files, spec.k8s!, spec.root, env)) : [];
    for (const f of changed) if (rendered.some((d) => f === d || f.startsWith(`${d}/`))) structural.add(f);
    for (const f of sources) if (changedSet.has(f)) hit(spec.name, f, false);
    for (const f of structural) if (changedSet.has(f)) hit(spec.name, f, true);
  }
  if (touched.size === 0) return empty;

  // The settings the change can affect: those whose chain names a changed file mentions (all of
  // them when a compose or Kubernetes file changed, or a file was deleted).
  const byName = new Map(manifest.services.map((x) => [x.name, x]));
  const settings = new Set<string>();
  for (const name of touched) {
    const spec = byName.get(name)!;
    const h = hits.get(name)!;
    const texts = h.files.map((f) => files.read(files.ref('.', f), { optional: true }));
    const all = h.structural || texts.some((t) => t === null);
    for (const [setting, def] of spec.settings) {
      const names = def.chain.flatMap((l) =>
        l.kind === 'var' ? [l.name, l.name.split('.').at(-1)!] : l.kind === 'setting' || l.kind === 'from-code' ? [l.name] : [],
      );
      if (all || texts.some((t) => names.some((n) => t!.includes(n)))) settings.add(setting);
    }
  }
  // Settings a rule judges together (rules/defaults.json: a pair, a token flow, a certificate and
  // its key): a change to one brings in all of them.
  for (const r of manifest.rules) {
    if (!RULE_DEFAULTS[r.rule]?.together) continue;
    const named = namesIn(r.rule, r.options, ['setting', 'settings', 'setting-or-literal']);
    if (named.some((x) => settings.has(x))) named.forEach((x) => settings.add(x));
  }

  const load = new Set(touched);
  for (const x of manifest.services) if ([...x.settings.keys()].some((k) => settings.has(k))) load.add(x.name);
  const ruleVars = new Set<string>();
  let needsAllHosts = false;
  for (const r of manifest.rules) {
    for (const v of (r.options.vars as string[] | undefined) ?? []) ruleVars.add(v);
    // Services a rule names (a target, an issuer and its verifiers) are compared with: load them.
    for (const x of namesIn(r.rule, r.options, ['service'])) load.add(x);
    const listed = namesIn(r.rule, r.options, ['services']);
    if (RULE_DEFAULTS[r.rule]?.together && listed.some((x) => touched.has(x))) listed.forEach((x) => load.add(x));
    // Without a target, a rule that finds services by host name may reach any of them.
    if (RULE_DEFAULTS[r.rule]?.findsTargetsByHost && r.options.target === undefined) needsAllHosts = true;
  }
  if (needsAllHosts) for (const x of manifest.services) load.add(x.name);

  const needed = new Map<string, Set<string>>();
  const resolve = new Map<string, Set<string>>();
  for (const name of load) {
    const spec = byName.get(name)!;
    const names = new Set<string>(ruleVars);
    const mine = new Set<string>();
    const addSetting = (setting: string) => {
      if (mine.has(setting) || !spec.settings.has(setting)) return;
      mine.add(setting);
      for (const l of spec.settings.get(setting)!.chain) {
        if (l.kind === 'var') names.add(l.name);
        if (l.kind === 'setting') addSetting(l.name);
      }
    };
    for (const x of spec.settings.keys()) if (settings.has(x)) addSetting(x);
    for (const { item } of spec.listens) {
      if (typeof item !== 'string') continue;
      if (spec.settings.has(item)) addSetting(item);
      else names.add(item);
    }
    // A chain from code may fall back to variables only the code names: read every file.
    const fromCode = [...mine].some((x) => spec.settings.get(x)!.chain.some((l) => l.kind === 'from-code'));
    if (!fromCode) needed.set(name, names);
    resolve.set(name, mine);
  }
  return { full: false, changed, touched, load, needed, settings: resolve };
}
