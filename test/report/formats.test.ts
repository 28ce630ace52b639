import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { cli, repo } from '../helpers.js';

const require = createRequire(import.meta.url);
// The SARIF 2.1.0 schema as Microsoft's SARIF SDK ships it (draft-04).
const sarifSchema = JSON.parse(
  readFileSync(path.join(path.dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
);
// ajv-draft-04 is CommonJS with a default export: reach the class either way.
const Ajv04 = ((Ajv04Module as unknown as { default?: unknown }).default ?? Ajv04Module) as typeof Ajv04Module.default;
const validateSarif = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false }).compile(sarifSchema);

const example = (format: string, extra: string[] = []) => cli(['check', 'examples/platform', '--format', format, ...extra]);

describe('sarif', () => {
  const log = JSON.parse(example('sarif').stdout);

  it('describes each rule: one line, its documentation, a help link and its default level', () => {
    const rules = log.runs[0].tool.driver.rules as {
      id: string;
      shortDescription: { text: string };
      fullDescription: { text: string };
      helpUri: string;
      help: { markdown: string };
      defaultConfiguration: { level: string };
    }[];
    const portMatch = rules.find((r) => r.id === 'port-match')!;
    expect(portMatch.helpUri).toMatch(/^https:\/\/unpkg\.com\/concord-cli@[^/]+\/docs\/rules\/port-match\.md$/);
    expect(portMatch.fullDescription.text).toContain('listens on');
    expect(portMatch.help.markdown).toContain('## How to fix');
    expect(rules.find((r) => r.id === 'chain-divergence')!.defaultConfiguration.level).toBe('warning');
    for (const r of rules) expect(r.helpUri, r.id).toBeDefined();
  });

  it('is valid SARIF 2.1.0', () => {
    expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  it('locates each result where the diverging value is defined, relative to where concord runs', () => {
    const results = log.runs[0].results;
    const consistent = results.find((r: { ruleId: string }) => r.ruleId === 'consistent');
    expect(consistent.level).toBe('error');
    expect(consistent.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'examples/platform/services/e2e/.env.staging', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3 },
    });
    expect(
      consistent.relatedLocations.map((l: { physicalLocation: { artifactLocation: { uri: string } } }) => l.physicalLocation.artifactLocation.uri),
    ).toEqual([
      'examples/platform/deploy/staging/auth.yaml',
      'examples/platform/services/backend/.env.staging',
      'examples/platform/services/worker/.env.staging',
    ]);
    const pair = results.find((r: { ruleId: string }) => r.ruleId === 'pair');
    expect(pair.locations[0].physicalLocation.artifactLocation.uri).toBe('examples/platform/services/peer-client/.env.staging');
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain('port-match');
  });
});

describe('junit', () => {
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(example('junit').stdout);
  const suite = xml.testsuites.testsuite;
  const cases = [suite.testcase].flat() as { classname: string; name: string; file?: string; line?: string; failure?: unknown }[];

  it('parses back, with one test case per rule × subject × environment', () => {
    expect(Number(suite.tests)).toBe(cases.length);
    const names = cases.map((c) => `${c.classname} ${c.name}`);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('concord.consistent jwt_secret (staging)');
    expect(names).toContain('concord.secret-strength session_secret (staging)');
  });

  it('fails exactly the cases with error findings, pointing at the file and line', () => {
    const failed = cases.filter((c) => c.failure);
    expect(Number(suite.failures)).toBe(failed.length);
    expect(failed.map((c) => c.classname).sort()).toEqual([
      'concord.consistent',
      'concord.hardcoded-fallback',
      'concord.no-literal-fallback',
      'concord.pair',
      'concord.port-match',
      'concord.port-match',
      'concord.port-match',
      'concord.required',
    ]);
    expect(cases.find((c) => c.classname === 'concord.consistent')).toMatchObject({ file: 'examples/platform/services/e2e/.env.staging', line: '3' });
    // Passing checks are test cases too.
    expect(cases.find((c) => c.name === 'kubernetes_server (staging)')?.failure).toBeUndefined();
  });
});

describe('markdown and github', () => {
  it('markdown: a status line, a summary table and one diff table per finding', () => {
    const md = example('markdown').stdout;
    expect(md).toMatch(/^### concord · staging · ❌ inconsistent\n/);
    expect(md).toContain(
      '| ❌ | `consistent` | jwt_secret | auth, backend, worker, e2e | jwt_secret differs across services: 2 different values among 4 services |',
    );
    expect(md).toMatch(/\| B \| e2e \| `hmac:[0-9a-f]{12}` \| `examples\/platform\/services\/e2e\/\.env\.staging:3` \| JWT_SECRET_KEY 2\/3 \|/);
  });

  it('github: one annotation per finding on the odd one out, escaped as the toolkit does', () => {
    const lines = example('github').stdout.trim().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(
      /^::error file=examples\/platform\/services\/e2e\/\.env\.staging,line=3,title=concord consistent jwt_secret::jwt_secret differs across services: 2 different values among 4 services%0Aauth \(A\): hmac:/,
    );
    expect(lines.filter((l) => l.startsWith('::warning'))).toHaveLength(2);
    expect(lines.every((l) => !l.slice(2).includes('\n'))).toBe(true);
  });
});

describe('outputs', () => {
  it('writes several formats at once, one of them to stdout', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'concord-out-'));
    const r = cli([
      'check',
      'examples/platform',
      '--format',
      'json',
      '--output',
      path.join(dir, 'a.json'),
      '--format',
      'sarif',
      '--output',
      path.join(dir, 'a.sarif'),
      '--format',
      'github',
    ]);
    expect(r.status).toBe(1);
    expect(JSON.parse(readFileSync(path.join(dir, 'a.json'), 'utf8')).status).toBe('fail');
    expect(JSON.parse(readFileSync(path.join(dir, 'a.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(r.stdout).toMatch(/^::error /);
  });

  it.each([
    [['--format', 'json', '--format', 'sarif'], /only one format can go to stdout/],
    [['--output', 'a', '--output', 'b'], /2 --output files for 1 --format/],
    [['--max-warnings', 'x'], /--max-warnings takes a whole number/],
  ])('refuses %j', (args, message) => {
    const r = cli(['check', 'examples/platform-consistent', ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('--max-warnings turns too many warnings into exit 1', () => {
    expect(cli(['check', 'examples/platform-consistent', '--max-warnings', '1']).status).toBe(0);
    const r = cli(['check', 'examples/platform-consistent', '--max-warnings', '0']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('concord: 1 warning, more than --max-warnings 0\n');
  });

  it('appends the markdown summary to $GITHUB_STEP_SUMMARY when it is set', () => {
    const summary = path.join(repo({ keep: '' }), 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    cli(['check', 'examples/platform', '--format', 'json'], { env: { GITHUB_STEP_SUMMARY: summary } });
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# earlier step\n### concord · staging · ❌ inconsistent')).toBe(true);
  });
});
