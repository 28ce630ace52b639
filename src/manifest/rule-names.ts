import { readFileSync } from 'node:fs';

/** What an option of a rule names, so the loader can check the name exists. */
export type NameKind = 'setting' | 'settings' | 'service' | 'services' | 'setting-or-literal';

const COMMON_NAMES: Record<string, NameKind> = { setting: 'setting', settings: 'settings', services: 'services' };

let names: Record<string, Record<string, NameKind> | undefined> | undefined;

/**
 * Every option of a rule that names a setting or a service, with what it names. Read from
 * rules/defaults.json (the data file, not src/rules): the manifest layer sits below the rules.
 */
export function namedOptions(ruleId: string): [string, NameKind][] {
  names ??= Object.fromEntries(
    Object.entries(
      JSON.parse(readFileSync(new URL('../../rules/defaults.json', import.meta.url), 'utf8')) as Record<string, { names?: Record<string, NameKind> }>,
    ).map(([id, d]) => [id, d.names]),
  );
  return Object.entries({ ...COMMON_NAMES, ...names[ruleId] });
}
