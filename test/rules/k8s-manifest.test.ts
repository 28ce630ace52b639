import k8sManifest from '../../src/rules/k8s-manifest.js';
import { manifest, ruleTester } from './rule-tester.js';

/** A Deployment `api` whose container names port 8080 `http`, and a Service `api` in front of it. */
function api(servicePorts: string, extraEnv = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  template:
    metadata: { labels: { app: api } }
    spec:
      initContainers:
        - name: migrate
          image: migrate
      containers:
        - name: api
          ports: [{ containerPort: 8080, name: http }]
          env:
            - name: MODE
              value: "fast"${extraEnv}
        - name: proxy
          ports: [{ containerPort: 15001, name: proxy }]
---
apiVersion: v1
kind: Service
metadata: { name: api }
spec:
  selector: { app: api }
  ports:
${servicePorts}
`;
}
const concord = manifest({ services: { api: { k8s: { files: 'k8s/api.yaml' } } }, rules: [{ rule: 'k8s-manifest' }] });

ruleTester(k8sManifest, [
  {
    name: 'passes a Service forwarding to a named port, a number a container binds, or a sidecar port',
    files: {
      'concord.yaml': concord,
      'k8s/api.yaml': api('    - { port: 80, targetPort: http }\n    - { port: 8080 }\n    - { port: 15001, targetPort: proxy }'),
    },
    expect: [],
  },
  {
    name: 'a named targetPort no selected container declares is an error on its line, even when no setting calls it',
    files: {
      'concord.yaml': concord,
      'k8s/api.yaml': api('    - port: 80\n      targetPort: htp'),
    },
    expect: [{ messageId: 'targetPortUnnamed', services: ['api'], locations: ['api@k8s/api.yaml:27'] }],
  },
  {
    name: 'a numeric targetPort no selected container binds is an error on its line',
    files: {
      'concord.yaml': concord,
      'k8s/api.yaml': api('    - { port: 80, targetPort: 8081 }'),
    },
    expect: [{ messageId: 'targetPortUnbound', services: ['api'], locations: ['api@k8s/api.yaml:26'] }],
  },
  {
    name: 'a Service selecting no workload, one typo away from one, is an error on its name',
    files: {
      'concord.yaml': concord,
      'k8s/api.yaml': `${api('    - { port: 80, targetPort: http }')}---\nkind: Service\nmetadata:\n  name: orphan\nspec:\n  selector: { app: apii }\n  ports: [{ port: 80 }]\n`,
    },
    expect: [{ messageId: 'selectsNothingNear', severity: 'error', services: ['api'], locations: ['api@k8s/api.yaml:30'] }],
  },
  {
    name: 'a Service selecting pods nothing in the files resembles (an operator deploys them) is a warning',
    files: {
      'concord.yaml': concord,
      'k8s/api.yaml': `${api('    - { port: 80, targetPort: http }')}---\nkind: Service\nmetadata:\n  name: exporter\nspec:\n  selector: { app.kubernetes.io/name: gpu-exporter }\n  ports: [{ port: 9400 }]\n`,
    },
    expect: [{ messageId: 'selectsNothing', severity: 'warning', services: ['api'], locations: ['api@k8s/api.yaml:30'] }],
  },
  {
    name: 'values YAML 1.1 makes booleans or numbers, where Kubernetes wants strings, are errors at their line',
    files: {
      'concord.yaml': concord,
      'k8s/api.yaml': `${api('    - { port: 80, targetPort: http }', '\n            - name: PORT\n              value: 8080\n            - name: DEBUG\n              value: on\n            - name: UMASK\n              value: "0755"\n            - name: WHEN\n              value: 1:30')}---\nkind: ConfigMap\nmetadata: { name: cfg }\ndata:\n  RETRIES: 3\n  FLAG: yes\n  OK: "yes"\n`,
    },
    expect: [
      { messageId: 'notString', services: ['api'], locations: ['api@k8s/api.yaml:18'] },
      { messageId: 'notString', services: ['api'], locations: ['api@k8s/api.yaml:20'] },
      { messageId: 'notString', services: ['api'], locations: ['api@k8s/api.yaml:39'] },
      { messageId: 'notString', services: ['api'], locations: ['api@k8s/api.yaml:40'] },
    ],
  },
]);
