import { explainProject } from '../commands/explain.js';
import { EXIT } from '../errors.js';
import { usage, type CliIo, type CliResult } from '../io.js';
import { escapeDeep } from '../printable.js';
import { openProject } from '../project/open.js';
import { formatExplanation } from '../report/explain.js';
import type { FlagValues } from './flags.js';
import { colorOf, oneFormat, projectFlags, shownFolder } from './options.js';

/** `concord explain SETTING [DIR]` */
export async function runExplain(rest: string[], values: FlagValues, io: CliIo): Promise<CliResult> {
  const [setting, dir, ...extra] = rest;
  if (!setting) return usage('explain needs a setting: concord explain jwt_secret [DIR]');
  if (extra.length > 0) return usage(`explain takes a setting and at most one folder`);
  const fmt = oneFormat(values, 'explain', ['pretty', 'json'], 'pretty');
  if (fmt !== 'pretty' && fmt !== 'json') return usage(fmt);
  const flags = projectFlags(dir, values, io);
  if (typeof flags === 'string') return usage(flags);
  const project = await openProject(flags);
  const e = await explainProject(project, { environment: values.env, setting });
  const pathPrefix = shownFolder(io.cwd, project.manifest.root);
  return {
    exitCode: EXIT.ok,
    stdout: fmt === 'json' ? `${JSON.stringify(e, null, 2)}\n` : formatExplanation(escapeDeep(e), { color: colorOf(values, io), pathPrefix }),
    stderr: '',
  };
}
