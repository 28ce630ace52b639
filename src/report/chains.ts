import type { CodeChain, CodeLink, CodeWarning } from '../code/types.js';
import { maskCredentials } from '../present/index.js';
import { isSecretName } from '../resolve/secret-names.js';

/**
 * Chains as they may be shown: a literal fallback of a secret-like variable becomes its
 * fingerprint (it is where the JWT incident hid), and credentials inside any other literal (a
 * default database URL) are masked. Both the pretty and the JSON form are built from this.
 */
export function maskChains(chains: CodeChain[], fingerprint: (v: string) => string): MaskedChain[] {
  return chains.map((c) => {
    const secret = c.links.some((l) => l.kind === 'var' && isSecretName(l.name)) || (c.target !== undefined && isSecretName(c.target));
    return {
      ...c,
      links: c.links.map((l): MaskedLink => {
        if (l.kind !== 'literal') return l;
        return secret ? { kind: 'literal', fingerprint: fingerprint(l.value), line: l.line } : { ...l, value: maskCredentials(l.value) };
      }),
    };
  });
}

type MaskedLink = Exclude<CodeLink, { kind: 'literal' }> | { kind: 'literal'; value: string; line: number } | { kind: 'literal'; fingerprint: string; line: number };
export type MaskedChain = Omit<CodeChain, 'links'> & { links: MaskedLink[] };

/** `concord chains` for people: one line per chain, each link in order. */
export function formatChains(r: { files: number; chains: MaskedChain[]; warnings: CodeWarning[] }): string {
  const out: string[] = [];
  let file = '';
  for (const c of r.chains) {
    if (c.file !== file) {
      file = c.file;
      out.push('', file);
    }
    const where = [c.function && `${c.function}()`, c.target && `→ ${c.target}`].filter(Boolean).join(' ');
    out.push(`  ${String(c.line).padStart(4)}  ${c.links.map(show).join(' → ')}${where ? `   (${where})` : ''}`);
  }
  for (const w of r.warnings) out.push(`warning: ${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}`);
  out.push('', `${r.chains.length} chain${r.chains.length === 1 ? '' : 's'} in ${r.files} file${r.files === 1 ? '' : 's'}`);
  return `${out.join('\n').replace(/^\n/, '')}\n`;
}

function show(l: MaskedLink): string {
  if (l.kind === 'var') return l.name;
  if (l.kind === 'ref') return l.ref;
  return 'fingerprint' in l ? `literal ${l.fingerprint} (line ${l.line})` : JSON.stringify(l.value);
}
