import { describe, expect, it } from 'vitest';
import { byKey, merge } from '../../../src/sources/compose/merge.js';
import { get, toTree, type Tree } from '../../../src/sources/compose/tree.js';
import { parseYaml } from '../../../src/sources/yaml-doc.js';

const tree = (text: string, file: string) => toTree(parseYaml(text, file), { lookup: () => undefined, issues: [] });

/** A tree without positions; list-or-map fields of a service shown as compose-go shows them after a merge. */
function plain(t: Tree | undefined, field = ''): unknown {
  if (!t) return undefined;
  if (['environment', 'labels'].includes(field)) return Object.fromEntries([...byKey(t).entries].map(([k, v]) => [k, plain(v)]));
  if (t.kind === 'scalar') return t.value;
  if (t.kind === 'seq') return t.items.map((i) => plain(i));
  return Object.fromEntries([...t.entries].map(([k, v]) => [k, plain(v, k)]));
}

const service = (base: string, override: string) => plain(get(merge(tree(base, 'a.yaml'), tree(override, 'b.yaml')), 'services'));

// Base, override and the merged service as compose-go's own override/merge tests expect them.
const TABLE: [string, string, string, Record<string, unknown>][] = [
  [
    'environment as lists: appended by name, empty and bare kept',
    'services:\n  test:\n    image: foo\n    environment: [FOO=BAR]\n',
    'services:\n  test:\n    environment: [QIX=ZOT, EMPTY=, NIL]\n',
    { test: { image: 'foo', environment: { FOO: 'BAR', QIX: 'ZOT', EMPTY: '', NIL: null } } },
  ],
  [
    'environment as maps',
    'services:\n  test:\n    image: foo\n    environment: { FOO: BAR }\n',
    'services:\n  test:\n    environment: { EMPTY: "", NIL: null, QIX: ZOT }\n',
    { test: { image: 'foo', environment: { FOO: 'BAR', EMPTY: '', NIL: null, QIX: 'ZOT' } } },
  ],
  [
    'environment map then list',
    'services:\n  test:\n    image: foo\n    environment: { FOO: BAR }\n',
    'services:\n  test:\n    environment: [QIX=ZOT]\n',
    { test: { image: 'foo', environment: { FOO: 'BAR', QIX: 'ZOT' } } },
  ],
  [
    'environment: the override wins for the same name',
    'services:\n  test:\n    environment: { FOO: 1 }\n',
    'services:\n  test:\n    environment: { FOO: 3 }\n',
    { test: { environment: { FOO: '3' } } },
  ],
  [
    'command and entrypoint replaced whole',
    'services:\n  test:\n    command: [a, b]\n    entrypoint: [x]\n',
    'services:\n  test:\n    command: [c]\n    entrypoint: [y, z]\n',
    { test: { command: ['c'], entrypoint: ['y', 'z'] } },
  ],
  [
    'healthcheck.test replaced, its other keys merged',
    'services:\n  test:\n    healthcheck: { test: [CMD, a], interval: 5s }\n',
    'services:\n  test:\n    healthcheck: { test: [CMD, b] }\n',
    { test: { healthcheck: { test: ['CMD', 'b'], interval: '5s' } } },
  ],
  [
    'ports, expose and dns appended without duplicates',
    'services:\n  test:\n    ports: ["8080:80"]\n    expose: ["9000"]\n    dns: [8.8.8.8]\n',
    'services:\n  test:\n    ports: ["8080:80", "8443:443"]\n    expose: ["9000", "9001"]\n    dns: [8.8.8.8, 1.1.1.1]\n',
    { test: { ports: ['8080:80', '8443:443'], expose: ['9000', '9001'], dns: ['8.8.8.8', '1.1.1.1'] } },
  ],
  [
    'env_file appended without duplicates',
    'services:\n  test:\n    env_file: [a.env]\n',
    'services:\n  test:\n    env_file: [a.env, b.env]\n',
    { test: { env_file: ['a.env', 'b.env'] } },
  ],
  [
    'labels merged by name',
    'services:\n  test:\n    labels: [a=1, b=2]\n',
    'services:\n  test:\n    labels: { b: "3", c: "4" }\n',
    { test: { labels: { a: '1', b: '3', c: '4' } } },
  ],
  [
    'networks: list and map merged by name, aliases appended',
    'services:\n  test:\n    networks: { front: { aliases: [a] } }\n',
    'services:\n  test:\n    networks: { front: { aliases: [b] }, back: {} }\n',
    { test: { networks: { front: { aliases: ['a', 'b'] }, back: {} } } },
  ],
  [
    'scalars replaced, new services added',
    'services:\n  test:\n    image: foo\n',
    'services:\n  test:\n    image: bar\n  other:\n    image: baz\n',
    { test: { image: 'bar' }, other: { image: 'baz' } },
  ],
  [
    'a service named like a special field is still a service',
    'services:\n  command:\n    image: a\n    environment: [X=1]\n',
    'services:\n  command:\n    environment: [Y=2]\n',
    { command: { image: 'a', environment: { X: '1', Y: '2' } } },
  ],
];

describe('compose merge rules (compose-go override/merge expectations)', () => {
  it.each(TABLE)('%s', (_name, base, override, expected) => expect(service(base, override)).toEqual(expected));

  it('keeps each merged value at the line of the file it came from', () => {
    const merged = merge(
      tree('services:\n  test:\n    environment:\n      A: base\n      B: base\n', 'a.yaml'),
      tree('services:\n  test:\n    environment:\n      B: over\n', 'b.yaml'),
    );
    const env = byKey(get(merged, 'services', 'test', 'environment')!);
    expect([...env.entries].map(([k, v]) => [k, v.file, v.line])).toEqual([
      ['A', 'a.yaml', 4],
      ['B', 'b.yaml', 4],
    ]);
  });
});

describe('compose merge tags', () => {
  it('!reset removes what earlier files set, !override replaces it whole', () => {
    const merged = service(
      'services:\n  test:\n    environment: { PORT: "8080", DEBUG: "true" }\n    ports: ["80", "81"]\n    labels: [a=1]\n',
      'services:\n  test:\n    environment: !override { PORT: "9090" }\n    ports: !reset []\n    labels: !reset null\n',
    );
    expect(merged).toEqual({ test: { environment: { PORT: '9090' } } });
  });
});
