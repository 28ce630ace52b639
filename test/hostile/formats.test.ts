import { describe, expect, it } from 'vitest';
import { format } from '../../src/report/index.js';
import { checkFiles } from '../helpers.js';

describe('names from the file system in reports', () => {
  it('SARIF URIs are percent-encoded; text formats escape control characters', async () => {
    const dir = 'my dir\u0007#1';
    const report = await checkFiles({
      'concord.yaml': `version: 1\nservices:\n  a:\n    root: ${JSON.stringify(dir)}\n    env: [.env]\n    settings: { port: [PORT] }\n  b:\n    root: b\n    env: [.env]\n    settings: { port: [PORT] }\n  c:\n    root: c\n    env: [.env]\n    settings: { port: [PORT] }\nrules:\n  - rule: consistent\n    settings: [port]\n`,
      [`${dir}/.env`]: 'PORT=1\n',
      'b/.env': 'PORT=2\n',
      'c/.env': 'PORT=2\n',
    });
    const sarif = JSON.parse(format(report, 'sarif', { color: false }));
    const uris = sarif.runs[0].results.flatMap((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      r.locations.map((l) => l.physicalLocation.artifactLocation.uri),
    );
    expect(uris).toContain('my%20dir%07%231/.env');
    for (const fmt of ['pretty', 'markdown', 'github', 'junit'] as const) {
      const text = format(report, fmt, { color: false });
      expect(text, fmt).not.toContain('\u0007');
      expect(text, fmt).toContain('my dir\\u0007#1');
    }
  });

  it('markdown: a value or a name cannot end its code span, its cell, or open HTML', async () => {
    const report = await checkFiles({
      'concord.yaml':
        'version: 1\nservices:\n  a:\n    root: "a<img src=x>"\n    env: [.env]\n    settings: { api_url: [API_URL] }\n  b:\n    root: b\n    env: [.env]\n    settings: { api_url: [API_URL] }\nrules:\n  - rule: consistent\n    settings: [api_url]\n',
      'a<img src=x>/.env': 'API_URL="x`` <b>bold</b> | y"\n',
      'b/.env': 'API_URL=http://b\n',
    });
    const md = format(report, 'markdown', { color: false });
    expect(md).toContain('``` x`` <b>bold</b> \\| y ```');
    expect(md).toContain('`a<img src=x>/.env:1`');
    // Outside code spans (where markdown renders no HTML) nothing opens a tag.
    expect(md.replace(/(`+) [^\n]*? \1|`[^`\n]*`/g, '')).not.toMatch(/<(img|b)\b/);
  });
});
