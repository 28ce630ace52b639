import { displayPath } from '../locate.js';

/** What every part of the page needs: where paths are seen from, and how to link a file:line. */
export interface PageContext {
  /** the manifest's folder from the working directory: paths are shown from there */
  pathPrefix?: string;
  /** a URL with {path} and {line}, e.g. a repository's blob URL: file:line become links */
  linkBase?: string;
}

export function esc(s: string | number | undefined): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** `file:line` as text, or as a link when --link-base is given. */
export function fileLink(ctx: PageContext, file: string | undefined, line: number | undefined): string {
  if (!file) return '';
  const shown = displayPath(file, ctx.pathPrefix);
  const text = `${shown}${line ? `:${line}` : ''}`;
  if (!ctx.linkBase) return `<code class="src">${esc(text)}</code>`;
  const href = ctx.linkBase.replace(/\{path\}/g, shown.split('/').map(encodeURIComponent).join('/')).replace(/\{line\}/g, String(line ?? 1));
  return `<a class="src" href="${esc(href)}"><code>${esc(text)}</code></a>`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function slug(s: string): string {
  return s.replace(/[^a-zA-Z0-9_-]+/g, '-');
}
