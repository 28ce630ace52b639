import { describe, expect, it } from 'vitest';
import { interpolate, MAX_TEMPLATE_DEPTH } from '../../../src/sources/compose/template.js';

// The mapping compose-go's template tests use: FOO set, BAR set and empty, anything else unset.
const vars: Record<string, string> = { FOO: 'first', BAR: '' };
const lookup = (n: string) => (n in vars ? { value: vars[n]!, source: { kind: 'dotenv', file: '.env', line: n === 'FOO' ? 1 : 2 } } : undefined);
const run = (t: string) => {
  const r = interpolate(t, lookup);
  return 'error' in r ? { error: r.error.kind, ...(r.error.kind === 'required' ? { name: r.error.name } : {}) } : r.value;
};

/** template → what compose makes of it (the expectations of compose-go's template tests, as data) */
const TABLE: [string, string | { error: string; name?: string }][] = [
  ['$${foo}', '${foo}'],
  ['foo', 'foo'],
  ['a $ string', 'a $ string'],
  ['^REGEX$', '^REGEX$'],
  ['$}', '$}'],
  ['$', '$'],
  ['${', { error: 'invalid' }],
  ['${}', { error: 'invalid' }],
  ['${ }', { error: 'invalid' }],
  ['${ foo}', { error: 'invalid' }],
  ['${foo }', { error: 'invalid' }],
  ['${foo!}', { error: 'invalid' }],
  ['$FOO-bar', 'first-bar'],
  ['This ${missing} var', 'This  var'],
  ['This ${BAR} var', 'This  var'],
  ['This $FOO var', 'This first var'],
  ['This ${FOO} var', 'This first var'],
  ['ok ${missing:-def}', 'ok def'],
  ['ok ${missing-def}', 'ok def'],
  ['ok ${BAR:-def}', 'ok def'],
  ['ok ${FOO:-def}', 'ok first'],
  ['ok ${BAR-def}', 'ok '],
  ['ok ${UNSET_VAR:+presence_value}', 'ok '],
  ['ok ${UNSET_VAR+presence_value}', 'ok '],
  ['ok ${FOO:+presence_value}', 'ok presence_value'],
  ['ok ${FOO+presence_value}', 'ok presence_value'],
  ['ok ${BAR+presence_value}', 'ok presence_value'],
  ['ok ${BAR:+presence_value}', 'ok '],
  ['ok ${BAR:-/non:-alphanumeric}', 'ok /non:-alphanumeric'],
  ['-ok ${BAR:-defaultValue}', '-ok defaultValue'],
  ['+ok ${UNSET:-${BAR-defaultValue}}', '+ok '],
  ['-ok ${FOO:-defaultValue}', '-ok first'],
  [':-ok ${UNSET-defaultValue}', ':-ok defaultValue'],
  [':-ok ${BAR-defaultValue}', ':-ok '],
  [':?ok ${BAR-defaultValue}', ':?ok '],
  [':?ok ${BAR:-defaultValue}', ':?ok defaultValue'],
  [':+ok ${BAR:-defaultValue}', ':+ok defaultValue'],
  ['+ok ${BAR-defaultValue}', '+ok '],
  ['?ok ${BAR:-defaultValue}', '?ok defaultValue'],
  ['ok ${UNSET_VAR-$FOO}', 'ok first'],
  ['ok ${UNSET_VAR-${FOO}}', 'ok first'],
  ['ok ${UNSET_VAR-${FOO} ${FOO}}', 'ok first first'],
  ['ok ${BAR:-$FOO}', 'ok first'],
  ['ok ${BAR:-${FOO}}', 'ok first'],
  ['ok ${BAR:-${FOO} ${FOO}}', 'ok first first'],
  ['ok ${BAR+$FOO}', 'ok first'],
  ['ok ${BAR+$FOO ${FOO:+second}}', 'ok first second'],
  ['not ok ${UNSET_VAR:?Mandatory Variable Unset}', { error: 'required', name: 'UNSET_VAR' }],
  ['not ok ${BAR:?Mandatory Variable Empty}', { error: 'required', name: 'BAR' }],
  ['not ok ${UNSET_VAR:?}', { error: 'required', name: 'UNSET_VAR' }],
  ['not ok ${UNSET_VAR?Mandatory Variable Unset}', { error: 'required', name: 'UNSET_VAR' }],
  ['not ok ${UNSET_VAR?}', { error: 'required', name: 'UNSET_VAR' }],
  ['not ok ${UNSET_VAR:?Mandatory Variable ${FOO}}', { error: 'required', name: 'UNSET_VAR' }],
  ['ok ${FOO:?err}', 'ok first'],
  ['ok ${FOO?err}', 'ok first'],
  ['ok ${BAR?err}', 'ok '],
  ['${UNSET_VAR?bar-baz}', { error: 'required', name: 'UNSET_VAR' }],
  ['${UNSET_VAR-myerror?msg}', 'myerror?msg'],
  ['${FOO?bar-baz}', 'first'],
  ['${BAR:-default_value_for_empty_var}', 'default_value_for_empty_var'],
  ['${UNSET_VAR-default_value_for_unset_var}', 'default_value_for_unset_var'],
  // and the forms real compose files use for ports and images
  ['${HTTP_PORT:-8080}:80', '8080:80'],
  ['${A:-${B:-x}}', 'x'],
  ['pa$$word', 'pa$word'],
  ['$1', '$1'],
];

describe('compose interpolation (compose-go template semantics)', () => {
  it.each(TABLE)('%s', (template, want) => expect(run(template)).toEqual(want));

  it('records each variable used and where it was defined, and the plain references left unset', () => {
    const r = interpolate('${FOO}:${NOPE}:${BAR:-x}', lookup);
    expect(r).toMatchObject({ value: 'first::x', unset: ['NOPE'] });
    if ('error' in r) throw new Error('unexpected');
    expect(r.uses.map((u) => [u.name, u.binding?.source?.line])).toEqual([
      ['FOO', 1],
      ['NOPE', undefined],
      ['BAR', 2],
    ]);
  });

  it('refuses nesting beyond its limit instead of recursing without end', () => {
    const deep = '${A:-'.repeat(MAX_TEMPLATE_DEPTH + 5) + 'x' + '}'.repeat(MAX_TEMPLATE_DEPTH + 5);
    expect(run(deep)).toEqual({ error: 'limit' });
    const ok = '${A:-'.repeat(10) + 'x' + '}'.repeat(10);
    expect(run(ok)).toBe('x');
  });
});

describe('defaults are substituted only when used (compose-go)', () => {
  it.each([
    ['${FOO:-${MISSING:?never asked}}', 'first'],
    ['${FOO-${NOT_NEEDED}}', 'first'],
    ['${MISSING:+${NOT_NEEDED}}', ''],
  ])('%s', (t, want) => {
    const r = interpolate(t, lookup);
    expect(r).toMatchObject({ value: want, unset: [] });
  });
});
