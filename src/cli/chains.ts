import path from 'node:path';
import { chains } from '../commands/chains.js';
import { EXIT } from '../errors.js';
import { usage, type CliIo, type CliResult } from '../io.js';
import { escapeDeep } from '../printable.js';
import { defaultCacheDir } from '../project/open.js';
import { formatChains } from '../report/chains.js';
import type { FlagValues } from './flags.js';
import { oneFormat } from './options.js';

/** `concord chains PATH…`: the chains to stdout; with JSON, the warnings to stderr. */
export async function runChains(rest: string[], values: FlagValues, io: CliIo): Promise<CliResult> {
  const fmt = oneFormat(values, 'chains', ['pretty', 'json'], 'pretty');
  if (fmt !== 'pretty' && fmt !== 'json') return usage(fmt);
  const cacheDir = values['no-cache'] ? undefined : values['cache-dir'] ? path.resolve(io.cwd, values['cache-dir']) : defaultCacheDir(io.cwd);
  const found = await chains(rest, { cwd: io.cwd, cacheDir, fingerprintKey: io.env.CONCORD_FINGERPRINT_KEY });
  const stdout = fmt === 'json' ? `${JSON.stringify(found, null, 2)}\n` : formatChains(escapeDeep(found));
  const stderr =
    fmt === 'json'
      ? escapeDeep(found.warnings)
          .map((w) => `concord: warning: ${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}\n`)
          .join('')
      : '';
  return { exitCode: EXIT.ok, stdout, stderr };
}
