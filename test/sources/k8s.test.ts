import { describe, expect, it } from 'vitest';
import { analyzeK8s, chooseWorkload, objectsOf, readContainer } from '../../src/sources/k8s/index.js';
import { parseYaml } from '../../src/sources/yaml-doc.js';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: sidecar
          image: envoy
        - name: api
          image: api
          envFrom:
            - configMapRef: { name: api-config }
            - secretRef: { name: api-secrets }
              prefix: S_
          env:
            - name: LOG_LEVEL
              value: debug
            - name: JWT_SECRET
              valueFrom:
                secretKeyRef: { name: api-secrets, key: jwt }
          ports:
            - containerPort: 8080
              name: http
          livenessProbe:
            httpGet: { path: /healthz, port: http }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: api-config, namespace: shop }
data:
  LOG_LEVEL: info
  REGION: eu
---
apiVersion: v1
kind: Secret
metadata: { name: api-secrets, namespace: shop }
data:
  jwt: c2VjcmV0LXZhbHVlLTEyMw==
stringData:
  plain: hello
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata: { name: api, namespace: shop }
spec:
  selector: { app: api }
  ports:
    - port: 80
      targetPort: http
---
apiVersion: v1
kind: Service
metadata: { name: other }
spec:
  selector: { app: other }
  ports: [{ port: 81 }]
`;

function load(container?: string) {
  const a = analyzeK8s(objectsOf([parseYaml(DEPLOY, 'deploy/api.yaml'), parseYaml(SERVICE, 'deploy/svc.yaml')]));
  const chosen = chooseWorkload(a, { service: 'api', container });
  if ('error' in chosen) throw new Error(chosen.error);
  return { a, c: readContainer(a, chosen.w, chosen.c) };
}

describe('Kubernetes workloads', () => {
  it('merges envFrom then env, env winning, with values from ConfigMaps and decoded Secrets', () => {
    const { c } = load();
    const last = (k: string) => c.entries.filter((e) => e.key === k).at(-1);
    expect(last('LOG_LEVEL')).toMatchObject({ value: 'debug', source: { kind: 'k8s', file: 'deploy/api.yaml', line: 20 } });
    expect(last('REGION')).toMatchObject({ value: 'eu', source: { kind: 'k8s-configmap', line: 35 } });
    expect(last('JWT_SECRET')).toMatchObject({
      value: 'secret-value-123',
      fromSecretStore: true,
      source: { kind: 'k8s-secret', file: 'deploy/api.yaml', line: 41 },
    });
    expect(last('S_plain')).toMatchObject({ value: 'hello', fromSecretStore: true });
  });

  it('picks the container named like the workload, and collects its ports with named probe ports', () => {
    expect(load().c.ports.map((p) => [p.port, p.via])).toEqual([
      [8080, 'containerPort'],
      [8080, 'livenessProbe'],
    ]);
  });

  it('finds the Services selecting the pod, with port → targetPort, in every DNS form', () => {
    const names = load().c.hostNames;
    expect(names.map((h) => h.name)).toEqual(['api', 'api.shop', 'api.shop.svc', 'api.shop.svc.cluster.local']);
    expect(names[0]!.servicePorts).toEqual([{ port: 80, targetPort: 8080, source: { kind: 'k8s', file: 'deploy/svc.yaml', line: 7 } }]);
  });

  it('reports a Service that selects no workload on its line, as a warning when nothing is near (its pods may come from elsewhere)', () => {
    expect(load().a.problems).toEqual([
      {
        messageId: 'selectsNothing',
        subject: 'Service/other',
        data: { service: 'other', selector: 'app=other' },
        source: { kind: 'k8s', file: 'deploy/svc.yaml', line: 12 },
        severity: 'warning',
      },
    ]);
  });

  it('says why there is no workload', () => {
    const a = analyzeK8s(objectsOf([parseYaml(DEPLOY, 'deploy/api.yaml')]));
    expect(chooseWorkload(a, { service: 'missing' })).toEqual({ error: 'no workload named "missing"' });
    expect(chooseWorkload(a, { service: 'x', workload: 'statefulset/api' })).toEqual({ error: 'no workload "statefulset/api"' });
  });

  it('a workload defined again in another file (a variant in the same folder) is one workload, the later one', () => {
    const variant = DEPLOY.split('---')[0]!
      .replace('image: api\n', 'image: api:v2\n')
      .replace('- name: LOG_LEVEL\n              value: debug', '- name: LOG_LEVEL\n              value: trace');
    const a = analyzeK8s(
      objectsOf([
        parseYaml(DEPLOY, 'deploy/api.yaml'),
        parseYaml(variant, 'deploy/api-v2.yaml'),
        parseYaml(SERVICE.replace('targetPort: http', 'targetPort: 9090'), 'deploy/svc.yaml'),
      ]),
    );
    expect(a.workloads.map((w) => w.id)).toEqual(['deployment/api']);
    expect(a.problems.map((p) => [p.messageId, p.data.workloads])).toEqual([
      ['targetPortUnbound', 'deployment/api'],
      ['selectsNothing', undefined],
    ]);
    const chosen = chooseWorkload(a, { service: 'api' });
    if ('error' in chosen) throw new Error(chosen.error);
    expect(
      readContainer(a, chosen.w, chosen.c)
        .entries.filter((e) => e.key === 'LOG_LEVEL')
        .at(-1),
    ).toMatchObject({ value: 'trace', source: { file: 'deploy/api-v2.yaml' } });
  });

  it.each([
    [
      'a List',
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: apps/v1\n    kind: StatefulSet\n    metadata: { name: db }\n    spec:\n      template:\n        spec:\n          containers: [{ name: db, env: [{ name: X, value: "1" }] }]\n',
      'statefulset/db',
      'db',
    ],
    [
      'a CronJob',
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: nightly }\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{ name: run, env: [{ name: X, value: "1" }] }]\n',
      'cronjob/nightly',
      'run',
    ],
    [
      'a Job with an init container',
      'apiVersion: batch/v1\nkind: Job\nmetadata: { name: migrate }\nspec:\n  template:\n    spec:\n      initContainers: [{ name: wait }]\n      containers: [{ name: main, env: [{ name: X, value: "1" }] }]\n',
      'job/migrate',
      'main',
    ],
    [
      'a Job named by generateName (a hook)',
      'apiVersion: batch/v1\nkind: Job\nmetadata: { generateName: upgrade-schema- }\nspec:\n  template:\n    spec:\n      containers: [{ name: upgrade, env: [{ name: X, value: "1" }] }]\n',
      'job/upgrade-schema',
      'upgrade',
    ],
    [
      'a DaemonSet',
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: agent }\nspec:\n  template:\n    spec:\n      containers: [{ name: agent, env: [{ name: X, value: "1" }] }]\n',
      'daemonset/agent',
      'agent',
    ],
  ])('reads %s', (_name, text, id, container) => {
    const a = analyzeK8s(objectsOf([parseYaml(text, 'k.yaml')]));
    expect(a.workloads.map((w) => w.id)).toEqual([id]);
    const chosen = chooseWorkload(a, { service: 'svc', workload: id });
    if ('error' in chosen) throw new Error(chosen.error);
    expect(chosen.c.name).toBe(container);
    expect(readContainer(a, chosen.w, chosen.c).entries.map((e) => [e.key, e.value])).toEqual([['X', '1']]);
  });
});
