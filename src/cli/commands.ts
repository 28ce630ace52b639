import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChains } from '../code/find.js';
import { proposeSettings, renderManifest } from '../discover/init.js';
import { zeroConfigManifest } from '../discover/zero-config.js';
import { audit } from '../commands/audit.js';
import { defaultCacheDir } from '../commands/check.js';
import { explain } from '../commands/explain.js';
import { EXIT } from '../errors.js';
import { exitCodeForStatus } from '../present/index.js';
import { Fingerprinter } from '../fingerprint.js';
import { formatChains, maskChains } from '../report/chains.js';
import { formatExplanation } from '../report/explain.js';
import { findManifest } from '../manifest/find.js';
import { formatAuditHtml } from '../report/html.js';
import { LIMITS } from '../limits.js';
import { escapeDeep } from '../printable.js';
import { usage, write, type CliIo, type CliResult } from '../io.js';
import { VERSION } from '../version.js';
import { calendarDay, positiveInt, shownFolder, useColor } from './shared.js';

// The commands besides `check`, each `(rest, values, io) → CliResult`.

export async function runExplain(
  rest: string[],
  values: { env?: string; config?: string; format?: string[]; offline?: boolean; timeout?: string; color?: boolean; 'no-color'?: boolean },
  io: CliIo,
): Promise<CliResult> {
  const [setting, dir, ...extra] = rest;
  if (!setting) return usage('explain needs a setting: concord explain jwt_secret [DIR]');
  if (extra.length > 0) return usage(`explain takes a setting and at most one folder`);
  const fmt = values.format?.at(-1) ?? 'pretty';
  if (fmt !== 'pretty' && fmt !== 'json') return usage(`explain writes pretty or json, not "${fmt}"`);
  const timeoutMs = positiveInt(values.timeout, '--timeout', LIMITS.timeoutMs);
  if (typeof timeoutMs === 'string') return usage(timeoutMs);
  const e = await explain({
    cwd: io.cwd,
    dir,
    config: values.config,
    environment: values.env,
    setting,
    fingerprintKey: io.env.CONCORD_FINGERPRINT_KEY,
    offline: values.offline === true,
    timeoutMs,
    env: io.env,
  });
  const color = useColor(io, values['no-color'] === true ? false : values.color, false);
  const pathPrefix = prefixFrom(io.cwd, dir, values.config);
  return { exitCode: EXIT.ok, stdout: fmt === 'json' ? `${JSON.stringify(e, null, 2)}\n` : formatExplanation(escapeDeep(e), { color, pathPrefix }), stderr: '' };
}

export async function runAudit(
  rest: string[],
  values: { config?: string; format?: string[]; output?: string[]; offline?: boolean; timeout?: string; concurrency?: string; now?: string; 'link-base'?: string },
  io: CliIo,
): Promise<CliResult> {
  if (rest.length > 1) return usage(`audit takes at most one folder, got ${rest.length}`);
  const linkBase = values['link-base'];
  if (linkBase !== undefined && !/^https?:\/\/\S+$/.test(linkBase)) return usage(`--link-base takes an http(s) URL with {path} (and {line}), not "${linkBase}"`);
  if (linkBase !== undefined && !linkBase.includes('{path}')) return usage('--link-base needs {path} where the file goes, e.g. https://github.com/ORG/REPO/blob/main/{path}#L{line}');
  const fmt = values.format?.at(-1) ?? 'html';
  if (fmt !== 'html' && fmt !== 'json') return usage(`audit writes html or json, not "${fmt}"`);
  const timeoutMs = positiveInt(values.timeout, '--timeout', LIMITS.timeoutMs);
  const concurrency = positiveInt(values.concurrency, '--concurrency', LIMITS.concurrency);
  if (typeof timeoutMs === 'string') return usage(timeoutMs);
  if (typeof concurrency === 'string') return usage(concurrency);
  const now = calendarDay(values.now, '--now');
  if (typeof now === 'string') return usage(now);
  const a = await audit({
    cwd: io.cwd,
    dir: rest[0],
    config: values.config,
    fingerprintKey: io.env.CONCORD_FINGERPRINT_KEY,
    offline: values.offline === true,
    timeoutMs,
    concurrency,
    env: io.env,
    now,
  });
  // Paths on the page are seen from the working directory, as in every other format.
  const pathPrefix = prefixFrom(io.cwd, rest[0], values.config);
  const text = fmt === 'json' ? `${JSON.stringify(a, null, 2)}\n` : formatAuditHtml(escapeDeep(a), { pathPrefix, linkBase });
  const file = values.output?.at(-1);
  if (file) write(path.resolve(io.cwd, file), text, file);
  const exitCode = exitCodeForStatus(a.status);
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const summary = `concord audit: ${n(a.summary.errors, 'error')}, ${n(a.summary.warnings, 'warning')} in ${n(a.summary.environments, 'environment')}${file ? ` → ${file}` : ''}\n`;
  return { exitCode, stdout: file ? '' : text, stderr: file ? summary : '' };
}

/** The manifest's folder (or, without one, the folder checked) as seen from the working directory: report paths start there. */
function prefixFrom(cwd: string, dir: string | undefined, config: string | undefined): string {
  let folder: string;
  try {
    folder = path.dirname(findManifest({ cwd, dir, config }));
  } catch {
    folder = path.resolve(cwd, dir ?? '.');
  }
  return shownFolder(cwd, folder);
}

export async function runChains(rest: string[], values: { format?: string[]; 'cache-dir'?: string; 'no-cache'?: boolean }, io: CliIo): Promise<CliResult> {
  const fmt = values.format?.at(-1) ?? 'pretty';
  if (fmt !== 'pretty' && fmt !== 'json') return usage(`chains writes pretty or json, not "${fmt}"`);
  const cacheDir = values['no-cache'] ? undefined : values['cache-dir'] ? path.resolve(io.cwd, values['cache-dir']) : defaultCacheDir(io.cwd);
  const { ChainCache } = await import('../code/cache.js');
  const found = await findChains(rest, io.cwd, new ChainCache(cacheDir, VERSION));
  const fp = new Fingerprinter(io.env.CONCORD_FINGERPRINT_KEY);
  const shown = { ...found, chains: maskChains(found.chains, (v) => fp.fingerprint(v)) };
  const stdout = fmt === 'json' ? `${JSON.stringify(shown, null, 2)}\n` : formatChains(escapeDeep(shown));
  const stderr = fmt === 'json' ? escapeDeep(found.warnings).map((w) => `concord: warning: ${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}\n`).join('') : '';
  return { exitCode: EXIT.ok, stdout, stderr };
}

export async function runInit(rest: string[], values: { force?: boolean }, io: CliIo): Promise<CliResult> {
  if (rest.length > 1) return usage(`init takes at most one folder, got ${rest.length}`);
  const root = path.resolve(io.cwd, rest[0] ?? '.');
  const target = path.join(root, 'concord.yaml');
  if (existsSync(target) && !values.force) return usage(`${path.relative(io.cwd, target) || 'concord.yaml'} exists already (--force replaces it)`);
  const { manifest, discovery, files } = await zeroConfigManifest(root);
  const { proposals, remarks } = await proposeSettings(manifest, files);
  // Editors resolve the schema relative to the manifest: the installed package's copy, else ours.
  const installed = path.join(root, 'node_modules/concord-cli/schemas/concord.schema.json');
  const schema = existsSync(installed)
    ? 'node_modules/concord-cli/schemas/concord.schema.json'
    : path.relative(root, fileURLToPath(new URL('../../schemas/concord.schema.json', import.meta.url))).split(path.sep).join('/');
  write(target, renderManifest(discovery, proposals, schema, remarks), 'concord.yaml');
  const drift = proposals.filter((p) => new Set([...p.chains.values()].flat()).size > 1);
  return {
    exitCode: EXIT.ok,
    stdout: '',
    stderr: `concord init: wrote ${path.relative(io.cwd, target) || 'concord.yaml'}: ${discovery.services.length} services, ${discovery.environments.length} environment(s), ${proposals.length} setting${proposals.length === 1 ? '' : 's'}${drift.length ? ` (${drift.length} found by matching values across names)` : ''}${remarks.length ? `, ${remarks.length} shared name${remarks.length === 1 ? '' : 's'} with different values left for you to decide` : ''}\n`,
  };
}
