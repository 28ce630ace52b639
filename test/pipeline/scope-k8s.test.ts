import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planScope } from '../../src/pipeline/scope.js';
import { loadManifest } from '../../src/manifest/load.js';
import { RepoFiles } from '../../src/sources/files.js';
import { repo } from '../helpers.js';

describe('pre-commit scope of rendered Kubernetes sources', () => {
  const dir = repo({
    'concord.yaml':
      'version: 1\nenvironments: [staging]\nservices:\n  api:\n    k8s: { kustomize: "k8s/overlays/${env}" }\n    settings: { port: [PORT] }\n  web:\n    k8s: { helm: { chart: charts/web, values: ["values-${env}.yaml"] } }\n    settings: { port: [PORT] }\n  other:\n    env: [.env]\n    settings: { port: [PORT] }\n',
    '.env': 'PORT=1\n',
    'k8s/base/kustomization.yaml': 'resources: [api.yaml]\n',
    'k8s/base/api.yaml': 'kind: Deployment\n',
    'k8s/overlays/staging/kustomization.yaml': 'resources: [../../base]\n',
    'k8s/unrelated/x.yaml': 'kind: ConfigMap\n',
    'charts/web/Chart.yaml': 'name: web\n',
    'charts/web/templates/d.yaml': 'kind: Deployment\n',
    'values-staging.yaml': 'x: 1\n',
  });
  const touched = async (file: string) => {
    const m = loadManifest(path.join(dir, 'concord.yaml'));
    const scope = await planScope(m, [path.join(dir, file)], new RepoFiles(dir));
    return [...scope.touched].sort();
  };
  it.each([
    ['k8s/base/api.yaml', ['api']],
    ['k8s/overlays/staging/kustomization.yaml', ['api']],
    ['k8s/unrelated/x.yaml', []],
    ['charts/web/templates/d.yaml', ['web']],
    ['values-staging.yaml', ['web']],
  ])('a change to %s touches %j', async (file, want) => {
    expect(await touched(file)).toEqual(want);
  });
});
