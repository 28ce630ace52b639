import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { byRule, cli, repo } from '../helpers.js';
import { stringify } from 'yaml';

// The fixtures use `patches:` (kustomize v3+); Debian's old kubernetes-client embeds kustomize v2.
const kubectlVersion = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).stdout ?? '';
const hasKubectl = Number(/Kustomize Version: v(\d+)/.exec(kubectlVersion)?.[1] ?? 0) >= 4;
if (!hasKubectl) console.warn('NOTE: kubectl with kustomize v4 or later is not on PATH: the Kustomize rendering tests are skipped here; CI has it (.ci/run)');

/** A base with a configMapGenerator (`envs:`), a Service named like the Deployment, and one overlay per environment patching PORT. */
function overlayRepo(stagingPort: string, url = 'http://stg-api/'): Record<string, string> {
  const patch = (port: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          env:\n            - name: PORT\n              value: "${port}"\n`;
  return {
    'concord.yaml': `version: 1
environments: [staging, production]
services:
  api:
    k8s: { kustomize: "k8s/overlays/\${env}" }
    listens: [port]
    settings:
      port: [PORT]
      log_level: [LOG_LEVEL]
  web:
    env: [web.env]
    settings:
      api_url: [API_URL]
rules:
  - rule: port-match
  - rule: k8s-manifest
`,
    'web.env': `API_URL=${url}\n`,
    'k8s/base/kustomization.yaml': 'resources:\n  - api.yaml\nconfigMapGenerator:\n  - name: api-config\n    envs: [api.env]\n',
    'k8s/base/api.env': '# read the kubectl way: no inline comments, quotes kept\nLOG_LEVEL=info\nQUOTED="kept" # not a comment\n',
    'k8s/base/api.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          envFrom:
            - configMapRef: { name: api-config }
          env:
            - name: PORT
              value: "8080"
          ports:
            - { containerPort: 8080, name: http }
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: { app: api }
  ports:
    - { port: 80, targetPort: http }
`,
    'k8s/overlays/staging/kustomization.yaml': 'namePrefix: stg-\nresources:\n  - ../../base\npatches:\n  - path: port.yaml\n',
    'k8s/overlays/staging/port.yaml': patch(stagingPort),
    'k8s/overlays/production/kustomization.yaml': 'resources:\n  - ../../base\n',
  };
}

describe.skipIf(!hasKubectl)('Kustomize overlays, rendered with the real kubectl kustomize', () => {
  it('checks the rendered overlay end to end: a client through the prefixed Service, values located in the base, the patch and the generator file', () => {
    const dir = repo(overlayRepo('9090'));
    const r = cli(['check', dir, '--env', 'staging', '--format', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    // PORT is patched to 9090 in staging while the container still declares 8080.
    expect(byRule(report, 'port-match')).toEqual([
      expect.objectContaining({
        messageId: 'claimsDisagree',
        services: ['api'],
        locations: ['api@k8s/overlays/staging/port.yaml:12', 'api@k8s/base/api.yaml:18'],
      }),
      expect.objectContaining({ messageId: 'serviceTarget', services: ['api', 'web'] }),
    ]);
    const explain = JSON.parse(cli(['explain', 'log_level', '--config', path.join(dir, 'concord.yaml'), '--env', 'staging', '--format', 'json']).stdout);
    expect(JSON.stringify(explain)).toContain('"file":"k8s/base/api.env","line":2');
  });

  it('passes the overlay that agrees with itself', () => {
    const r = cli(['check', repo(overlayRepo('8080')), '--env', 'staging', '--format', 'json']);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    expect(r.status).toBe(0);
  });

  it('an overlay whose remote base cannot be reached is not rendered: exit 3, not bad input', () => {
    const files = overlayRepo('8080');
    // A loopback address nothing listens on: the refusal is immediate and nothing leaves the machine.
    files['k8s/overlays/staging/kustomization.yaml'] = 'resources:\n  - ../../base\n  - http://127.0.0.1:1/remote.yaml\n';
    const r = cli(['check', repo(files), '--env', 'staging', '--format', 'json']);
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout).incomplete).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('k8s/overlays/staging was not rendered (kubectl kustomize could not reach a remote resource)'),
      }),
    ]);
  });

  it('a broken overlay is bad input (exit 2) with the overlay named and nothing of the files quoted', () => {
    const files = overlayRepo('8080');
    files['k8s/overlays/staging/kustomization.yaml'] = 'resources:\n  - ../../base\n  - missing-s3cr3t-file.yaml\n';
    const r = cli(['check', repo(files), '--env', 'staging']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('k8s/overlays/staging/kustomization.yaml');
    expect(r.stderr).toContain('could not render the overlay');
    expect(r.stderr).not.toContain('s3cr3t');
  });
  it('zero-config: overlays that turn one base into a DaemonSet or a StatefulSet are variants of one service, located in the base', () => {
    // Modelled on a demo whose overlays replace `kind` with JSON patches; files are `.yml`.
    const deploy = (name: string, env: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 1\n  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} } }\n    spec:\n      containers:\n        - name: ${name}-svc\n          env:\n${env}          ports:\n            - { containerPort: 8080, name: grpc }\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}-svc\nspec:\n  selector: { app: ${name} }\n  ports:\n    - { port: 8080, targetPort: 8080 }\n`;
    const variant = (kind: string) => ({
      [`k/${kind.toLowerCase()}/kustomization.yml`]: `resources:\n  - ../base\npatches:\n  - target: { kind: Deployment }\n    path: patch.yml\n`,
      [`k/${kind.toLowerCase()}/patch.yml`]: `- op: replace\n  path: /kind\n  value: ${kind}\n- op: remove\n  path: /spec/replicas\n`,
    });
    const dir = repo({
      'k/base/kustomization.yml': 'resources:\n  - web.yml\n  - voting.yml\n',
      'k/base/web.yml': deploy('web', '            - name: VOTING_HOST\n              value: voting-svc:8088\n'),
      'k/base/voting.yml': deploy('voting', '            - name: PORT\n              value: "8080"\n'),
      ...variant('DaemonSet'),
      ...variant('StatefulSet'),
    });
    const r = cli(['check', dir, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.summary.services).toBe(2);
    expect(byRule(report, 'port-match')).toEqual([
      expect.objectContaining({ messageId: 'noServicePort', services: ['voting', 'web'], locations: ['web@k/base/web.yml:15', 'voting@k/base/voting.yml:26'] }),
    ]);
    expect(r.status).toBe(1);
  });
  it('zero-config: a Service problem seen only through an overlay is reported under the service of its workload, found in other files', () => {
    // Modelled on a repository with plain manifests of an app and overlays over bases of the same app.
    const deploy =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: backend }\nspec:\n  template:\n    metadata: { labels: { app: backend } }\n    spec:\n      containers:\n        - name: backend\n          ports: [{ containerPort: 9999, name: grpc }]\n';
    const dir = repo({
      'plain/backend.yaml': deploy,
      'bases/backend/kustomization.yaml': 'resources: [deployment.yaml, service.yaml]\n',
      'bases/backend/deployment.yaml': deploy,
      'bases/backend/service.yaml':
        'apiVersion: v1\nkind: Service\nmetadata: { name: backend }\nspec:\n  selector: { app: backend }\n  ports:\n    - port: 9999\n      targetPort: grpcx\n',
      'bases/cache/kustomization.yaml': 'resources: [cache.yaml]\n',
      'bases/cache/cache.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: cache }\nspec:\n  template:\n    spec:\n      containers: [{ name: redis }]\n',
      'overlays/dev/kustomization.yaml': 'namespace: dev\nresources: [../../bases/backend, ../../bases/cache]\n',
    });
    const report = JSON.parse(cli(['check', dir, '--format', 'json']).stdout);
    expect(report.environment).toBe('dev');
    expect(byRule(report, 'k8s-manifest')).toEqual([
      expect.objectContaining({ messageId: 'targetPortUnnamed', services: ['backend'], locations: ['backend@bases/backend/service.yaml:8'] }),
    ]);
  });
});

describe('renderers missing or faked', () => {
  it('without kubectl or kustomize on PATH, the overlay is reported as not rendered and the run is incomplete (exit 3)', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'concord-nopath-'));
    const r = cli(['check', repo(overlayRepo('8080')), '--env', 'staging', '--format', 'json'], { env: { PATH: empty } });
    expect(r.status).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.status).toBe('incomplete');
    expect(report.incomplete).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^Kustomize overlay k8s\/overlays\/staging was not rendered \(kubectl kustomize or kustomize build is not on PATH\)/),
      }),
    ]);
  });

  // helm is not installable on this project's machines (not in Debian, not on npm): the chart path is
  // tested with a small fake `helm` on PATH that prints a fixed rendering, as `helm template` would.
  function fakeHelm(rendered: string): string {
    const bin = mkdtempSync(path.join(tmpdir(), 'concord-fake-helm-'));
    writeFileSync(path.join(bin, 'helm'), `#!/bin/sh\n[ "$1" = template ] || exit 64\ncat <<'EOF'\n${rendered}EOF\n`);
    chmodSync(path.join(bin, 'helm'), 0o755);
    return bin;
  }
  const chartRepo = () =>
    repo({
      'concord.yaml': stringify({
        version: 1,
        services: {
          web: { k8s: { helm: { chart: 'chart', values: ['values-prod.yaml'] }, workload: 'deployment/web' }, settings: { port: ['PORT'] }, listens: ['port'] },
        },
        rules: [{ rule: 'port-match' }, { rule: 'k8s-manifest' }],
      }),
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'chart/templates/deployment.yaml': 'kind: Deployment\n# a Go template: not YAML concord reads itself\n{{ .Values.x }}\n',
      'values-prod.yaml': 'x: 1\n',
    });
  const RENDERED = `---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          env:
            - { name: PORT, value: "8080" }
          ports:
            - { containerPort: 8080, name: http }
---
# Source: web/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports:
    - { port: 80, targetPort: htttp }
`;

  it('renders a Helm chart with helm template when helm is on PATH; findings point at the template', () => {
    const r = cli(['check', chartRepo(), '--format', 'json'], { env: { PATH: `${fakeHelm(RENDERED)}:/usr/bin:/bin` } });
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(byRule(report, 'k8s-manifest')).toEqual([
      expect.objectContaining({ messageId: 'targetPortUnnamed', services: ['web'], locations: ['web@chart/templates/service.yaml:'] }),
    ]);
    // A template has no line for a rendered value: the rendered object is named instead.
    expect(report.findings[0].services[0].source).toEqual({ kind: 'k8s', file: 'chart/templates/service.yaml', object: 'Service/web' });
  });

  it('passes the values files of the environment to helm template, in order, with the release and namespace', () => {
    // The fake echoes its arguments into the rendered env, so what helm was asked is visible.
    const bin = mkdtempSync(path.join(tmpdir(), 'concord-fake-helm-'));
    writeFileSync(
      path.join(bin, 'helm'),
      `#!/bin/sh\nARGS=""\nfor a in "$@"; do case "$a" in /*) a=$(basename "$a");; esac; ARGS="$ARGS $a"; done\ncat <<EOF\n---\n# Source: web/templates/d.yaml\nkind: Deployment\nmetadata: { name: web }\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          env: [{ name: HELM_ARGS, value: "$ARGS" }]\nEOF\n`,
    );
    chmodSync(path.join(bin, 'helm'), 0o755);
    const dir = repo({
      'concord.yaml': stringify({
        version: 1,
        environments: ['staging', 'production'],
        services: {
          web: {
            k8s: { helm: { chart: 'chart', values: ['values.yaml', 'values-${env}.yaml'], release: 'shop' }, namespace: 'apps' },
            settings: { args: ['HELM_ARGS'] },
          },
        },
      }),
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'values.yaml': 'a: 1\n',
      'values-staging.yaml': 'a: 2\n',
      'values-production.yaml': 'a: 3\n',
    });
    for (const env of ['staging', 'production']) {
      const r = cli(['explain', 'args', dir, '--env', env, '--format', 'json'], { env: { PATH: `${bin}:/usr/bin:/bin` } });
      expect(r.stdout).toContain(`" template shop chart --namespace apps --values values.yaml --values values-${env}.yaml"`);
    }
  });

  it('without helm, the chart is reported as not rendered: exit 3', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'concord-nopath-'));
    const r = cli(['check', chartRepo(), '--format', 'json'], { env: { PATH: empty } });
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout).incomplete).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^Helm chart chart was not rendered \(helm template is not on PATH\)/) }),
    ]);
  });

  it('zero-config names a chart it cannot render as a service, even beside a workload of its name, so the run says so and exits 3', () => {
    const dir = repo({
      'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'charts/web/templates/deployment.yaml': 'kind: Deployment\n',
      'k8s/web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec:\n  template:\n    spec:\n      containers: [{ name: web }]\n',
    });
    mkdirSync(path.join(dir, 'empty-bin'));
    const r = cli(['check', dir, '--format', 'json'], { env: { PATH: path.join(dir, 'empty-bin') } });
    expect(r.status).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.summary.services).toBe(2);
    expect(report.incomplete).toEqual([
      expect.objectContaining({ services: ['web-chart'], message: expect.stringContaining('Helm chart charts/web was not rendered') }),
    ]);
  });
});
