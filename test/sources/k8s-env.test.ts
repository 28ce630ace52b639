import { readFileSync } from 'node:fs';
import { parseDocument, type Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { analyzeK8s, chooseWorkload, objectsOf, readContainer } from '../../src/sources/k8s/index.js';
import { readKubectlEnvFile } from '../../src/sources/k8s/env-file.js';
import { expandK8s } from '../../src/sources/k8s/expand.js';
import { kubernetesType } from '../../src/sources/k8s/yaml11.js';
import { parseYaml } from '../../src/sources/yaml-doc.js';

describe('$(VAR) expansion as the kubelet does it', () => {
  const vars = new Map([
    ['HOST', 'db'],
    ['PORT', '5432'],
    ['EMPTY', ''],
  ]);
  it.each([
    ['postgres://$(HOST):$(PORT)/app', 'postgres://db:5432/app'],
    ['$(MISSING)', '$(MISSING)'],
    ['$$(HOST)', '$(HOST)'],
    ['$$$(HOST)', '$db'],
    ['a$(EMPTY)b', 'ab'],
    ['$(HOST', '$(HOST'],
    ['${HOST}', '${HOST}'],
    ['$HOST', '$HOST'],
    ['100$', '100$'],
    ['$()', '$()'],
  ])('%s → %s', (input, want) => {
    expect(expandK8s(input, (n) => vars.get(n))).toBe(want);
  });
});

describe('YAML 1.1 scalars as the API server types them (shared dialect corpus)', () => {
  const corpus = JSON.parse(readFileSync('/work/shared/dialects/yaml-corpus.json', 'utf8')) as { cases: { scalar: string; results: Record<string, string> }[] };
  const cases = corpus.cases.map((c) => {
    // No apiserver cell: kubectl could not even turn the float (±Inf, NaN) into JSON; rejected like a number.
    const api = c.results['apiserver-style json decode into string'] ?? c.results['sigs.k8s.io/yaml YAMLToJSON (kubectl->apiserver)']!;
    const want =
      /unsupported value/.test(api) || /unmarshal number/.test(api) ? 'number' : /unmarshal bool/.test(api) ? 'bool' : api === '""' ? 'null' : 'string';
    return [c.scalar, want] as const;
  });
  it.each(cases)('%s is a %s', (scalar, want) => {
    const doc = parseDocument(`k: ${scalar}\n`);
    const node = (doc.contents as { items: { value: Node }[] }).items[0]!.value;
    expect(kubernetesType(node)).toBe(want);
  });
});

const POD = (env: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: { name: worker, namespace: jobs, labels: { tier: batch } }
spec:
  containers:
    - name: worker
      envFrom:
        - configMapRef: { name: cfg }
          prefix: CFG_
        - secretRef: { name: absent, optional: true }
      env:
${env}
---
apiVersion: v1
kind: ConfigMap
metadata: { name: cfg, namespace: jobs }
data:
  HOST: cache
binaryData:
  BLOB: aGVsbG8=
---
apiVersion: v1
kind: Secret
metadata: { name: creds, namespace: jobs }
data:
  token: ZnJvbS1kYXRh
stringData:
  token: from-string-data
${extra}`;

function envOf(text: string) {
  const a = analyzeK8s(objectsOf([parseYaml(text, 'k8s/worker.yaml')]));
  const chosen = chooseWorkload(a, { service: 'worker' });
  if ('error' in chosen) throw new Error(chosen.error);
  const c = readContainer(a, chosen.w, chosen.c);
  const last = (k: string) => c.entries.filter((e) => e.key === k).at(-1);
  return { a, c, last };
}

describe('a container environment as the pod gets it', () => {
  const { c, last } = envOf(
    POD(`        - { name: URL, value: "redis://$(CFG_HOST):6379" }
        - { name: TOKEN, valueFrom: { secretKeyRef: { name: creds, key: token } } }
        - { name: AUTH, value: "Bearer $(TOKEN)" }
        - { name: NS, valueFrom: { fieldRef: { fieldPath: metadata.namespace } } }
        - { name: TIER, valueFrom: { fieldRef: { fieldPath: "metadata.labels['tier']" } } }
        - { name: URL, value: later-wins }
        - { name: GONE, valueFrom: { configMapKeyRef: { name: nope, key: x, optional: true } } }`),
  );
  it.each([
    ['CFG_HOST', 'cache', 'k8s/worker.yaml', 24],
    ['CFG_BLOB', 'hello', 'k8s/worker.yaml', 26],
    ['TOKEN', 'from-string-data', 'k8s/worker.yaml', 34],
    ['AUTH', 'Bearer from-string-data', 'k8s/worker.yaml', 14],
    ['NS', 'jobs', 'k8s/worker.yaml', 15],
    ['TIER', 'batch', 'k8s/worker.yaml', 16],
    ['URL', 'later-wins', 'k8s/worker.yaml', 17],
  ])('%s = %s at %s:%d', (key, value, file, line) => {
    expect(last(key)).toMatchObject({ value, source: { file, line } });
  });
  it('a value expanded from a secret is a secret; optional references that are missing are skipped', () => {
    expect(last('AUTH')!.fromSecretStore).toBe(true);
    expect(last('GONE')).toBeUndefined();
    expect(c.entries.filter((e) => e.key === 'URL').map((e) => e.value)).toEqual(['redis://cache:6379', 'later-wins']);
  });
  it('a reference to a ConfigMap that is not in the files read is a note, not a crash', () => {
    const { c: c2 } = envOf(POD('        - { name: X, valueFrom: { configMapKeyRef: { name: elsewhere, key: x } } }'));
    expect(c2.notes.map((n) => n.message)).toEqual([
      'pod/worker container worker: ConfigMap "elsewhere" is not among the files read; its keys are not checked',
    ]);
  });
});

describe('kustomize envs: files read as kubectl --from-env-file reads them (shared dialect corpus)', () => {
  const corpus = JSON.parse(readFileSync('/work/shared/dialects/dotenv-corpus.json', 'utf8')) as {
    process_env: Record<string, string>;
    cases: { id: string; input: string; key: string; results: Record<string, unknown> }[];
  };
  it.each(corpus.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const want = c.results['kubectl from-env-file'];
    const got = readKubectlEnvFile(c.input, corpus.process_env);
    if (typeof want === 'object' && want !== null && 'error' in want) expect(got.ok).toBe(false);
    else if (typeof want === 'object' && want !== null && 'unset' in want) expect(got.ok && got.entries.has(c.key)).toBe(false);
    else expect(got.ok && got.entries.get(c.key)?.value).toBe(want);
  });
});
