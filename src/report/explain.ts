import type { Explanation } from './explain-types.js';
import type { Provenance } from '../model.js';
import { displayPath, interpolatedFrom } from './locate.js';

const STATE: Record<string, string> = { taken: '← taken', unset: 'not set', empty: 'empty', 'not-reached': 'not reached' };

/** `concord explain` for people: each service's chain, link by link, where each value came from. */
export function formatExplanation(
  e: Explanation,
  options: { color: boolean /** the manifest's folder from the working directory */; pathPrefix?: string },
): string {
  const where = (src: Source) => whereFrom(src, options.pathPrefix);
  const paint = (code: number, s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out = [
    `${paint(1, e.setting)} · ${e.environment} · ${e.values} value${e.values === 1 ? '' : 's'} among ${e.services.length} service${e.services.length === 1 ? '' : 's'}`,
    '',
  ];
  for (const s of e.services) {
    const head = s.link === null ? paint(31, 'resolves to nothing') : `${s.fingerprint ?? s.value ?? ''} via link ${s.link}/${s.chainLength}`;
    out.push(
      `${s.class ? `${s.class} ` : ''}${paint(1, s.service)}${s.secret ? ' (secret)' : ''}: ${head}${s.ref ? ` from ${s.ref}${s.refProblem ? ` (not read: ${s.refProblem})` : ''}` : ''}`,
    );
    const rows: string[][] = [];
    for (const l of s.links) {
      const first = l.occurrences.at(-1);
      rows.push([
        `${l.index}`,
        l.kind === 'var' ? l.name : `${l.name}${l.kind === 'setting' ? ' (setting)' : ''}`,
        STATE[l.state] ?? l.state,
        first ? where(first.source) : '',
        first ? (first.fingerprint ?? first.value ?? '') : '',
      ]);
      for (const o of l.occurrences.slice(0, -1).reverse()) rows.push(['', '', 'overridden', where(o.source), o.fingerprint ?? o.value ?? '']);
    }
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) {
      const line = r
        .map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c))
        .join('  ')
        .trimEnd();
      out.push(`   ${r[2] === '← taken' ? line : paint(2, line)}`);
    }
    if (s.reader) out.push(paint(2, `   ${readerLine(s.reader)}`));
    const y = s.reader?.yaml;
    if (y) out.push(paint(2, `   YAML read as ${y.reader}: ${y.why} (${y.file}${y.line ? `:${y.line}` : ''})`));
    out.push('');
  }
  return `${out.join('\n')}`;
}

function readerLine(r: NonNullable<Explanation['services'][number]['reader']>): string {
  const why =
    r.assumed === 'platform'
      ? 'assumed (no evidence in its folder): the reader most services of the platform use'
      : r.assumed
        ? "assumed (no service shows which dotenv library it uses): concord's default"
        : `${r.why}${r.file ? ` (${r.file}${r.line ? `:${r.line}` : ''})` : ''}`;
  return `files read as ${r.dialect} (${r.readers}): ${why}`;
}

type Source = { kind: string; file?: string; line?: number; ref?: string; dialect?: string; vars?: Provenance['vars'] };

function whereFrom(src: Source, prefix: string | undefined): string {
  const kind = src.dialect ? `${src.kind}, read as ${src.dialect}` : src.kind;
  const vars = src.vars?.map((v) => (v.file ? { ...v, file: displayPath(v.file, prefix) } : v));
  return (src.file ? `${displayPath(src.file, prefix)}${src.line ? `:${src.line}` : ''} (${kind})` : kind) + interpolatedFrom(vars);
}
