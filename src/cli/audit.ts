import path from 'node:path';
import { auditProject } from '../commands/audit.js';
import { usage, write, type CliIo, type CliResult } from '../io.js';
import { exitCodeForStatus } from '../present/index.js';
import { escapeDeep } from '../printable.js';
import { openProject } from '../project/open.js';
import type { FlagValues } from './flags.js';
import { oneFormat, projectFlags, shownFolder } from './options.js';

/** `concord audit [DIR]`: the HTML page (or JSON) to stdout or --output, a one-line summary with a file. */
export async function runAudit(rest: string[], values: FlagValues, io: CliIo): Promise<CliResult> {
  if (rest.length > 1) return usage(`audit takes at most one folder, got ${rest.length}`);
  const linkBase = values['link-base'];
  if (linkBase !== undefined && !/^https?:\/\/\S+$/.test(linkBase))
    return usage(`--link-base takes an http(s) URL with {path} (and {line}), not "${linkBase}"`);
  if (linkBase !== undefined && !linkBase.includes('{path}'))
    return usage('--link-base needs {path} where the file goes, e.g. https://github.com/ORG/REPO/blob/main/{path}#L{line}');
  const fmt = oneFormat(values, 'audit', ['html', 'json'], 'html');
  if (fmt !== 'html' && fmt !== 'json') return usage(fmt);
  const flags = projectFlags(rest[0], values, io);
  if (typeof flags === 'string') return usage(flags);
  const project = await openProject(flags);
  const a = await auditProject(project, { now: flags.now });
  // Paths on the page are seen from the working directory, as in every other format.
  const pathPrefix = shownFolder(io.cwd, project.manifest.root);
  // The page's renderer is only loaded when a page is asked for.
  const text =
    fmt === 'json' ? `${JSON.stringify(a, null, 2)}\n` : (await import('../report/html.js')).formatAuditHtml(escapeDeep(a), { pathPrefix, linkBase });
  const file = values.output?.at(-1);
  if (file) write(path.resolve(io.cwd, file), text, file);
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const summary = `concord audit: ${n(a.summary.errors, 'error')}, ${n(a.summary.warnings, 'warning')} in ${n(a.summary.environments, 'environment')}${file ? ` → ${file}` : ''}\n`;
  return { exitCode: exitCodeForStatus(a.status), stdout: file ? '' : text, stderr: file ? summary : '' };
}
