import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentKey, readCached, versionedName, writeCached } from '../../src/cache/disk.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'concord-disk-'));
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('the disk cache', () => {
  it('reads back what it wrote, by name, and nothing under another name', () => {
    const dir = tmp();
    writeCached(dir, `manifest-${contentKey('a: 1')}`, { data: { a: 1 } });
    expect(readCached(dir, `manifest-${contentKey('a: 1')}`)).toEqual({ data: { a: 1 } });
    expect(readCached(dir, `manifest-${contentKey('a: 2')}`)).toBeUndefined();
  });

  it('writes whole files and leaves no temporary file behind', () => {
    const dir = path.join(tmp(), 'node_modules', '.cache', 'concord');
    writeCached(dir, 'manifest-x', 1);
    expect(readdirSync(dir)).toEqual(['manifest-x.json']);
  });

  it('puts concord’s version in every key and name', () => {
    expect(contentKey('text')).toBe(createHash('sha256').update(version).update('\0').update('text').digest('hex').slice(0, 32));
    expect(contentKey('text')).not.toBe(contentKey('text', ''));
    expect(versionedName('code-chains-2')).toBe(`code-chains-2-${version}`);
  });

  it('without a folder (--no-cache) reads and writes nothing', () => {
    expect(readCached(undefined, 'manifest-x')).toBeUndefined();
    expect(() => writeCached(undefined, 'manifest-x', 1)).not.toThrow();
  });

  it('treats an unreadable file as a miss and an unwritable folder as no cache', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'manifest-x.json'), '{ not json');
    expect(readCached(dir, 'manifest-x')).toBeUndefined();
    const file = path.join(dir, 'a-file');
    writeFileSync(file, '');
    expect(() => writeCached(path.join(file, 'sub'), 'manifest-x', 1)).not.toThrow();
    expect(existsSync(path.join(file, 'sub'))).toBe(false);
  });
});
