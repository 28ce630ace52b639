import type { CodeWarning } from '../code/types.js';
import type { MaskedChain, MaskedLink } from '../present/chains.js';

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
