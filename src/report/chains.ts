import type { CodeChain, CodeLink, CodeWarning } from '../code/types.js';
import { isSecretName } from '../resolve/secret-names.js';

/**
 * `concord chains` for people: one line per chain, each link in order. A literal fallback of a
 * secret-like variable is never printed — it is where the JWT incident hid — only its line.
 */
export function formatChains(r: { files: number; chains: CodeChain[]; warnings: CodeWarning[] }, fingerprint: (v: string) => string): string {
  const out: string[] = [];
  let file = '';
  for (const c of r.chains) {
    if (c.file !== file) {
      file = c.file;
      out.push('', file);
    }
    const secret = c.links.some((l) => l.kind === 'var' && isSecretName(l.name)) || (c.target !== undefined && isSecretName(c.target));
    const where = [c.function && `${c.function}()`, c.target && `→ ${c.target}`].filter(Boolean).join(' ');
    out.push(`  ${String(c.line).padStart(4)}  ${c.links.map((l) => show(l, secret, fingerprint)).join(' → ')}${where ? `   (${where})` : ''}`);
  }
  for (const w of r.warnings) out.push(`warning: ${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}`);
  out.push('', `${r.chains.length} chain${r.chains.length === 1 ? '' : 's'} in ${r.files} file${r.files === 1 ? '' : 's'}`);
  return `${out.join('\n').replace(/^\n/, '')}\n`;
}

function show(l: CodeLink, secret: boolean, fingerprint: (v: string) => string): string {
  if (l.kind === 'var') return l.name;
  if (l.kind === 'ref') return l.ref;
  return secret ? `literal ${fingerprint(l.value)} (line ${l.line})` : JSON.stringify(l.value);
}

/** The JSON form: secret literals replaced by their fingerprint. */
export function maskChains(chains: CodeChain[], fingerprint: (v: string) => string): unknown[] {
  return chains.map((c) => {
    const secret = c.links.some((l) => l.kind === 'var' && isSecretName(l.name)) || (c.target !== undefined && isSecretName(c.target));
    return { ...c, links: c.links.map((l) => (l.kind === 'literal' && secret ? { kind: 'literal', fingerprint: fingerprint(l.value), line: l.line } : l)) };
  });
}
