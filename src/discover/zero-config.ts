import { ConfigError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { Fingerprinter } from '../fingerprint.js';
import type { Manifest } from '../manifest/types.js';
import { buildModel } from '../resolve/build-model.js';
import { RepoFiles } from '../sources/files.js';
import { discover, discoveredManifest, type Discovery } from './discover.js';

/**
 * A manifest for a repository that has none: discovered services, each variable a setting of its
 * own name (so same-named secrets are compared), and the recommended rules.
 */
export async function zeroConfigManifest(root: string, staged?: RepoFiles['staged']): Promise<{ manifest: Manifest; discovery: Discovery; files: RepoFiles }> {
  // One RepoFiles for discovery, the first pass and the check after it: each file is read once.
  const files = new RepoFiles(root);
  files.staged = staged;
  const discovery = discover(root, files);
  if (discovery.services.length === 0) {
    // Files discovery could not read are the likely reason: say so rather than "nothing there".
    const why = discovery.limits.length ? `; ${discovery.limits.join('; ')}` : ' (no .env files, docker-compose files or Kubernetes workloads)';
    throw new ConfigError('MANIFEST_NOT_FOUND', `no concord.yaml in "${root}" or above, and no services to discover there${why}`);
  }
  // A first pass reads each service's sources to learn which variables it has.
  const bare: Manifest = {
    root,
    file: '(discovered)',
    environments: discovery.environments,
    services: discovery.services,
    rules: [],
    providers: {},
    accept: [],
  };
  const fp = new Fingerprinter();
  const vars = new Map<string, Set<string>>();
  for (const env of discovery.environments) {
    const model = await buildModel(bare, env, files, fp);
    for (const [name, svc] of model.services) for (const k of svc.vars.keys()) vars.set(name, (vars.get(name) ?? new Set()).add(k));
  }
  // Without a manifest every variable is a setting: tens of thousands would take minutes to compare.
  for (const [name, set] of vars) {
    if (set.size > LIMITS.serviceVariables) {
      throw new ConfigError(
        'LIMIT_EXCEEDED',
        `service "${name}" has more than ${LIMITS.serviceVariables} variables, each a setting without a manifest: name the settings to compare in a concord.yaml`,
      );
    }
  }
  return { manifest: discoveredManifest(root, discovery, (spec) => [...(vars.get(spec.name) ?? [])].sort()), discovery, files };
}
