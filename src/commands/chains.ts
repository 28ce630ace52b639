import { ChainCache } from '../code/cache.js';
import { findChains } from '../code/find.js';
import type { CodeWarning } from '../code/types.js';
import { Fingerprinter } from '../fingerprint.js';
import { maskChains, type MaskedChain } from '../present/chains.js';

export interface ChainsOptions {
  cwd: string;
  /** where parsed source code is kept between runs; undefined: nowhere */
  cacheDir?: string;
  fingerprintKey?: string;
}

export interface FoundChains {
  files: number;
  chains: MaskedChain[];
  warnings: CodeWarning[];
}

/** `concord chains PATH…`: how the code under those paths reads its settings, values masked. */
export async function chains(paths: string[], options: ChainsOptions): Promise<FoundChains> {
  const found = await findChains(paths, options.cwd, new ChainCache(options.cacheDir));
  const fp = new Fingerprinter(options.fingerprintKey);
  return { ...found, chains: maskChains(found.chains, (v) => fp.fingerprint(v)) };
}
