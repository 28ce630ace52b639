/**
 * An env file as `kubectl create configmap --from-env-file` and kustomize's `envs:` read it: one
 * `KEY=value` a line; leading whitespace and `#` lines skipped; the value is everything after the
 * first `=`, quotes and `#` included (no inline comments, no unquoting, no interpolation); a line
 * without `=` takes the variable from the environment; a key that is not a valid variable name or
 * appears twice is an error. Errors name the line, never its text.
 */
export type EnvFileRead = { ok: true; entries: Map<string, { value: string; line: number }> } | { ok: false; line: number; reason: string };

const KEY = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export function readKubectlEnvFile(text: string, env: Record<string, string | undefined> = {}): EnvFileRead {
  const entries = new Map<string, { value: string; line: number }>();
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '').replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (!KEY.test(key)) return { ok: false, line: i + 1, reason: 'not a valid variable name' };
    if (entries.has(key)) return { ok: false, line: i + 1, reason: 'a key defined twice' };
    const value = eq < 0 ? env[key] : line.slice(eq + 1);
    if (value !== undefined) entries.set(key, { value, line: i + 1 });
    else entries.set(key, { value: '', line: i + 1 });
  }
  return { ok: true, entries };
}
