import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.js';
import { proposeSettings, renderManifest } from '../discover/init.js';
import { zeroConfigManifest } from '../discover/zero-config.js';

export interface ProposedManifest {
  /** concord.yaml's text */
  text: string;
  services: number;
  environments: number;
  /** settings shared by several services (each judged by a consistent rule) */
  settings: number;
  /** addresses of other services a client holds, each a setting of its own */
  addresses: number;
  /** settings found by matching values across different variable names */
  matchedByValue: number;
  /** what init saw but left for people to decide (a shared name with different values…) */
  remarks: number;
}

/**
 * `concord init`: a manifest for the services discovered under `root`, with the settings they
 * share. Always from discovery: it is what writes the manifest a later run would find.
 */
export async function proposeManifest(root: string): Promise<ProposedManifest> {
  if (!existsSync(root)) throw new ConfigError('USAGE', `no such folder: "${root}"`);
  const { manifest, discovery, files } = await zeroConfigManifest(root);
  const { proposals, remarks } = await proposeSettings(manifest, files);
  // Editors resolve the schema relative to the manifest: the installed package's copy, else ours.
  const installed = path.join(root, 'node_modules/concord-cli/schemas/concord.schema.json');
  const schema = existsSync(installed)
    ? 'node_modules/concord-cli/schemas/concord.schema.json'
    : path
        .relative(root, fileURLToPath(new URL('../../schemas/concord.schema.json', import.meta.url)))
        .split(path.sep)
        .join('/');
  return {
    text: renderManifest(discovery, proposals, schema, remarks),
    services: discovery.services.length,
    environments: discovery.environments.length,
    settings: proposals.filter((p) => !p.edge).length,
    addresses: proposals.filter((p) => p.edge).length,
    matchedByValue: proposals.filter((p) => new Set([...p.chains.values()].flat()).size > 1).length,
    remarks: remarks.length,
  };
}
