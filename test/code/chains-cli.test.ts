import { describe, expect, it } from 'vitest';
import { cli, repo } from '../helpers.js';

const LITERAL = '7SVLKvh7mJNeF6njiRJMoZpUWLya3NfsvJfRHPc0';

describe('concord chains', () => {
  const dir = repo({
    'e2e/helper.py': `import os\nsecret = os.environ.get("JWT_SECRET_STAGING") or os.getenv("JWT_SECRET_KEY", "${LITERAL}")\nport = os.getenv("PORT", "8080")\n`,
    'worker/src/config.ts': "export const url = process.env.AUTH_URL ?? 'http://auth:8080';\n",
    'node_modules/dep/index.js': 'module.exports = process.env.IGNORED;\n',
    'broken/x.go': 'package main\nfunc f() { a := os.Getenv("A"\n',
  });

  it('lists every chain by file, secret literals by fingerprint only', () => {
    const r = cli(['chains', '.', '--format', 'pretty'], { cwd: dir, env: { CONCORD_FINGERPRINT_KEY: 'k' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('e2e/helper.py\n     2  JWT_SECRET_STAGING → JWT_SECRET_KEY → literal hmac:');
    expect(r.stdout).toContain('     3  PORT → "8080"   (→ port)');
    expect(r.stdout).toContain('worker/src/config.ts\n     1  AUTH_URL → "http://auth:8080"   (→ url)');
    expect(r.stdout).toMatch(/warning: broken\/x\.go:\d+: has a syntax error/);
    expect(r.stdout).not.toContain('IGNORED');
    expect(r.stdout).not.toContain(LITERAL);
  });

  it('writes JSON, the secret literal masked', () => {
    const r = cli(['chains', 'e2e', 'worker', '--format', 'json'], { cwd: dir });
    const out = JSON.parse(r.stdout);
    expect(out.files).toBe(2);
    expect(out.chains[0]).toMatchObject({ file: 'e2e/helper.py', line: 2, language: 'python', target: 'secret' });
    expect(out.chains[0].links[2]).toEqual({ kind: 'literal', fingerprint: expect.stringMatching(/^hmac:/), line: 2 });
    expect(r.stdout).not.toContain(LITERAL);
  });
});

describe('the chain cache', () => {
  it('keeps parsed chains by content hash and reads them back on the next run', async () => {
    const { readdirSync, readFileSync, writeFileSync, appendFileSync } = await import('node:fs');
    const path = await import('node:path');
    const dir = repo({ 'a.py': 'import os\nx = os.getenv("A", "d")\n' });
    const cache = path.join(dir, '.cache');
    const run = () => JSON.parse(cli(['chains', '.', '--format', 'json', '--cache-dir', cache], { cwd: dir }).stdout);
    expect(run().chains[0].links.map((l: { name?: string }) => l.name)).toEqual(['A', undefined]);
    const [file] = readdirSync(cache);
    expect(file).toMatch(/^code-chains-2-/);
    // Tamper with the cached entry: the next run reads it instead of parsing a.py again.
    const data = JSON.parse(readFileSync(path.join(cache, file!), 'utf8'));
    const key = Object.keys(data)[0]!;
    data[key].chains[0].links[0].name = 'FROM_CACHE';
    writeFileSync(path.join(cache, file!), JSON.stringify(data));
    expect(run().chains[0].links[0].name).toBe('FROM_CACHE');
    // Another content is another key.
    appendFileSync(path.join(dir, 'a.py'), '# edited\n');
    expect(run().chains[0].links[0].name).toBe('A');
  });
});
