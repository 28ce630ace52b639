import type { CodeChain, CodeLink } from '../code/types.js';
import { isSecretName } from '../resolve/secret-names.js';
import { maskCredentials } from './credentials.js';

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

export type MaskedLink =
  | Exclude<CodeLink, { kind: 'literal' }>
  | { kind: 'literal'; value: string; line: number }
  | { kind: 'literal'; fingerprint: string; line: number };
export type MaskedChain = Omit<CodeChain, 'links'> & { links: MaskedLink[] };
