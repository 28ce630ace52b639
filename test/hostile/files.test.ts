import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { repo } from '../helpers.js';

// Root ignores file permissions, and CI runs as root: EACCES is simulated at the fs boundary.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const denied = (p: unknown) => String(p).endsWith(`${path.sep}denied.env`);
  const eacces = () => Object.assign(new Error('EACCES: permission denied, open'), { code: 'EACCES' });
  return {
    ...fs,
    readFileSync: ((p: unknown, ...rest: unknown[]) => {
      if (denied(p)) throw eacces();
      return (fs.readFileSync as (...a: unknown[]) => unknown)(p, ...rest);
    }) as typeof fs.readFileSync,
  };
});

describe('an unreadable file', () => {
  it('is a SourceError naming the file, never an internal error or "absent"', async () => {
    const { RepoFiles } = await import('../../src/sources/files.js');
    const dir = repo({ 'denied.env': 'A=1\n' });
    const files = new RepoFiles(dir);
    expect(() => files.read(files.ref('.', 'denied.env'), { optional: true, from: { file: 'concord.yaml', line: 4 } })).toThrow(
      expect.objectContaining({ code: 'FILE_NOT_FOUND', message: 'concord.yaml:4: "denied.env" cannot be read: permission denied' }),
    );
  });
});
