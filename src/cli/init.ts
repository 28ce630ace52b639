import { existsSync } from 'node:fs';
import path from 'node:path';
import { proposeManifest } from '../commands/init.js';
import { EXIT } from '../errors.js';
import { usage, write, type CliIo, type CliResult } from '../io.js';
import type { FlagValues } from './flags.js';

/** `concord init [DIR]`: writes concord.yaml (never over one, unless --force) and says what is in it. */
export async function runInit(rest: string[], values: FlagValues, io: CliIo): Promise<CliResult> {
  if (rest.length > 1) return usage(`init takes at most one folder, got ${rest.length}`);
  const root = path.resolve(io.cwd, rest[0] ?? '.');
  const target = path.join(root, 'concord.yaml');
  const shown = path.relative(io.cwd, target) || 'concord.yaml';
  if (existsSync(target) && !values.force) return usage(`${shown} exists already (--force replaces it)`);
  const m = await proposeManifest(root);
  write(target, m.text, 'concord.yaml');
  const s = m.settings === 1 ? '' : 's';
  return {
    exitCode: EXIT.ok,
    stdout: '',
    stderr: `concord init: wrote ${shown}: ${m.services} services, ${m.environments} environment(s), ${m.settings} shared setting${s}${m.matchedByValue ? ` (${m.matchedByValue} found by matching values across names)` : ''}, ${m.addresses} address${m.addresses === 1 ? '' : 'es'} of other services${m.remarks ? `, ${m.remarks} remark${m.remarks === 1 ? '' : 's'} left for you to decide` : ''}\n`,
  };
}
