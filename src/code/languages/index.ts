import type { Language } from '../types.js';
import { go } from './go.js';
import { javascript } from './javascript.js';
import { python } from './python.js';
import { ruby } from './ruby.js';
import type { Spec } from './spec.js';

export type { Spec } from './spec.js';

/**
 * Each language's idioms. These modules hold plain functions over syntax nodes and import
 * web-tree-sitter for its types only: the runtime and the grammars are loaded by ../parse.ts on
 * first use.
 */
export const SPECS: Readonly<Record<Language, Spec>> = { python, typescript: javascript, tsx: javascript, javascript, go, ruby };
